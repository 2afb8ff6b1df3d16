"""The reimbursement files for the branch counters: the files of insured persons who paid first, filed at a
branch or online, to follow up when the insured comes back. Filtered by status, way of filing, facility
and day received, paged by key and exported as CSV or XLSX; each beneficiary leads to the member's page
for the staff who may read the register."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.claims.selectors.complaints import (
    ReimbursementFilters,
    reimbursement_list,
    reimbursements_export,
)
from sanad.claims.statuses import FileStatus, SubmittedVia
from sanad.claims.views.fund_forms import FacilityFilter, ReceivedPeriod
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import can
from sanad.common.templatetags.sanad import local_name

CENT = Decimal("0.01")
# A reimbursement file is received by the fund the day it is filed: it never stands at a facility's desk.
_STATUSES = [
    (value, label)
    for value, label in FileStatus.choices
    if value not in (FileStatus.DRAFT, FileStatus.SUBMITTED)
]


class ReimbursementFilterForm(FacilityFilter, ReceivedPeriod):
    """The reimbursement files: by status, way of filing, facility (code or name) and day received."""

    field_order = ["status", "via", "facility", "received_from", "received_to"]

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    via = forms.ChoiceField(label=gettext_lazy("Filed"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", gettext_lazy("All statuses")), *_STATUSES]
        self.fields["via"].choices = [
            ("", gettext_lazy("At a branch or online")),
            (SubmittedVia.BRANCH, SubmittedVia.BRANCH.label),
            (SubmittedVia.SELF_SERVICE, SubmittedVia.SELF_SERVICE.label),
        ]

    def filters(self) -> ReimbursementFilters:
        data = self._data()
        facilities = self.facilities()
        return ReimbursementFilters(
            status=data.get("status") or "",
            submitted_via=data.get("via") or "",
            facility_ids=None if facilities is None else tuple(f.pk for f in facilities),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
        )


def _cents(value: Any) -> Decimal | None:
    # SQLite returns the sums of the list's subqueries as floats: back to exact cents.
    return None if value is None else Decimal(str(value)).quantize(CENT)


def _people(billing_file: Any) -> tuple[Any, Any]:
    """The person cared for and the member whose page holds them."""
    sheet = billing_file.care_sheet
    if sheet.dependant is not None:
        return sheet.dependant, sheet.dependant.member
    return sheet.member, sheet.member


EXPORT_HEADER = (
    gettext_lazy("Received on"),
    gettext_lazy("Invoice number"),
    gettext_lazy("Beneficiary"),
    gettext_lazy("Registration number"),
    gettext_lazy("Facility code"),
    gettext_lazy("Facility"),
    gettext_lazy("Date of care"),
    gettext_lazy("Filed"),
    gettext_lazy("Billed"),
    gettext_lazy("Fund share"),
    gettext_lazy("Status"),
)


def _export_row(billing_file: Any) -> list[Any]:
    beneficiary, member = _people(billing_file)
    return [
        billing_file.received_on,
        billing_file.invoice_number,
        beneficiary.full_name,
        member.registration_number,
        billing_file.facility.code,
        local_name(billing_file.facility),
        billing_file.care_sheet.care_date,
        billing_file.get_submitted_via_display(),
        _cents(billing_file.billed),
        _cents(billing_file.fund_share),
        billing_file.get_status_display(),
    ]


@login_required
def reimbursement_list_page(request: Any):
    """The reimbursement files, oldest received first; `?export=csv|xlsx` downloads the filtered list."""
    if not (can(request.user, "claims.reimburse") or can(request.user, "claims.view")):
        raise PermissionDenied("claims.reimburse")
    today = timezone.localdate()
    form = ReimbursementFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(f) for f in reimbursements_export(user=request.user, filters=filters))
        title = _("Reimbursements")
        return export_response(fmt=fmt, title=title, header=EXPORT_HEADER, rows=rows, day=today)
    page = reimbursement_list(
        user=request.user,
        filters=filters,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    rows = []
    for billing_file in page.rows:
        beneficiary, member = _people(billing_file)
        rows.append(
            {
                "file": billing_file,
                "beneficiary": beneficiary,
                "member": member,
                "billed": _cents(billing_file.billed),
                "fund_share": _cents(billing_file.fund_share),
            }
        )
    context = {
        "form": form,
        "facilities": form.facilities(),
        "page": page,
        "rows": rows,
        "query": filter_query(request.GET),
        # The beneficiary's name leads to the member's page for those who may read the register.
        "may_read_register": can(request.user, "registry.view"),
        **export_links(request.GET),
    }
    return render(request, "claims/reimbursements/list.html", context)
