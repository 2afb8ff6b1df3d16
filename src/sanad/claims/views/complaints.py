"""Complaint pages of the regional offices: the list (oldest due first, with each clock; filtered by status,
office, facility, day of receipt and clock, paged by key and exported as CSV or XLSX), registration and
answer. The insured person's own complaints are in `my_complaints`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sanad.claims.selectors.complaints import (
    ComplaintFilters,
    complaint_clock,
    complaint_get,
    complaint_list,
    complaints_export,
    facility_by_code,
    member_for_counter,
)
from sanad.claims.selectors.file_numbers import (
    billing_file_number,
    billing_files_numbered,
    invoice_number_shared,
)
from sanad.claims.services.complaints import complaint_answer, complaint_register
from sanad.claims.statuses import ComplainantKind, ComplaintStatus
from sanad.claims.views.fund_forms import FacilityFilter, ReceivedPeriod
from sanad.claims.views.reimbursements import DESK_KEY, DateInput
from sanad.common.errors import DomainError
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import can, capability_required
from sanad.common.templatetags.sanad import local_name, region_name
from sanad.funds.active import active_profile


def _regions(request: Any) -> list[tuple[str, str]]:
    language = getattr(request, "LANGUAGE_CODE", "fr")
    return [(region.code, region.name.get(language)) for region in active_profile().regions]


WAITING = ""  # the list's first view: the complaints waiting for an answer
ANY_STATUS = "any"


class ComplaintFilterForm(FacilityFilter, ReceivedPeriod):
    """The regional offices' list: by status, office, facility (code or name), day of receipt and clock."""

    field_order = [
        "status",
        "region",
        "facility",
        "received_from",
        "received_to",
        "answered_from",
        "answered_to",
        "overdue",
    ]

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Regional office"), required=False)
    # The day of the answer: the reports' figures of complaints answered link here with it.
    answered_from = forms.DateField(label=gettext_lazy("Answered from"), widget=DateInput, required=False)
    answered_to = forms.DateField(label=gettext_lazy("Answered until"), widget=DateInput, required=False)
    overdue = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the offices' names and the labels in the reader's language.
        regions = sorted(active_profile().regions, key=lambda r: r.name.get_text())
        self.fields["region"].choices = [("", gettext_lazy("All regional offices"))] + [
            (r.code, r.name.get_text()) for r in regions
        ]
        self.fields["status"].choices = [
            (WAITING, gettext_lazy("Waiting for an answer")),
            (ComplaintStatus.ANSWERED, ComplaintStatus.ANSWERED.label),
            (ANY_STATUS, gettext_lazy("Any status")),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("answered_from"), data.get("answered_to")
        if start is not None and end is not None and end < start:
            self.add_error("answered_to", _("The end of the period comes before its start."))
        return data

    def filters(self) -> ComplaintFilters:
        data = self._data()
        status = data.get("status") or WAITING
        statuses = {WAITING: (ComplaintStatus.OPEN,), ANY_STATUS: None}.get(status, (status,))
        facilities = self.facilities()
        return ComplaintFilters(
            statuses=statuses,
            region=data.get("region") or "",
            facility_ids=None if facilities is None else tuple(f.pk for f in facilities),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            answered_from=data.get("answered_from"),
            answered_to=data.get("answered_to"),
            overdue=bool(data.get("overdue")),
        )


class ComplaintForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Regional office"))
    complainant = forms.ChoiceField(label=gettext_lazy("Complainant"), choices=ComplainantKind.choices)
    registration_number = forms.CharField(
        label=gettext_lazy("Insured's registration number"), max_length=32, required=False
    )
    facility = forms.CharField(
        label=gettext_lazy("Facility code"),
        max_length=32,
        required=False,
        help_text=gettext_lazy(
            "The facility that complains; for an insured person's complaint, the facility that issued the "
            "invoice, when its number alone does not name the file."
        ),
    )
    invoice_number = forms.CharField(
        label=gettext_lazy("Invoice number of the file"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("For a reimbursement, the number of the facility's receipt."),
    )
    on_decision = forms.BooleanField(
        label=gettext_lazy("The complaint contests the file's decision"), required=False
    )
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DateInput)
    subject = forms.CharField(label=gettext_lazy("Complaint"), widget=forms.Textarea(attrs={"rows": 5}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    uphold = forms.BooleanField(
        label=gettext_lazy("Uphold the complaint: the file is reopened and decided again"), required=False
    )
    answered_on = forms.DateField(label=gettext_lazy("Answered on"), widget=DateInput)


def show_error(form: forms.Form, error: DomainError, aliases: dict[str, str] | None = None) -> None:
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _file_named(form: forms.Form, *, facility: Any = None, member: Any = None) -> Any:
    """The file whose invoice number the form gives (None for none given, or when the number names no
    file or several: the form then says so beside the field). The number is unique per facility only: a
    number several facilities used is told apart by the facility, then by the insured person's family."""
    number = form.cleaned_data.get("invoice_number") or ""
    if not number.strip():
        return None
    found = billing_files_numbered(invoice_number=number, facility=facility)
    if len(found) > 1 and member is not None:
        found = billing_files_numbered(invoice_number=number, facility=facility, member=member) or found
    if not found:
        form.add_error("invoice_number", _("No file the fund received has this invoice number."))
        return None
    if len(found) > 1:
        message = _("Several facilities issued this invoice number: give the facility's code too.")
        form.add_error("facility", message)
        return None
    return found[0]


# ---- The regional office ----------------------------------------------------------------------------------


def _parties(complaint: Any) -> dict[str, Any]:
    """Who complains and about whom: the insured person (or the beneficiary of the file a facility
    complains about) and the member whose page holds them; the facility named, the file's or the
    complainant's."""
    billing_file = complaint.billing_file
    beneficiary = member = None
    if billing_file is not None:
        sheet = billing_file.care_sheet
        beneficiary = sheet.dependant or sheet.member
        member = sheet.dependant.member if sheet.dependant is not None else sheet.member
    elif complaint.member is not None:
        beneficiary = member = complaint.member
    facility = billing_file.facility if billing_file is not None else complaint.facility
    return {"beneficiary": beneficiary, "member": member, "facility": facility}


EXPORT_HEADER = (
    gettext_lazy("Complaint number"),
    gettext_lazy("Status"),
    gettext_lazy("Complainant"),
    gettext_lazy("Name of the complainant"),
    gettext_lazy("Beneficiary"),
    gettext_lazy("Registration number"),
    gettext_lazy("Regional office"),
    gettext_lazy("Received on"),
    gettext_lazy("To be answered by"),
    gettext_lazy("Days left"),
    gettext_lazy("Past its clock"),
    gettext_lazy("Answered on"),
    gettext_lazy("Invoice number"),
    gettext_lazy("Facility code"),
    gettext_lazy("Facility"),
    gettext_lazy("Complaint"),
)


def _export_row(complaint: Any, today: Any, profile: Any) -> list[Any]:
    parties = _parties(complaint)
    running = complaint_clock(complaint, today=today, profile=profile)
    complainant = complaint.member if complaint.member is not None else complaint.facility
    facility = parties["facility"]
    return [
        complaint.number,
        complaint.get_status_display(),
        complaint.get_complainant_display(),
        complaint.member.full_name if complaint.member is not None else local_name(complainant),
        getattr(parties["beneficiary"], "full_name", ""),
        getattr(parties["member"], "registration_number", ""),
        region_name(complaint.region),
        complaint.received_on,
        complaint.due_on,
        running.days_left if complaint.status == ComplaintStatus.OPEN else None,
        running.overdue,
        complaint.answered_on,
        complaint.billing_file.invoice_number if complaint.billing_file is not None else "",
        facility.code if facility is not None else "",
        local_name(facility),
        complaint.subject,
    ]


@login_required
@capability_required("claims.complaints")
def complaint_queue_page(request: Any):
    """The complaints, open ones by default, oldest due first, each with its clock, its parties and its
    file; `?export=csv|xlsx` downloads the filtered list."""
    today = timezone.localdate()
    profile = active_profile()
    form = ComplaintFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        found = complaints_export(user=request.user, filters=filters, today=today)
        rows = (_export_row(c, today, profile) for c in found)
        return export_response(fmt=fmt, title=_("Complaints"), header=EXPORT_HEADER, rows=rows, day=today)
    page = complaint_list(
        user=request.user,
        filters=filters,
        today=today,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    rows = [
        {"complaint": c, "clock": complaint_clock(c, today=today, profile=profile), **_parties(c)}
        for c in page.rows
    ]
    context = {
        "form": form,
        "facilities": form.facilities(),
        "page": page,
        "rows": rows,
        "waiting_only": filters.statuses == (ComplaintStatus.OPEN,),
        "query": filter_query(request.GET),
        "files_open": can(request.user, "claims.view"),  # the file's page, for those who may read it
        # A person's name leads to the member's page for those who may read the register.
        "may_read_register": can(request.user, "registry.view"),
        **export_links(request.GET),
    }
    return render(request, "claims/complaints/queue.html", context)


def _default_region(request: Any) -> str:
    """The agent's branch chosen at the reception desk, when they chose one."""
    desk = request.session.get(DESK_KEY) or {}
    return str(desk.get("branch", ""))


@login_required
@capability_required("claims.complaints")
@require_http_methods(["GET", "POST"])
def complaint_new(request: Any):
    initial = {"received_on": timezone.localdate(), "region": _default_region(request)}
    named = (
        billing_file_number(pk=int(request.GET["file"])) if request.GET.get("file", "").isdigit() else None
    )
    if named is not None:
        initial["invoice_number"] = named.invoice_number
        if invoice_number_shared(invoice_number=named.invoice_number):
            initial["facility"] = named.facility_code
    form = ComplaintForm(request.POST or None, initial=initial)
    form.fields["region"].choices = _regions(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = facility = None
        if data["complainant"] == ComplainantKind.INSURED and data["registration_number"]:
            member = member_for_counter(registration_number=data["registration_number"])
            if member is None:
                form.add_error("registration_number", _("No member has this registration number."))
        if data["facility"]:
            facility = facility_by_code(code=data["facility"])
            if facility is None:
                form.add_error("facility", _("No facility of the network has this code."))
        billing_file = _file_named(form, facility=facility, member=member) if not form.errors else None
        # The facility field names the complainant only in a facility's complaint.
        member_id = getattr(member, "pk", None)
        facility_id = (
            getattr(facility, "pk", None) if data["complainant"] == ComplainantKind.FACILITY else None
        )
        if not form.errors:
            try:
                complaint = complaint_register(
                    actor=request.user,
                    complainant=data["complainant"],
                    region=data["region"],
                    subject=data["subject"],
                    received_on=data["received_on"],
                    billing_file_id=getattr(billing_file, "pk", None),
                    member_id=member_id,
                    facility_id=facility_id,
                    on_decision=data["on_decision"],
                )
            except DomainError as error:
                show_error(form, error, {"member": "registration_number", "billing_file": "invoice_number"})
            else:
                messages.success(request, _("Complaint %(n)s registered.") % {"n": complaint.number})
                return redirect("claims:complaint_detail", pk=complaint.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "claims/complaints/form.html", {"form": form}, status=status)


def _detail(request: Any, pk: int, answer_form: AnswerForm | None = None, status: int = 200):
    complaint = complaint_get(pk=pk)
    if complaint is None:
        raise Http404(_("No such complaint."))
    if answer_form is None and complaint.status == ComplaintStatus.OPEN:
        answer_form = AnswerForm(initial={"answered_on": timezone.localdate()})
    context = {
        "complaint": complaint,
        "clock": complaint_clock(complaint, today=timezone.localdate()),
        "answer_form": answer_form,
    }
    return render(request, "claims/complaints/detail.html", context, status=status)


@login_required
@capability_required("claims.complaints")
def complaint_detail(request: Any, pk: int):
    return _detail(request, pk)


@require_POST
@login_required
@capability_required("claims.complaints")
def complaint_answer_page(request: Any, pk: int):
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            complaint = complaint_answer(
                actor=request.user,
                complaint_id=pk,
                answer=form.cleaned_data["answer"],
                uphold=form.cleaned_data["uphold"],
                on=form.cleaned_data["answered_on"],
            )
        except DomainError as error:
            show_error(form, error, {"status": "uphold"})
        else:
            if complaint.reopened:
                messages.success(request, _("Answer recorded: the file was reopened and decided again."))
            else:
                messages.success(request, _("Answer recorded."))
            return redirect("claims:complaint_detail", pk=pk)
    return _detail(request, pk, answer_form=form, status=400)
