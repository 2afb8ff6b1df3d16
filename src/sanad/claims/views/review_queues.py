"""The fund's work queues (administrative check, medical review) and the overdue list: each pages by key
and filters only on indexed columns; every row shows its processing clock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.claims.selectors.queues import (
    OPEN_STATUSES,
    billing_file_queue_page,
    claims_queue_counts,
)
from sanad.claims.statuses import FileStatus
from sanad.claims.views.review_context import clock, nav_context
from sanad.claims.views.review_forms import QueueFilterForm
from sanad.common.permissions import capability_required
from sanad.providers.models import Facility

CENT = Decimal("0.01")


def _cents(value: Any) -> Decimal | None:
    # SQLite returns the sums of the queue's subqueries as floats: back to exact cents for display.
    return None if value is None else Decimal(str(value)).quantize(CENT)


def _rows(page: Any, today: Any) -> list[dict[str, Any]]:
    rows = []
    for billing_file in page.rows:
        sheet = billing_file.care_sheet
        rows.append(
            {
                "file": billing_file,
                "billed": _cents(billing_file.billed),
                "fund_share": _cents(billing_file.fund_share),
                "beneficiary": sheet.member or sheet.dependant,
                "clock": clock(billing_file, today),
            }
        )
    return rows


def _queue(request: Any, *, status: FileStatus, title: Any, overdue_only: bool = False, **extra: Any):
    today = timezone.localdate()
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    facility_id = None
    code = (filters.get("facility") or "").strip()
    if code:
        # An unknown code gives an empty list rather than every facility's files.
        facility_id = Facility.objects.filter(code=code).values_list("pk", flat=True).first() or 0
    overdue_on = today if (overdue_only or filters.get("overdue")) else None
    page = billing_file_queue_page(
        status=status,
        facility_id=facility_id,
        overdue_on=overdue_on,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("before", None)
    context = {
        "title": title,
        "status": status,
        "form": form,
        "page": page,
        "rows": _rows(page, today),
        "query": query.urlencode(),
        "today": today,
        **nav_context(request.user),
        **extra,
    }
    return render(request, "claims/review/queue.html", context)


@login_required
@capability_required("claims.check")
def check_queue(request: Any):
    """Files the engine sent to the administrative check, oldest received first."""
    return _queue(request, status=FileStatus.ADMIN_CHECK, title=_("Administrative check"))


@login_required
@capability_required("claims.review")
def review_queue(request: Any):
    """Files waiting for the medical adviser, oldest received first."""
    return _queue(request, status=FileStatus.MEDICAL_REVIEW, title=_("Medical review"))


@login_required
@capability_required("claims.view")
def overdue(request: Any):
    """Files past their processing clock, one step of the pipeline at a time, most overdue first."""
    status = request.GET.get("status", FileStatus.ADMIN_CHECK)
    if status not in OPEN_STATUSES:
        status = FileStatus.ADMIN_CHECK
    counts = claims_queue_counts(today=timezone.localdate())
    tabs = [
        {"status": s, "label": FileStatus(s).label, "count": getattr(counts, f"overdue_{s}")}
        for s in OPEN_STATUSES
    ]
    return _queue(
        request,
        status=FileStatus(status),
        title=_("Overdue files"),
        overdue_only=True,
        tabs=tabs,
        counts=counts,
    )
