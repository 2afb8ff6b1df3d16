"""The fund's work queues (administrative check, medical review) and the overdue list: each pages by key,
filters by facility, amount billed, date of care, papers awaited and clock, and exports as CSV or XLSX with
the same filters; every row shows its processing clock and names its beneficiary, a link to the member's
page for the staff who may read the register."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.claims.selectors.fund_lists import billing_file_list, billing_files_export
from sanad.claims.selectors.queues import OPEN_STATUSES, claims_queue_counts
from sanad.claims.statuses import FileStatus
from sanad.claims.views.fund_forms import QueueFilterForm
from sanad.claims.views.review_context import clock, nav_context
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import can, capability_required
from sanad.common.templatetags.sanad import local_name

CENT = Decimal("0.01")


def _cents(value: Any) -> Decimal | None:
    # SQLite returns the sums of the queue's subqueries as floats: back to exact cents for display.
    return None if value is None else Decimal(str(value)).quantize(CENT)


def _people(billing_file: Any) -> tuple[Any, Any]:
    """The person cared for and the member whose page holds them (the member themself or a dependant's)."""
    sheet = billing_file.care_sheet
    if sheet.dependant is not None:
        return sheet.dependant, sheet.dependant.member
    return sheet.member, sheet.member


def _rows(page: Any, today: Any) -> list[dict[str, Any]]:
    rows = []
    for billing_file in page.rows:
        beneficiary, member = _people(billing_file)
        rows.append(
            {
                "file": billing_file,
                "billed": _cents(billing_file.billed),
                "fund_share": _cents(billing_file.fund_share),
                "beneficiary": beneficiary,
                "member_id": member.pk,
                "clock": clock(billing_file, today),
            }
        )
    return rows


EXPORT_HEADER = (
    gettext_lazy("Invoice number"),
    gettext_lazy("Facility code"),
    gettext_lazy("Facility"),
    gettext_lazy("Beneficiary"),
    gettext_lazy("Registration number"),
    gettext_lazy("Date of care"),
    gettext_lazy("Received on"),
    gettext_lazy("To be processed by"),
    gettext_lazy("Days left"),
    gettext_lazy("Billed"),
    gettext_lazy("Fund share"),
    gettext_lazy("Status"),
    gettext_lazy("Papers"),
)


def _export_row(billing_file: Any, today: Any) -> list[Any]:
    beneficiary, member = _people(billing_file)
    running = clock(billing_file, today)
    return [
        billing_file.invoice_number,
        billing_file.facility.code,
        local_name(billing_file.facility),
        beneficiary.full_name,
        member.registration_number,
        billing_file.care_sheet.care_date,
        billing_file.received_on,
        billing_file.due_on,
        running["days_left"],
        _cents(billing_file.billed),
        _cents(billing_file.fund_share),
        billing_file.get_status_display(),
        _("Asked, no answer yet") if billing_file.papers_asked else "",
    ]


def _queue(request: Any, *, status: FileStatus, title: Any, overdue_only: bool = False, **extra: Any):
    today = timezone.localdate()
    form = QueueFilterForm(request.GET or None)
    filters = form.filters(today=today, overdue_only=overdue_only)
    fmt = export_format(request.GET)
    if fmt:
        files = billing_files_export(user=request.user, status=status, filters=filters)
        name = f"{title} {status.label}" if overdue_only else title
        rows = (_export_row(f, today) for f in files)
        return export_response(fmt=fmt, title=name, header=EXPORT_HEADER, rows=rows, day=today)
    page = billing_file_list(
        user=request.user,
        status=status,
        filters=filters,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    context = {
        "title": title,
        "status": status,
        "form": form,
        "facilities": form.facilities(),
        "page": page,
        "rows": _rows(page, today),
        "query": filter_query(request.GET),
        "today": today,
        # The beneficiary's name leads to the member's page for those who may read the register.
        "may_read_register": can(request.user, "registry.view"),
        **export_links(request.GET),
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
    # A tab keeps the filters typed: only the step changes.
    others = request.GET.copy()
    others.pop("status", None)
    return _queue(
        request,
        status=FileStatus(status),
        title=_("Overdue files"),
        overdue_only=True,
        tabs=tabs,
        tab_query=filter_query(others),
        counts=counts,
    )
