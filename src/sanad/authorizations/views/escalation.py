"""The manager's page of the answer clock: the requests past or near their due time, escalated, and each
month's figures (share answered in time, median and average time to the answer)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sanad.authorizations.selectors.figures import answer_figures_by_month, escalation_rows
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile
from sanad.funds.calendar import add_months

MONTHS = 12


@require_GET
@login_required
@capability_required("authorizations.view")
def escalation(request: Any):
    profile = active_profile()
    now = timezone.now()
    late, near = escalation_rows(user=request.user, profile=profile, now=now)
    today = timezone.localdate()
    months = answer_figures_by_month(first=add_months(today.replace(day=1), 1 - MONTHS), last=today)
    rows = [{"month": m.month, "parts": (m.standard, m.emergency)} for m in reversed(months)]
    context = {"late": late, "near": near, "months": rows}
    return render(request, "authorizations/escalation.html", context)
