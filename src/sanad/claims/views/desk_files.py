"""The facility desk's billing files: made from a care sheet, read with the engine's preview or decision,
corrected or cancelled until submitted."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanad.claims import forms_desk as forms
from sanad.claims.selectors import facility as read
from sanad.claims.selectors.queues import billing_file_decision
from sanad.claims.selectors.texts import finding_texts_grouped
from sanad.claims.services import corrections
from sanad.claims.services.register import billing_file_create
from sanad.claims.statuses import DocumentKind, FileStatus, Outcome
from sanad.claims.views.desk import (
    _found,
    _refused,
    _sheet_detail,
)
from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required


@require_POST
@login_required
@capability_required("claims.submit")
def file_create(request: Any, pk: int):
    """Bill a care sheet: a draft billing file with the engine's preview of the shares."""
    sheet = _found(read.care_sheet_of_facility, user=request.user, sheet_id=pk)
    form = forms.BillingFileForm(request.POST)
    if form.is_valid():
        try:
            billing_file = billing_file_create(
                actor=request.user, care_sheet_id=sheet.pk, invoice_number=form.cleaned_data["invoice_number"]
            )
        except DomainError as error:
            status = _refused(request, form, error)
        else:
            messages.success(
                request, _("Billing file %(number)s created.") % {"number": billing_file.invoice_number}
            )
            return redirect("claims:desk_file", pk=billing_file.pk)
    else:
        status = 400
    if status == 400:
        messages.error(request, _("Please correct the errors below."))
    sheet = _found(read.care_sheet_of_facility, user=request.user, sheet_id=pk)
    return _sheet_detail(request, sheet, bill_form=form, status=status)


def _reasons(preview: Any, decision: Any) -> dict[str, Any]:
    """The texts of the preview's or of the decision's findings, the file's and each line's, rendered
    together: the facilities and files they name are read once for all."""
    if preview is not None:
        groups = [preview.decision.findings, *(result.findings for _line, result in preview.lines)]
    elif decision is not None:
        groups = [decision.findings, *(outcome.findings for outcome in decision.lines.all())]
    else:
        groups = [[]]
    texts = [[item["text"] for item in group] for group in finding_texts_grouped(groups)]
    return {"file": texts[0], "lines": texts[1:]}


def _file_page(
    request: Any,
    billing_file: Any,
    *,
    upload: Any = None,
    answers: dict | None = None,
    status=200,
    edit_form: Any = None,
    cancel_form: Any = None,
):
    answers = answers or {}
    preview = decision = None
    if billing_file.status in (FileStatus.DRAFT, FileStatus.SUBMITTED):
        preview = read.billing_file_preview(file_id=billing_file.pk, on=timezone.localdate())
    elif billing_file.status in read.DECIDED:
        decision = billing_file_decision(file_id=billing_file.pk)
    sheet = billing_file.care_sheet
    outcomes = dict(Outcome.choices)
    kinds = dict(DocumentKind.choices)
    requests = [
        (
            item,
            [str(kinds.get(code, code)) for code in item.documents or ()],
            answers.get(item.pk) or forms.InfoAnswerForm(prefix=f"answer-{item.pk}"),
        )
        for item in billing_file.info_requests.all()
    ]
    reasons = _reasons(preview, decision)
    context = {
        "file": billing_file,
        "sheet": sheet,
        "person": sheet.dependant or sheet.member,
        "member": sheet.dependant.member if sheet.dependant else sheet.member,
        "lines": list(sheet.lines.all()),
        "preview": preview,
        "preview_lines": [
            (line, result, outcomes.get(result.status.value, result.status.value), texts)
            for (line, result), texts in zip(preview.lines, reasons["lines"], strict=True)
        ]
        if preview
        else [],
        "preview_findings": reasons["file"] if preview else [],
        "decision": decision,
        "decision_lines": list(zip(decision.lines.all(), reasons["lines"], strict=True)) if decision else [],
        "decision_findings": reasons["file"] if decision else [],
        "documents": [(d, read.document_can_open(request.user, d)) for d in billing_file.attachments.all()],
        "requests": requests,
        "upload_form": upload or forms.DocumentForm(),
        "may_add_papers": billing_file.status not in read.DECIDED | {FileStatus.CANCELLED},
        "history": read.file_history(billing_file=billing_file),
        "correctable": read.care_sheet_correctable(care_sheet=sheet),
        "edit_form": edit_form
        or forms.BillingFileForm(
            initial={"invoice_number": billing_file.invoice_number, "version": sheet.version}
        ),
        "cancel_form": cancel_form or forms.CancelForm(initial={"version": sheet.version}),
    }
    return render(request, "claims/desk/file_detail.html", context, status=status)


@require_GET
@login_required
@capability_required("claims.submit")
def file_detail(request: Any, pk: int):
    return _file_page(request, _found(read.billing_file_of_facility, user=request.user, file_id=pk))


@require_POST
@login_required
@capability_required("claims.submit")
def file_edit(request: Any, pk: int):
    """Correct a draft billing file's invoice number before it is sent."""
    billing_file = _found(read.billing_file_of_facility, user=request.user, file_id=pk)
    form = forms.BillingFileForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            corrections.billing_file_edit(
                actor=request.user,
                file_id=billing_file.pk,
                invoice_number=form.cleaned_data["invoice_number"],
                version=form.cleaned_data.get("version"),
            )
        except DomainError as error:
            status = _refused(request, form, error)
        else:
            messages.success(request, _("Invoice number corrected."))
            return redirect("claims:desk_file", pk=billing_file.pk)
    billing_file = _found(read.billing_file_of_facility, user=request.user, file_id=pk)
    return _file_page(request, billing_file, edit_form=form, status=status)


@require_POST
@login_required
@capability_required("claims.submit")
def file_cancel(request: Any, pk: int):
    """Cancel a draft billing file never sent, with its care sheet, and the reason; both are kept."""
    billing_file = _found(read.billing_file_of_facility, user=request.user, file_id=pk)
    form = forms.CancelForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            corrections.billing_file_cancel(
                actor=request.user,
                file_id=billing_file.pk,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data.get("version"),
            )
        except DomainError as error:
            status = _refused(request, form, error)
        else:
            messages.success(
                request, _("Billing file %(number)s cancelled.") % {"number": billing_file.invoice_number}
            )
            return redirect("claims:desk_file", pk=billing_file.pk)
    billing_file = _found(read.billing_file_of_facility, user=request.user, file_id=pk)
    return _file_page(request, billing_file, cancel_form=form, status=status)
