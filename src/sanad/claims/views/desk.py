"""The facility's desk: rights of a beneficiary, the care sheet, its billing file, the facility's files and
their documents. Views stay thin: forms parse, services decide, selectors read and scope (another
facility's sheet or file is not found)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.claims import forms_desk as forms
from sanad.claims.models import BillingFile
from sanad.claims.selectors import desk as rights
from sanad.claims.selectors import facility as read
from sanad.claims.selectors.tariffs import line_hint, lines_over_tariff
from sanad.claims.services import corrections
from sanad.claims.services.register import care_sheet_open
from sanad.claims.services.sheet_rules import MAX_QUANTITY
from sanad.claims.statuses import SheetStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import amount_from_text
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile
from sanad.registry.selectors import Beneficiary, rights_on


def _care_day(care_sheet: Any) -> str:
    """A care sheet is named by its date of care in the reader's format (it has no number of its own)."""
    return date_format(care_sheet.care_date, "SHORT_DATE_FORMAT")


def _facility(request: Any):
    try:
        return read.own_facility(user=request.user)
    except DomainError as error:
        raise PermissionDenied(error.message) from error


def _found(call: Any, **kwargs: Any) -> Any:
    """A read of the facility's own data; anything else is not found (it does not exist for them)."""
    try:
        return call(**kwargs)
    except DomainError as error:
        if error.code == ErrorCode.FORBIDDEN:
            raise PermissionDenied(error.message) from error
        raise Http404(error.message) from error


def _form_error(form: Any, error: DomainError) -> None:
    if error.field in form.fields and error.field != "version":
        form.add_error(error.field, forms.beside_field(error))
    else:
        form.add_error(None, error.message)


def _language() -> str:
    return (get_language() or "fr").split("-")[0]


def _status(error: DomainError, form: Any) -> int:
    """Someone acted first (a conflict on the object, not on a field of the page) answers 409, as the API
    does; a broken rule 400."""
    on_field = error.field in form.fields and error.field != "version"
    return 409 if not on_field and error.code in (ErrorCode.CONFLICT, ErrorCode.ILLEGAL_TRANSITION) else 400


def _refused(request: Any, form: Any, error: DomainError) -> int:
    """A refusal shown to the clerk: someone acted first (409), said at the top of the page; a broken
    rule (400), beside its field."""
    status = _status(error, form)
    if status == 409:
        messages.error(request, error.message)
    else:
        _form_error(form, error)
    return status


def _warn_over_tariff(request: Any, care_sheet: Any) -> None:
    """Tell the clerk which lines are billed above the tariff in force (allowed: the patient pays the part
    above it)."""
    for line, hint in lines_over_tariff(care_sheet=care_sheet, language=_language()):
        messages.warning(
            request,
            _(
                "Line %(no)s is billed %(billed)s %(currency)s, above the tariff in force "
                "(%(tariff)s %(currency)s)."
            )
            % {
                "no": line.line_no,
                "billed": number_format(hint.billed, 2, force_grouping=True),
                "tariff": number_format(hint.tariff, 2, force_grouping=True),
                "currency": hint.currency,
            },
        )


@require_GET
@login_required
@capability_required("claims.submit")
def desk(request: Any):
    """Rights today of a beneficiary, by registration number or the certificate's QR code."""
    facility = _facility(request)
    form = forms.DeskCheckForm(request.GET or None)
    check = None
    if form.is_bound and form.is_valid():
        try:
            check = rights.desk_check(
                user=request.user, query=form.cleaned_data["query"], on=timezone.localdate()
            )
        except DomainError as error:
            _form_error(form, error)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "claims/desk/check.html", {"form": form, "check": check, "facility": facility}, status=status
    )


def _hints(formset: Any, facility: Any, care_date: Any) -> None:
    """Beside each row shown to the clerk (as recorded, or as sent back), the tariff in force and a warning
    when the amount billed exceeds it."""
    for row in formset.forms:
        values = {name: row[name].value() for name in ("kind", "code", "quantity", "coefficient", "billed")}
        day = row["service_date"].value()
        if not isinstance(day, datetime.date):
            try:
                day = datetime.date.fromisoformat(str(day or ""))
            except ValueError:
                day = care_date or timezone.localdate()
        quantity = str(values["quantity"] or "")
        coefficient = amount_from_text(str(values["coefficient"] or ""))
        row.hint = line_hint(
            kind=str(values["kind"] or "act"),
            code=str(values["code"] or ""),
            day=day,
            sector=facility.sector,
            quantity=int(quantity) if quantity.isdigit() and 0 < int(quantity) <= MAX_QUANTITY else 1,
            coefficient=coefficient if coefficient is not None and coefficient > 0 else None,
            billed=amount_from_text(str(values["billed"] or "")),
            language=_language(),
        )


def _sheet_page(
    request: Any,
    facility: Any,
    member: Any,
    dependant: Any,
    form: Any,
    formset: Any,
    status=200,
    sheet: Any = None,
):
    on = timezone.localdate()
    who = Beneficiary.dependant(dependant.pk) if dependant else Beneficiary.member(member.pk)
    _hints(formset, facility, getattr(form, "cleaned_data", {}).get("care_date"))
    return render(
        request,
        "claims/desk/sheet_form.html",
        {
            "facility": facility,
            "member": member,
            "person": dependant or member,
            "rights": rights_on(on=on, beneficiary=who),
            "form": form,
            "formset": formset,
            "sheet": sheet,
        },
        status=status,
    )


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


@require_http_methods(["GET", "POST"])
@login_required
@capability_required("claims.submit")
def sheet_new(request: Any):
    """Open a care sheet for the member (`?member=<registration number>`) or one of their dependants."""
    facility = _facility(request)
    member, dependant = _found(
        rights.desk_beneficiary,
        user=request.user,
        registration_number=request.GET.get("member", ""),
        dependant_id=_int(request.GET.get("dependant")),
    )
    profile = active_profile()
    practitioners = read.facility_practitioners(facility=facility)
    options = {"practitioners": practitioners, "profile": profile, "language": _language()}
    if request.method == "GET":
        today = timezone.localdate()
        form = forms.CareSheetForm(initial={"care_date": today, "care_type": "outpatient"}, **options)
        return _sheet_page(request, facility, member, dependant, form, forms.lines_formset(initial_day=today))
    form = forms.CareSheetForm(request.POST, **options)
    formset = forms.lines_formset(request.POST)
    if form.is_valid() and formset.is_valid():
        sheet, rows = forms.sheet_input(
            form,
            formset,
            facility=facility,
            member_id=member.pk,
            dependant_id=dependant.pk if dependant else None,
        )
        try:
            care_sheet = care_sheet_open(actor=request.user, sheet=sheet)
        except DomainError as error:
            forms.sheet_error(form, formset, error, rows)
        else:
            messages.success(request, _("Care sheet of %(date)s opened.") % {"date": _care_day(care_sheet)})
            _warn_over_tariff(request, care_sheet)
            return redirect("claims:sheet_detail", pk=care_sheet.pk)
    messages.error(request, _("Please correct the errors below."))
    return _sheet_page(request, facility, member, dependant, form, formset, status=400)


@require_http_methods(["GET", "POST"])
@login_required
@capability_required("claims.submit")
def sheet_edit(request: Any, pk: int):
    """Correct a care sheet while it is open and its billing file, if any, is still a draft; the page sends
    back the version it showed (of two clerks, the second is told who changed it)."""
    facility = _facility(request)
    care_sheet = _found(read.care_sheet_of_facility, user=request.user, sheet_id=pk)
    member = care_sheet.dependant.member if care_sheet.dependant else care_sheet.member
    practitioners = read.facility_practitioners(facility=facility)
    options = {"practitioners": practitioners, "profile": active_profile(), "language": _language()}
    if request.method == "GET":
        if not read.care_sheet_correctable(care_sheet=care_sheet):
            messages.error(request, _("This care sheet can no longer be corrected."))
            return redirect("claims:sheet_detail", pk=care_sheet.pk)
        initial, lines = forms.sheet_initial(care_sheet, practitioners)
        form = forms.CareSheetForm(initial=initial, **options)
        formset = forms.lines_formset(lines=lines)
        return _sheet_page(request, facility, member, care_sheet.dependant, form, formset, sheet=care_sheet)
    form = forms.CareSheetForm(request.POST, **options)
    formset = forms.lines_formset(request.POST)
    status = 400
    if form.is_valid() and formset.is_valid():
        sheet, rows = forms.sheet_input(
            form,
            formset,
            facility=facility,
            member_id=care_sheet.member_id,
            dependant_id=care_sheet.dependant_id,
        )
        try:
            corrections.care_sheet_edit(
                actor=request.user,
                care_sheet_id=care_sheet.pk,
                sheet=sheet,
                version=form.cleaned_data.get("version"),
            )
        except DomainError as error:
            forms.sheet_error(form, formset, error, rows)
            status = _status(error, form)
        else:
            messages.success(
                request, _("Care sheet of %(date)s corrected.") % {"date": _care_day(care_sheet)}
            )
            _warn_over_tariff(request, care_sheet)
            return redirect("claims:sheet_detail", pk=care_sheet.pk)
    if status == 400:
        messages.error(request, _("Please correct the errors below."))
    return _sheet_page(
        request, facility, member, care_sheet.dependant, form, formset, status=status, sheet=care_sheet
    )


@require_POST
@login_required
@capability_required("claims.submit")
def sheet_cancel(request: Any, pk: int):
    """Cancel a care sheet (and its draft billing file) entered by mistake, with the reason; both are
    kept."""
    care_sheet = _found(read.care_sheet_of_facility, user=request.user, sheet_id=pk)
    form = forms.CancelForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            corrections.care_sheet_cancel(
                actor=request.user,
                care_sheet_id=care_sheet.pk,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data.get("version"),
            )
        except DomainError as error:
            status = _refused(request, form, error)
        else:
            messages.success(
                request, _("Care sheet of %(date)s cancelled.") % {"date": _care_day(care_sheet)}
            )
            return redirect("claims:sheet_detail", pk=care_sheet.pk)
    care_sheet = _found(read.care_sheet_of_facility, user=request.user, sheet_id=pk)
    return _sheet_detail(request, care_sheet, cancel_form=form, status=status)


@require_GET
@login_required
@capability_required("claims.submit")
def sheet_line(request: Any):
    """One more row of lines (htmx): the row, the formset's new count and the button for the next row."""
    index = _int(request.GET.get("index")) or 0
    if index >= forms.MAX_LINES:
        return HttpResponse(status=204)
    return render(request, "claims/desk/line_added.html", {"row": forms.line_row(index), "next": index + 1})


def _sheet_detail(
    request: Any, sheet: Any, bill_form: Any = None, status: int = 200, cancel_form: Any = None
):
    try:
        billed = sheet.billing_file
    except BillingFile.DoesNotExist:
        billed = None
    correctable = read.care_sheet_correctable(care_sheet=sheet)
    return render(
        request,
        "claims/desk/sheet_detail.html",
        {
            "sheet": sheet,
            "person": sheet.dependant or sheet.member,
            "member": sheet.dependant.member if sheet.dependant else sheet.member,
            "lines": list(sheet.lines.all()),
            "billing_file": billed,
            "bill_form": bill_form or forms.BillingFileForm(),
            "correctable": correctable,
            "cancelled": sheet.status == SheetStatus.CANCELLED,
            "cancel_form": cancel_form or forms.CancelForm(initial={"version": sheet.version}),
        },
        status=status,
    )


@require_GET
@login_required
@capability_required("claims.submit")
def sheet_detail(request: Any, pk: int):
    return _sheet_detail(request, _found(read.care_sheet_of_facility, user=request.user, sheet_id=pk))
