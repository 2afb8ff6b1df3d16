"""The scans of a request: checked at the door (a PDF or a photo within the size limit) and stored under a
name that tells nothing of the patient; the confidential medical report marked confidential."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.authorizations.models import AuthorizationRequest, RequestDocument, RequestEvent
from sanad.authorizations.services._events import user_or_none
from sanad.common.audit import audit_read
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.scans import scan_check
from sanad.funds.types_authorizations import RequestCatalogue


def document_key(code: str) -> str:
    """The name of a document's upload on the pages and in errors: `document_<code>`."""
    return f"document_{code}"


def uploads_check(
    catalogue: RequestCatalogue, uploads: Mapping[str, UploadedFile | None], allowed: list[str]
) -> dict[str, UploadedFile]:
    """The scans handed in, each a paper of the request's checklist and a readable file."""
    checked: dict[str, UploadedFile] = {}
    for code, scan in uploads.items():
        if scan is None:
            continue
        if code not in allowed:
            raise DomainError(
                ErrorCode.INVALID,
                _("This paper is not on the request's checklist."),
                field=document_key(code),
            )
        suffix = scan_check(scan, field=document_key(code))
        # The stored name tells nothing of the patient: the paper's code and a random part.
        scan.name = f"{code}-{secrets.token_hex(6)}{suffix}"
        checked[code] = scan
    return checked


def documents_store(
    *,
    actor: Any,
    request: AuthorizationRequest,
    catalogue: RequestCatalogue,
    scans: Mapping[str, UploadedFile],
) -> list[RequestDocument]:
    """File the checked scans with the request (the caller holds its lock)."""
    return [
        RequestDocument.objects.create(
            request=request,
            code=code,
            confidential=catalogue.document(code).confidential,
            scan=scan,
            uploaded_by=user_or_none(actor),
        )
        for code, scan in scans.items()
    ]


@transaction.atomic
def medical_report_read(*, actor: Any, document: RequestDocument) -> RequestEvent:
    """Record that `actor` opened the confidential medical report: reading it is itself audited (seed 002:
    the "pli confidentiel" is for the medical adviser only), and the request's timeline says who read it.
    Only a reader allowed to open it gets here; the check is the caller's."""
    audit_read(
        actor=actor,
        action="medical_report_read",
        obj=document,
        what={"request": document.request.reference, "document": document.code},
    )
    return RequestEvent.objects.create(
        request=document.request,
        at=timezone.now(),
        action="medical_report_read",
        actor=user_or_none(actor),
        data={"document": document.code},
    )
