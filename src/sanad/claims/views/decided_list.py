"""The decisions of a period (issue 20): the list behind the claims' indicators, each figure's link opens it
with the figure's period and dimensions. Pages by key, oldest decided first; `?export=csv|xlsx` downloads
the filtered list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.claims.models import FileDecision
from sanad.claims.selectors.decided import (
    WHO,
    WHO_NAMES,
    decision_list_decided,
    decisions_export_decided,
)
from sanad.claims.views.fund_forms import DecidedFilterForm
from sanad.claims.views.review_context import nav_context
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import capability_required
from sanad.common.templatetags.sanad import local_name

# Lazy: each page and export names who decided in its reader's language.
_WHO = {source: WHO_NAMES[key] for key, source in WHO.items()}
_CENT = Decimal("0.01")

EXPORT_HEADER = (
    gettext_lazy("Invoice number"),
    gettext_lazy("Facility code"),
    gettext_lazy("Facility"),
    gettext_lazy("Care type"),
    gettext_lazy("Received on"),
    gettext_lazy("Decided on"),
    gettext_lazy("Days from receipt"),
    gettext_lazy("Decided"),
    gettext_lazy("Outcome"),
    gettext_lazy("Billed"),
    gettext_lazy("Fund share"),
    gettext_lazy("Penalty"),
    gettext_lazy("Rejected lines"),
    gettext_lazy("Amount rejected"),
)


def _cents(value: Any) -> Decimal:
    # SQLite may give a sum as a float or an int: back to exact cents.
    return Decimal(str(value or 0)).quantize(_CENT)


def _days(decision: FileDecision) -> int | None:
    received = decision.billing_file.received_on
    return None if received is None else (decision.decided_on - received).days


def _export_row(decision: Any) -> list[Any]:
    billing_file = decision.billing_file
    return [
        billing_file.invoice_number,
        billing_file.facility.code,
        local_name(billing_file.facility),
        billing_file.care_sheet.get_care_type_display(),
        billing_file.received_on,
        decision.decided_on,
        _days(decision),
        _WHO.get(decision.source, ""),
        decision.get_status_display(),
        decision.billed,
        decision.fund_share,
        decision.penalty,
        decision.rejected_lines,
        _cents(decision.rejected_amount),
    ]


@login_required
@capability_required("claims.view")
def decided_list(request: Any):
    """Decisions of a period: the file, its facility, the days from receipt, who decided and the amounts."""
    form = DecidedFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(d) for d in decisions_export_decided(user=request.user, filters=filters))
        return export_response(
            fmt=fmt, title=_("Files decided"), header=EXPORT_HEADER, rows=rows, day=timezone.localdate()
        )
    page = decision_list_decided(
        user=request.user,
        filters=filters,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    rows = [
        {
            "decision": decision,
            "file": decision.billing_file,
            "days": _days(decision),
            "who": _WHO.get(decision.source, ""),
            "rejected_amount": _cents(decision.rejected_amount),
        }
        for decision in page.rows
    ]
    context = {
        "title": _("Files decided"),
        "form": form,
        "facilities": form.facilities(),
        "page": page,
        "rows": rows,
        "query": filter_query(request.GET),
        **export_links(request.GET),
        **nav_context(request.user),
    }
    return render(request, "claims/review/decided.html", context)
