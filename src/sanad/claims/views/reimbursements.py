"""Reimbursement pages: the branch counter files for an insured person who paid a private facility first,
and prints the receipt of the filing; the insured files online and follows their family's files.
Views stay thin: forms parse, services decide, selectors read and scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sanad.claims.models import BillingFile
from sanad.claims.selectors.complaints import (
    facility_by_code,
    family_file_get,
    family_files,
    member_for_counter,
    reimbursement_file_get,
)
from sanad.claims.selectors.texts import finding_texts
from sanad.claims.services.register import CareSheetInput, LineInput
from sanad.claims.services.reimbursements import Scan, reimbursement_register
from sanad.claims.statuses import CareType, Channel, DocumentKind, LineKind, SubmittedVia
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.pdf import html_to_pdf
from sanad.common.permissions import can, capability_required
from sanad.registry.models import Member
from sanad.registry.selectors import member_of_user

DESK_KEY = "registry_desk"  # where the reception queue keeps the agent's branch and counter


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


class MemberFindForm(forms.Form):
    registration_number = forms.CharField(label=gettext_lazy("Registration number"), max_length=32)


class ReimbursementForm(forms.Form):
    """The care sheet of the private facility, its receipt and the scans handed in."""

    beneficiary = forms.ChoiceField(label=gettext_lazy("Beneficiary"))
    facility = forms.CharField(
        label=gettext_lazy("Facility code"),
        max_length=32,
        help_text=gettext_lazy("The code of the private facility in the fund's network list."),
    )
    receipt_number = forms.CharField(label=gettext_lazy("Number of the facility's receipt"), max_length=40)
    care_type = forms.ChoiceField(label=gettext_lazy("Care type"), choices=CareType.choices)
    care_date = forms.DateField(label=gettext_lazy("Date of care"), widget=DateInput)
    admission_date = forms.DateField(label=gettext_lazy("Admission date"), widget=DateInput, required=False)
    discharge_date = forms.DateField(label=gettext_lazy("Discharge date"), widget=DateInput, required=False)
    diagnosis = forms.CharField(label=gettext_lazy("Diagnosis (ICD-10)"), max_length=10, required=False)
    practitioner_name = forms.CharField(label=gettext_lazy("Practitioner"), max_length=200, required=False)
    scan_receipt = forms.FileField(label=gettext_lazy("Scan of the facility's receipt"))
    scan_prescription = forms.FileField(label=gettext_lazy("Scan of the prescription"), required=False)
    scan_results = forms.FileField(label=gettext_lazy("Scan of the results"), required=False)

    SCANS = {
        "scan_receipt": DocumentKind.RECEIPT,
        "scan_prescription": DocumentKind.PRESCRIPTION,
        "scan_results": DocumentKind.RESULTS,
    }

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(f"M{member.pk}", f"{member.full_name} · {_('member')}")]
        choices += [
            (f"D{d.pk}", f"{d.full_name} · {d.get_relationship_display()}") for d in member.dependants.all()
        ]
        self.fields["beneficiary"].choices = choices

    def beneficiary_ids(self) -> tuple[int | None, int | None]:
        value = self.cleaned_data["beneficiary"]
        number = int(value[1:])
        return (number, None) if value.startswith("M") else (None, number)

    def scans(self) -> list[Scan]:
        return [
            Scan(kind=kind, file=self.cleaned_data[name])
            for name, kind in self.SCANS.items()
            if self.cleaned_data.get(name)
        ]


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=LineKind.choices, initial=LineKind.ACT)
    code = forms.CharField(label=gettext_lazy("Code or barcode"), max_length=32)
    coefficient = forms.DecimalField(
        label=gettext_lazy("Coefficient"), max_digits=8, decimal_places=2, required=False
    )
    quantity = forms.IntegerField(label=gettext_lazy("Quantity"), min_value=1, max_value=999, initial=1)
    billed = forms.DecimalField(
        label=gettext_lazy("Amount paid"), max_digits=14, decimal_places=2, min_value=Decimal("0")
    )
    service_date = forms.DateField(
        label=gettext_lazy("Date of service"),
        widget=DateInput,
        required=False,
        help_text=gettext_lazy("Blank: the date of care."),
    )


LineFormSet = forms.formset_factory(
    LineForm, extra=2, min_num=1, validate_min=True, max_num=30, absolute_max=30
)


def _sheet(form: ReimbursementForm, lines: Any, facility_id: int) -> CareSheetInput:
    data = form.cleaned_data
    member_id, dependant_id = form.beneficiary_ids()
    return CareSheetInput(
        facility_id=facility_id,
        member_id=member_id,
        dependant_id=dependant_id,
        care_type=data["care_type"],
        care_date=data["care_date"],
        admission_date=data["admission_date"],
        discharge_date=data["discharge_date"],
        diagnosis=data["diagnosis"] or "",
        practitioner_name=data["practitioner_name"] or "",
        lines=[
            LineInput(
                kind=line["kind"],
                code=line["code"],
                billed=line["billed"],
                quantity=line["quantity"],
                coefficient=line["coefficient"],
                service_date=line["service_date"] or data["care_date"],
            )
            for line in (f.cleaned_data for f in lines.forms)
            if line and not line.get("DELETE")
        ],
    )


_FIELDS = {
    "invoice_number": "receipt_number",
    "facility_id": "facility",
    "member_id": "beneficiary",
    "dependant_id": "beneficiary",
}


def _show_error(form: ReimbursementForm, lines: Any, error: DomainError) -> None:
    """A broken rule next to its field: a line's error on that line, the others on the form."""
    field = _FIELDS.get(error.field or "", error.field or "")
    if field.startswith("lines-"):
        _prefix, index, name = field.split("-", 2)
        if index.isdigit() and int(index) < len(lines.forms) and name in lines.forms[int(index)].fields:
            lines.forms[int(index)].add_error(name, error.message)
            return
    form.add_error(field if field in form.fields else None, error.message)


def _file(request: Any, *, member: Member, via: str, template: str, done: str):
    """The filing form for `member`'s family: on success, to `done` with the new file's id."""
    form = ReimbursementForm(request.POST or None, request.FILES or None, member=member)
    lines = LineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        facility = facility_by_code(code=form.cleaned_data["facility"])
        if facility is None:
            form.add_error("facility", _("No facility of the network has this code."))
        else:
            desk = request.session.get(DESK_KEY) or {}
            try:
                billing_file = reimbursement_register(
                    actor=request.user,
                    sheet=_sheet(form, lines, facility.pk),
                    receipt_number=form.cleaned_data["receipt_number"],
                    scans=form.scans(),
                    submitted_via=via,
                    on=timezone.localdate(),
                    branch=str(desk.get("branch", "")),
                )
            except DomainError as error:
                _show_error(form, lines, error)
            else:
                messages.success(request, _("Reimbursement file %(n)s registered.") % {"n": billing_file.pk})
                return redirect(done, pk=billing_file.pk)
    failed = request.method == "POST"
    context = {"form": form, "lines": lines, "member": member}
    return render(request, template, context, status=400 if failed else 200)


def _decision_context(billing_file: BillingFile) -> dict[str, Any]:
    current = billing_file.current[0] if getattr(billing_file, "current", None) else None
    lines = []
    if current is not None:
        lines = [
            {"outcome": outcome, "reasons": finding_texts(outcome.findings)}
            for outcome in current.lines.all()
        ]
    return {
        "file": billing_file,
        "sheet": billing_file.care_sheet,
        "decision": current,
        "decision_lines": lines,
        "reasons": finding_texts(current.findings) if current is not None else [],
        "beneficiary": billing_file.care_sheet.dependant or billing_file.care_sheet.member,
    }


# ---- At the branch counter ------------------------------------------------------------------------------


@login_required
@capability_required("claims.reimburse")
def reimbursement_start(request: Any):
    """The counter agent finds the insured person by registration number."""
    form = MemberFindForm(request.GET or None)
    if request.GET and form.is_valid():
        member = member_for_counter(registration_number=form.cleaned_data["registration_number"])
        if member is not None:
            return redirect("claims:reimbursement_new", registration_number=member.registration_number)
        form.add_error("registration_number", _("No member has this registration number."))
    return render(request, "claims/reimbursements/start.html", {"form": form})


@login_required
@capability_required("claims.reimburse")
@require_http_methods(["GET", "POST"])
def reimbursement_new(request: Any, registration_number: str):
    member = member_for_counter(registration_number=registration_number)
    if member is None:
        raise Http404(_("No member has this registration number."))
    return _file(
        request,
        member=member,
        via=SubmittedVia.BRANCH,
        template="claims/reimbursements/form.html",
        done="claims:reimbursement_detail",
    )


def _counter_file(request: Any, pk: int) -> BillingFile:
    if not (can(request.user, "claims.reimburse") or can(request.user, "claims.view")):
        raise PermissionDenied("claims.reimburse")
    billing_file = reimbursement_file_get(pk=pk)
    if billing_file is None:
        raise Http404(ErrorCode.NOT_FOUND.label)
    return billing_file


@login_required
def reimbursement_detail(request: Any, pk: int):
    """What the counter tells the insured: the decision taken on the file, and the receipt to print."""
    billing_file = _counter_file(request, pk)
    return render(request, "claims/reimbursements/detail.html", _decision_context(billing_file))


def _receipt_pdf(request: Any, billing_file: BillingFile) -> HttpResponse:
    html = render_to_string(
        "claims/reimbursements/receipt_pdf.html", _decision_context(billing_file), request=request
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="reimbursement-{billing_file.pk}.pdf"'
    return response


@login_required
def reimbursement_receipt(request: Any, pk: int):
    """The printable receipt of the filing (PDF): for the counter, or for the insured's own family."""
    if can(request.user, "self.view"):
        member = member_of_user(user=request.user)
        billing_file = family_file_get(member=member, pk=pk) if member is not None else None
        if billing_file is None or billing_file.channel != Channel.REIMBURSEMENT:
            raise Http404(ErrorCode.NOT_FOUND.label)
        return _receipt_pdf(request, billing_file)
    return _receipt_pdf(request, _counter_file(request, pk))


# ---- The insured person, online ---------------------------------------------------------------------------


def _member(request: Any) -> Member:
    member = member_of_user(user=request.user)
    if member is None:
        raise Http404(_("This account is not linked to a member record. Visit a branch of the fund."))
    return member


@login_required
@capability_required("self.view")
def my_files(request: Any):
    """The insured's family's files, newest first, with what the fund pays and to whom."""
    member = _member(request)
    after = request.GET.get("after", "")
    page = family_files(member=member, after=int(after) if after.isdigit() else None)
    rows = [
        {
            "file": f,
            "decision": f.current[0] if f.current else None,
            "beneficiary": f.care_sheet.dependant or f.care_sheet.member,
        }
        for f in page.rows
    ]
    return render(
        request, "claims/reimbursements/my_list.html", {"member": member, "rows": rows, "page": page}
    )


@login_required
@capability_required("self.view")
def my_file_detail(request: Any, pk: int):
    member = _member(request)
    billing_file = family_file_get(member=member, pk=pk)
    if billing_file is None:
        raise Http404(ErrorCode.NOT_FOUND.label)
    return render(request, "claims/reimbursements/my_detail.html", _decision_context(billing_file))


@login_required
@capability_required("self.view")
@require_http_methods(["GET", "POST"])
def my_reimbursement_new(request: Any):
    return _file(
        request,
        member=_member(request),
        via=SubmittedVia.SELF_SERVICE,
        template="claims/reimbursements/my_form.html",
        done="claims:my_file_detail",
    )
