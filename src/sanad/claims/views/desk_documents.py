"""The facility desk's supporting papers: uploads to a billing file, answers to the fund's requests for
papers, and opening a paper (confidential ones only for whom may read them)."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sanad.claims import forms_desk as forms
from sanad.claims.models import FileDocument
from sanad.claims.pdf_sheet import care_sheet_pdf
from sanad.claims.selectors import facility as read
from sanad.claims.services import documents as papers
from sanad.claims.views.desk import _form_error, _found
from sanad.claims.views.desk_files import _file_page
from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required


@require_POST
@login_required
@capability_required("claims.submit")
def document_upload(request: Any, pk: int):
    """File a supporting document (a scan of the checklist) with one of the facility's files."""
    billing_file = _found(read.billing_file_of_facility, user=request.user, file_id=pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = papers.file_document_upload(
                actor=request.user,
                billing_file_id=billing_file.pk,
                kind=form.cleaned_data["kind"],
                scan=form.cleaned_data["scan"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Document filed: %(kind)s.") % {"kind": document.get_kind_display()})
            return redirect("claims:desk_file", pk=billing_file.pk)
    messages.error(request, _("Please correct the errors below."))
    billing_file = _found(read.billing_file_of_facility, user=request.user, file_id=pk)
    return _file_page(request, billing_file, upload=form, status=400)


@require_POST
@login_required
@capability_required("claims.submit")
def info_answer(request: Any, pk: int, request_id: int):
    """Answer the fund's request for documents with a note, a scan, or both."""
    billing_file = _found(read.billing_file_of_facility, user=request.user, file_id=pk)
    if not any(item.pk == request_id for item in billing_file.info_requests.all()):
        raise Http404
    form = forms.InfoAnswerForm(request.POST, request.FILES, prefix=f"answer-{request_id}")
    if form.is_valid():
        try:
            papers.info_request_answer(
                actor=request.user,
                request_id=request_id,
                answer=form.cleaned_data["answer"],
                kind=form.cleaned_data["kind"],
                scan=form.cleaned_data["scan"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Answer sent to the fund."))
            return redirect("claims:desk_file", pk=billing_file.pk)
    messages.error(request, _("Please correct the errors below."))
    billing_file = _found(read.billing_file_of_facility, user=request.user, file_id=pk)
    return _file_page(request, billing_file, answers={request_id: form}, status=400)


@never_cache
@require_GET
@login_required
def document_open(request: Any, pk: int):
    """A supporting document, served through this check only, never from MEDIA_URL. A file the user may not
    see is not found; the confidential envelope of a file they see is forbidden unless they are a medical
    adviser."""
    document = FileDocument.objects.select_related("billing_file").filter(pk=pk).first()
    if document is None or not read.billing_file_visible(request.user, document.billing_file):
        raise Http404
    if not read.document_can_open(request.user, document):
        raise PermissionDenied("claims.confidential")
    try:
        handle = document.scan.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    papers.document_opened(actor=request.user, document=document)
    name = PurePosixPath(document.scan.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, filename=name, content_type=content_type)


@require_GET
@login_required
@capability_required("claims.submit")
def sheet_pdf(request: Any, pk: int):
    """The printable care sheet, in the reader's language."""
    sheet = _found(read.care_sheet_of_facility, user=request.user, sheet_id=pk)
    response = HttpResponse(care_sheet_pdf(sheet), content_type="application/pdf")
    # Named by the day of care, as the facility files its papers (never by an id).
    response["Content-Disposition"] = f'inline; filename="care-sheet-{sheet.care_date:%d-%m-%Y}.pdf"'
    return response
