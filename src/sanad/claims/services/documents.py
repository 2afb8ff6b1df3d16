"""The supporting documents of a billing file (scans of the checklist) and the facility's answers to the
fund's requests for documents.

`BillingFile.documents`, the codes of the documents present that the engine reads, follows the scans:
each upload adds its kind. The confidential medical envelope is stored marked confidential; who may open
a document is `sanad.claims.selectors.facility.document_can_open`.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.claims.models import BillingFile, FileDocument, InfoRequest
from sanad.claims.selectors.facility import is_confidential
from sanad.claims.statuses import CONFIDENTIAL_DOCUMENTS, DocumentKind, FileStatus
from sanad.common.audit import audit_read, audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.common.scans import scan_check
from sanad.providers.selectors import facility_of_user

# A decided file takes no more papers: a complaint reopens it first.
_CLOSED = frozenset({FileStatus.VALIDATED, FileStatus.REJECTED})


def document_opened(*, actor: Any, document: FileDocument) -> None:
    """Opening the confidential medical envelope is itself audited (who read which file's envelope, when),
    on the file's trail; other documents are not (issue #16, §2)."""
    if is_confidential(document):
        audit_read(
            actor=actor,
            action="medical_envelope_read",
            obj=document.billing_file,
            what={"document": document.kind},
        )


def _file_for_papers(actor: Any, billing_file_id: int) -> BillingFile:
    """The file, locked, if `actor` files papers for it: staff of its facility (or the system)."""
    billing_file = BillingFile.objects.select_for_update().filter(pk=billing_file_id).first()
    if billing_file is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="billing_file")
    if actor is not None:
        own = facility_of_user(user=actor) if can(actor, "claims.submit") else None
        if own is None or own.pk != billing_file.facility_id:
            # Another facility's file does not exist for it.
            raise DomainError(ErrorCode.NOT_FOUND, field="billing_file")
    if billing_file.status in _CLOSED:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("This file is decided: it takes no more documents."),
            field="billing_file",
        )
    return billing_file


def _named(kind: str, scan: UploadedFile | None) -> UploadedFile:
    """The uploaded scan, checked (a kind of the checklist; PDF, JPEG or PNG within the size limit) and
    renamed for storage."""
    if kind not in DocumentKind.values:
        raise DomainError(ErrorCode.INVALID, _("Choose the kind of document."), field="kind")
    suffix = scan_check(scan)
    assert scan is not None
    # The stored name tells nothing of the patient: the kind and a random part.
    scan.name = f"{kind}-{secrets.token_hex(6)}{suffix}"
    return scan


def document_add(actor: Any, billing_file: BillingFile, kind: str, scan: UploadedFile | str) -> FileDocument:
    """The document (the medical envelope confidential); the file's list of documents present gains the
    kind."""
    document = FileDocument.objects.create(
        billing_file=billing_file,
        kind=kind,
        confidential=kind in CONFIDENTIAL_DOCUMENTS,
        scan=scan,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    before = list(billing_file.documents or [])
    present = sorted({*before, kind})
    if present != before:
        billing_file.documents = present
        billing_file.save(update_fields=["documents"])
    return document


def document_file(
    *, actor: Any, billing_file: BillingFile, kind: str, scan: UploadedFile | str
) -> FileDocument:
    """File a checked scan (an upload, or the storage name of one already stored) with the file, and audit
    it as an upload."""
    before = list(billing_file.documents or [])
    document = document_add(actor, billing_file, kind, scan)
    audit_record(
        actor=actor,
        action="file_document_upload",
        obj=billing_file,
        before={"documents": before},
        after={"documents": billing_file.documents, "kind": kind, "document": document.pk},
    )
    return document


@transaction.atomic
def file_document_upload(
    *, actor: Any, billing_file_id: int, kind: str, scan: UploadedFile | None
) -> FileDocument:
    """File a scan of the checklist with a billing file of the actor's facility; the medical envelope is
    kept confidential. The file's list of documents present gains the kind."""
    billing_file = _file_for_papers(actor, billing_file_id)
    return document_file(actor=actor, billing_file=billing_file, kind=kind, scan=_named(kind, scan))


@transaction.atomic
def info_request_answer(
    *,
    actor: Any,
    request_id: int,
    answer: str,
    kind: str = "",
    scan: UploadedFile | None = None,
    on: datetime.date | None = None,
) -> InfoRequest:
    """The facility answers the fund's request for documents once, with a note, a scan, or both; the
    answer and its date are recorded (the processing clock never paused)."""
    found = InfoRequest.objects.filter(pk=request_id).values_list("billing_file_id", flat=True).first()
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="request")
    billing_file = _file_for_papers(actor, found)
    request = InfoRequest.objects.select_for_update().get(pk=request_id)
    if request.answered_on is not None:
        raise DomainError(ErrorCode.CONFLICT, _("This request is already answered."), field="answer")
    answer = answer.strip()
    if not answer and scan is None:
        raise DomainError(ErrorCode.REQUIRED, _("Write an answer or attach a document."), field="answer")
    document = document_add(actor, billing_file, kind, _named(kind, scan)) if scan is not None else None
    request.answered_on = on or timezone.localdate()
    request.answer = answer
    request.save(update_fields=["answered_on", "answer"])
    audit_record(
        actor=actor,
        action="info_request_answer",
        obj=billing_file,
        after={
            "request": request.pk,
            "answered_on": request.answered_on,
            "document": document.pk if document else None,
            "documents": billing_file.documents,
        },
    )
    return request
