"""The facility's own billing files ("Our billing files"): newest first, filtered by status, month or days
of care, amount billed and the fund's requests for papers still to answer, paged by key and exported as
CSV or XLSX with the same filters. A facility sees only its own files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.claims.selectors.facility import own_facility
from sanad.claims.selectors.fund_lists import billing_file_list_facility, billing_files_export_facility
from sanad.claims.views.fund_forms import FacilityFileFilterForm
from sanad.common.errors import DomainError
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import capability_required

CENT = Decimal("0.01")

EXPORT_HEADER = (
    gettext_lazy("Invoice number"),
    gettext_lazy("Date of care"),
    gettext_lazy("Beneficiary"),
    gettext_lazy("Care type"),
    gettext_lazy("Billed"),
    gettext_lazy("Fund share (preview)"),
    gettext_lazy("Patient share (preview)"),
    gettext_lazy("Status"),
    gettext_lazy("Batch"),
    gettext_lazy("Papers"),
)


def _cents(value: Any) -> Decimal | None:
    # SQLite returns the sum of the lines as a float: back to exact cents.
    return None if value is None else Decimal(str(value)).quantize(CENT)


def _beneficiary(billing_file: Any) -> Any:
    sheet = billing_file.care_sheet
    return sheet.dependant or sheet.member


def _export_row(billing_file: Any) -> list[Any]:
    sheet = billing_file.care_sheet
    return [
        billing_file.invoice_number,
        sheet.care_date,
        _beneficiary(billing_file).full_name,
        sheet.get_care_type_display(),
        _cents(billing_file.billed),
        billing_file.preview_fund_share,
        billing_file.preview_patient_share,
        billing_file.get_status_display(),
        billing_file.batch.number if billing_file.batch else "",
        _("Papers asked for: to answer") if billing_file.papers_asked else "",
    ]


@login_required
@capability_required("claims.submit")
def file_list(request: Any):
    """The facility's billing files, newest first; `?export=csv|xlsx` downloads the filtered list."""
    try:
        facility = own_facility(user=request.user)
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    form = FacilityFileFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(f) for f in billing_files_export_facility(user=request.user, filters=filters))
        title = _("Our billing files")
        return export_response(
            fmt=fmt, title=title, header=EXPORT_HEADER, rows=rows, day=timezone.localdate()
        )
    page = billing_file_list_facility(
        user=request.user,
        filters=filters,
        older=request.GET.get("older", ""),
        newer=request.GET.get("newer", ""),
    )
    for billing_file in page.rows:
        billing_file.billed = _cents(billing_file.billed)
    context = {
        "facility": facility,
        "form": form,
        "page": page,
        "query": filter_query(request.GET),
        **export_links(request.GET),
    }
    return render(request, "claims/desk/file_list.html", context)
