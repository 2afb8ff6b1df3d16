"""The decisions of a period (issue 20): the list behind the claims' indicators, each figure's link opens it
with the figure's period and dimensions. Pages by key, oldest decided first."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from sanad.claims.selectors.decided import WHO, WHO_NAMES, decision_list_decided
from sanad.claims.views.fund_forms import DecidedFilterForm
from sanad.claims.views.review_context import nav_context
from sanad.common.export import filter_query
from sanad.common.permissions import capability_required

_WHO = {source: str(WHO_NAMES[key]) for key, source in WHO.items()}


@login_required
@capability_required("claims.view")
def decided_list(request: Any):
    """Decisions of a period: the file, its facility, the days from receipt, who decided and the amounts."""
    form = DecidedFilterForm(request.GET or None)
    page = decision_list_decided(
        user=request.user,
        filters=form.filters(),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    rows = [
        {
            "decision": decision,
            "file": decision.billing_file,
            "days": None
            if decision.billing_file.received_on is None
            else (decision.decided_on - decision.billing_file.received_on).days,
            "who": _WHO.get(decision.source, ""),
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
        **nav_context(request.user),
    }
    return render(request, "claims/review/decided.html", context)
