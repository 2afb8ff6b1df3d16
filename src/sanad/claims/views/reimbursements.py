"""Reimbursement pages: the branch counter files for an insured person who paid the facility (in the cases
the fund's profile lists), and prints the receipt of the filing; the insured files online and follows their
family's files. Views stay thin: forms parse, services decide, selectors read and scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_valid_filename
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sanad.catalog.selectors.lookup import diagnosis_label, item_tariff
from sanad.claims.forms_reimbursement import LineFormSet, ReimbursementForm, reimbursed_cases
from sanad.claims.models import BillingFile
from sanad.claims.selectors.complaints import (
    facility_by_code,
    family_file_get,
    family_files,
    member_for_counter,
    reimbursement_file_get,
)
from sanad.claims.selectors.reimbursement_choices import care_labels
from sanad.claims.selectors.texts import finding_texts_grouped
from sanad.claims.services.register import CareSheetInput, LineInput
from sanad.claims.services.reimbursements import reimbursement_register
from sanad.claims.statuses import Channel, LineKind, SubmittedVia
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.pdf import html_to_pdf
from sanad.common.permissions import can, capability_required
from sanad.common.vocabulary import Sector
from sanad.funds.active import active_profile
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


def _language() -> str:
    return (get_language() or "fr").split("-")[0]


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


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
                coefficient=line.get("coefficient"),
                service_date=line["service_date"] or data["care_date"],
            )
            for line in _filled(lines)
        ],
    )


def _filled(lines: Any) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in lines.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


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


def _lines_in_catalog(form: ReimbursementForm, lines: Any) -> bool:
    """Each line's care was chosen from the catalog in force on its date; else said on its line."""
    care_date = form.cleaned_data["care_date"]
    ok = True
    for line in lines.forms:
        data = line.cleaned_data
        if not data or not data.get("code"):
            continue
        day = data.get("service_date") or care_date
        if item_tariff(kind=data["kind"], code=data["code"], day=day, sector=Sector.PRIVATE) is None:
            line.add_error(
                "code",
                _("Not in the fund's list on %(day)s: search again by its name and choose it in the list.")
                % {"day": date_format(day, "SHORT_DATE_FORMAT")},
            )
            ok = False
    return ok


def _picked(form: ReimbursementForm, lines: Any) -> None:
    """On a form shown again, each line's chosen care with its label, and the chosen illness: kept
    checked in the list they were chosen from."""
    language = _language()
    day = _date(str(form["care_date"].value() or "")) or timezone.localdate()
    chosen = []
    for line in lines.forms:
        kind, code = str(line["kind"].value() or LineKind.ACT), str(line["code"].value() or "").strip()
        line.picked = code
        chosen.append((kind, code))
    labels = care_labels(items=[c for c in chosen if c[1]], language=language)
    for line, (kind, code) in zip(lines.forms, chosen, strict=True):
        line.found = [FoundItem(code=code, label=labels.get((kind, code), code))] if code else []
    code = str(form["diagnosis"].value() or "").strip()
    found = diagnosis_label(code=code, day=day, language=language) if code else None
    form.diagnosis_found = [found] if found else []


@dataclass(frozen=True, slots=True)
class FoundItem:
    code: str
    label: str


def _file(request: Any, *, member: Member, via: str, template: str, done: str):
    """The filing form for `member`'s family: on success, to `done` with the new file's id."""
    language = _language()
    profile = active_profile()
    if not profile.claims.reimburses_insured:
        # This fund pays the facilities directly: there is nothing an insured person files.
        return render(request, template, {"member": member, "closed": True})
    form = ReimbursementForm(request.POST or None, request.FILES or None, member=member, language=language)
    counter = via == SubmittedVia.BRANCH
    lines = LineFormSet(request.POST or None, prefix="lines", form_kwargs={"counter": counter})
    if request.method == "POST" and form.is_valid() and lines.is_valid() and _lines_in_catalog(form, lines):
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
                messages.success(
                    request, _("Reimbursement file %(n)s registered.") % {"n": billing_file.invoice_number}
                )
                return redirect(done, pk=billing_file.pk)
    _picked(form, lines)
    failed = request.method == "POST"
    context = {
        "form": form,
        "lines": lines,
        "member": member,
        "counter": counter,
        "currency": profile.currency,
        "cases": reimbursed_cases(profile),
    }
    return render(request, template, context, status=400 if failed else 200)


def _decision_context(billing_file: BillingFile) -> dict[str, Any]:
    """A file, its lines named by the catalog's label (the code second), and its current decision."""
    current = billing_file.current[0] if getattr(billing_file, "current", None) else None
    sheet_lines = list(billing_file.care_sheet.lines.all())
    outcomes = list(current.lines.all()) if current is not None else []
    items = {(line.kind, line.code) for line in sheet_lines}
    items |= {(outcome.line.kind, outcome.line.code) for outcome in outcomes}
    labels = care_labels(items=items, language=_language())
    # The file's reasons and each line's, rendered together: what they name is read once for all.
    texts = finding_texts_grouped([current.findings if current else [], *(o.findings for o in outcomes)])
    lines = [
        {
            "outcome": outcome,
            "label": labels.get((outcome.line.kind, outcome.line.code), ""),
            "reasons": reasons,
        }
        for outcome, reasons in zip(outcomes, texts[1:], strict=True)
    ]
    return {
        "file": billing_file,
        "sheet": billing_file.care_sheet,
        "sheet_lines": [
            {"line": line, "label": labels.get((line.kind, line.code), "")} for line in sheet_lines
        ],
        "decision": current,
        "decision_lines": lines,
        "reasons": texts[0],
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
    profile = active_profile()
    context = {
        "form": form,
        "closed": not profile.claims.reimburses_insured,
        "cases": reimbursed_cases(profile),
    }
    return render(request, "claims/reimbursements/start.html", context)


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
    name = get_valid_filename(f"receipt-{billing_file.invoice_number}.pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
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
