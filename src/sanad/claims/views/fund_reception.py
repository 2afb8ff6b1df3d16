"""The fund's reception desk: the batches submitted by facilities and waiting for their receipt, filtered by
facility, type of files and day of submission, paged by key and exported as CSV or XLSX."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.claims.selectors.batches import batch_group_label
from sanad.claims.selectors.fund_lists import batch_list_reception, batches_export_reception
from sanad.claims.views.fund_forms import ReceptionFilterForm
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import capability_required
from sanad.common.templatetags.sanad import local_name
from sanad.funds.active import active_profile

CENT = Decimal("0.01")

EXPORT_HEADER = (
    gettext_lazy("Submitted on"),
    gettext_lazy("Batch number"),
    gettext_lazy("Facility code"),
    gettext_lazy("Facility"),
    gettext_lazy("Type of files"),
    gettext_lazy("Files"),
    gettext_lazy("Billed"),
)


def _cents(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENT)


def _labelled(batches: list[Any], profile: Any) -> list[Any]:
    for batch in batches:
        batch.group_label = batch_group_label(profile, batch.group)
        batch.billed = _cents(batch.billed)
    return batches


@login_required
@capability_required("claims.receive")
def batch_queue(request: Any):
    """The reception desk: submitted batches waiting for their receipt, oldest first."""
    today = timezone.localdate()
    profile = active_profile()
    form = ReceptionFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (
            [
                batch.submitted_on,
                batch.number,
                batch.facility.code,
                local_name(batch.facility),
                batch_group_label(profile, batch.group),
                batch.file_count or 0,
                _cents(batch.billed),
            ]
            for batch in batches_export_reception(user=request.user, filters=filters)
        )
        title = _("Reception of batches")
        return export_response(fmt=fmt, title=title, header=EXPORT_HEADER, rows=rows, day=today)
    page = batch_list_reception(
        user=request.user,
        filters=filters,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    _labelled(page.rows, profile)
    context = {
        "form": form,
        "facilities": form.facilities(),
        "page": page,
        "first_page": page.prev_before is None,
        "query": filter_query(request.GET),
        **export_links(request.GET),
    }
    return render(request, "claims/batches/queue.html", context)
