"""Claims for facilities' software and the fund's tools: care sheets, billing files and their documents.

Scoped by role, as the pages: facility staff see and touch only their own facility's sheets, files and
batches (another facility's id is 404); fund staff holding claims.view read any file; the decisions are
in `claims_fund`, the batches (and their recall) in `claims_batches`. Handlers stay thin: services decide,
selectors read.

Corrections at the desk: a care sheet and its draft billing file are corrected or cancelled until the file
is submitted, never deleted (a cancelled sheet and its draft are kept with the reason). A correction may
send back the sheet's `version` as last read: when someone else changed the sheet or its file meanwhile,
or it can no longer be changed, the answer is a 409 saying who acted, what they decided and when
(`claims/services/corrections.py`).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils import timezone
from ninja import File, Form, Query, Router, Status, UploadedFile

from sanad.api.rest import claims_batches, claims_fund
from sanad.api.rest.claims_in import facility_id_of, sheet_field, sheet_input
from sanad.api.rest.claims_out import (
    billing_file_item,
    billing_file_read,
    care_sheet_out,
    document_out,
    fields_renamed,
    info_request_out,
)
from sanad.api.rest.claims_schemas import (
    BillingFileIn,
    BillingFileOut,
    BillingFilePage,
    CancelIn,
    CareSheetCorrectionIn,
    CareSheetIn,
    CareSheetOut,
    DocumentOut,
    InfoRequestOut,
    InvoiceNumberIn,
)
from sanad.api.rest.errors import ERRORS, WRITE_ERRORS, idempotent
from sanad.claims.selectors import billing_file_queue_page
from sanad.claims.selectors.desk import desk_beneficiary
from sanad.claims.selectors.facility import (
    billing_file_of_facility,
    care_sheet_of_facility,
    facility_file_page,
    own_facility,
)
from sanad.claims.selectors.queues import OPEN_STATUSES
from sanad.claims.services import (
    billing_file_cancel,
    billing_file_create,
    billing_file_edit,
    care_sheet_cancel,
    care_sheet_edit,
    care_sheet_open,
    file_document_upload,
    info_request_answer,
)
from sanad.claims.statuses import DocumentKind, FileStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.registry.certificates.access import registration_number_valid

router = Router(tags=["claims"])
router.add_router("", claims_batches.router)
router.add_router("", claims_fund.router)

_SHEET = {"care_sheet": "sheet_id"}
_FILE = {"billing_file": "file_id"}


@router.post("/care-sheets", response={201: CareSheetOut, **ERRORS})
def care_sheet_create(request, data: CareSheetIn):
    """Open a care sheet at the caller's facility for a member (by registration number) or one of their
    dependants; every rule of the sheet is checked, an error names its field (`lines[0].code`)."""
    facility = own_facility(user=request.user)
    with fields_renamed(sheet_field):
        number = registration_number_valid(data.registration_number)
        member, dependant = desk_beneficiary(
            user=request.user, registration_number=number, dependant_id=data.dependant_id
        )
        sheet = sheet_input(data, facility.pk, member.pk, dependant.pk if dependant else None)
        care_sheet = care_sheet_open(actor=request.user, sheet=sheet)
    care_sheet = care_sheet_of_facility(user=request.user, sheet_id=care_sheet.pk)
    return Status(201, care_sheet_out(care_sheet, list(care_sheet.lines.all()), facility.code))


@router.get("/care-sheets/{sheet_id}", response={200: CareSheetOut, **ERRORS})
def care_sheet_get(request, sheet_id: int):
    """One of the caller's facility's care sheets with its lines."""
    facility = own_facility(user=request.user)
    with fields_renamed(_SHEET):
        care_sheet = care_sheet_of_facility(user=request.user, sheet_id=sheet_id)
    return care_sheet_out(care_sheet, list(care_sheet.lines.all()), facility.code)


@router.put(
    "/care-sheets/{sheet_id}", response={200: CareSheetOut, **WRITE_ERRORS}, openapi_extra=idempotent()
)
def care_sheet_correct(request, sheet_id: int, data: CareSheetCorrectionIn):
    """Correct one of the facility's care sheets while it is open and its billing file, if any, is still a
    draft: every rule of a new sheet is checked again (an error names its field, `lines[0].code`), the
    draft's preview of the shares is computed again, the `version` goes up by one. The beneficiary stays:
    a sheet for the wrong person is cancelled and opened again."""
    facility = own_facility(user=request.user)
    with fields_renamed(_SHEET):
        care_sheet = care_sheet_of_facility(user=request.user, sheet_id=sheet_id)
    with fields_renamed(sheet_field):
        sheet = sheet_input(data, facility.pk, care_sheet.member_id, care_sheet.dependant_id)
        care_sheet_edit(actor=request.user, care_sheet_id=care_sheet.pk, sheet=sheet, version=data.version)
    return care_sheet_get(request, sheet_id)


@router.post(
    "/care-sheets/{sheet_id}/cancel",
    response={200: CareSheetOut, **WRITE_ERRORS},
    openapi_extra=idempotent(),
)
def care_sheet_drop(request, sheet_id: int, data: CancelIn):
    """Cancel a care sheet entered by mistake, with the reason, and its draft billing file if it has one
    (the draft leaves its open batch); both are kept, never billed nor sent. A file sent to the fund is
    not cancelled: recall its batch first."""
    with fields_renamed(_SHEET):
        care_sheet = care_sheet_of_facility(user=request.user, sheet_id=sheet_id)
        care_sheet_cancel(
            actor=request.user, care_sheet_id=care_sheet.pk, reason=data.reason, version=data.version
        )
    return care_sheet_get(request, sheet_id)


# ---- Billing files ---------------------------------------------------------------------------------


@router.post("/billing-files", response={201: BillingFileOut, **ERRORS})
def billing_file_new(request, data: BillingFileIn):
    """Bill one of the facility's care sheets: a draft file under an invoice number unique to the facility
    (409 when taken), with the engine's preview of the fund and patient shares."""
    own_facility(user=request.user)
    with fields_renamed({"care_sheet": "care_sheet_id"}):
        care_sheet_of_facility(user=request.user, sheet_id=data.care_sheet_id)
        billing_file = billing_file_create(
            actor=request.user, care_sheet_id=data.care_sheet_id, invoice_number=data.invoice_number
        )
    return Status(201, billing_file_read(request.user, billing_file.pk))


@router.post("/billing-files/{file_id}/documents", response={201: DocumentOut, **ERRORS})
def billing_file_document(request, file_id: int, kind: Form[DocumentKind], scan: File[UploadedFile]):
    """File one scan (PDF, JPEG or PNG, 5 MB at most) of the checklist with one of the facility's files;
    the confidential medical envelope is kept apart, for the fund's medical advisers only."""
    own_facility(user=request.user)
    with fields_renamed({"billing_file": "file_id"}):
        document = file_document_upload(
            actor=request.user, billing_file_id=file_id, kind=kind.value, scan=scan
        )
    return Status(201, document_out(document))


@router.post(
    "/billing-files/{file_id}/info-requests/{request_id}/answer", response={200: InfoRequestOut, **ERRORS}
)
def info_request_reply(
    request,
    file_id: int,
    request_id: int,
    answer: Form[str] = "",
    kind: Form[str] = "",
    scan: File[UploadedFile] = None,
):
    """Answer the fund's request for documents once, with a note, a scan (and its kind), or both."""
    with fields_renamed({"billing_file": "file_id", "request": "request_id"}):
        billing_file = billing_file_of_facility(user=request.user, file_id=file_id)
        if not any(item.pk == request_id for item in billing_file.info_requests.all()):
            raise DomainError(ErrorCode.NOT_FOUND, field="request_id")
        answered = info_request_answer(
            actor=request.user, request_id=request_id, answer=answer, kind=kind, scan=scan
        )
    return info_request_out(answered)


@router.get("/billing-files/{file_id}", response={200: BillingFileOut, **ERRORS})
def billing_file_get(request, file_id: int):
    """A file with its sheet, documents, requests for documents and current decision (each line's outcome
    with its reasons: code, rule, parameters and text in the request's language)."""
    return billing_file_read(request.user, file_id)


@router.patch(
    "/billing-files/{file_id}", response={200: BillingFileOut, **WRITE_ERRORS}, openapi_extra=idempotent()
)
def billing_file_correct(request, file_id: int, data: InvoiceNumberIn):
    """Correct a draft billing file's invoice number before it is sent (unique among the facility's
    invoices: 409 when taken)."""
    with fields_renamed(_FILE):
        billing_file = billing_file_of_facility(user=request.user, file_id=file_id)
        billing_file_edit(
            actor=request.user,
            file_id=billing_file.pk,
            invoice_number=data.invoice_number,
            version=data.version,
        )
    return billing_file_read(request.user, file_id)


@router.post(
    "/billing-files/{file_id}/cancel",
    response={200: BillingFileOut, **WRITE_ERRORS},
    openapi_extra=idempotent(),
)
def billing_file_drop(request, file_id: int, data: CancelIn):
    """Cancel a draft billing file never sent, with the reason, and so its care sheet (a sheet bills once);
    both are kept. A file sent to the fund is not cancelled: recall its batch first."""
    with fields_renamed(_FILE):
        billing_file = billing_file_of_facility(user=request.user, file_id=file_id)
        billing_file_cancel(
            actor=request.user, file_id=billing_file.pk, reason=data.reason, version=data.version
        )
    return billing_file_read(request.user, file_id)


# The fund's queues start when a file is received: drafts and submitted files are still the facility's.
_FUND_STATUSES = frozenset({*OPEN_STATUSES, FileStatus.VALIDATED, FileStatus.REJECTED})


def _queue_cursor(after: str) -> str:
    """A fund queue's cursor: the JSON pair [day, id] of the last row shown."""
    if not after:
        return ""
    try:
        day, pk = json.loads(after)
        datetime.date.fromisoformat(day)
        int(pk)
    except (ValueError, TypeError):
        raise DomainError(ErrorCode.INVALID, field="after") from None
    return after


def _fund_list(request, status: str, facility: str, overdue: bool, after: str, size: int) -> dict[str, Any]:
    if not status:
        raise DomainError(ErrorCode.REQUIRED, field="status")
    if status not in _FUND_STATUSES:
        raise DomainError(ErrorCode.INVALID, field="status")
    facility_id = facility_id_of(facility, "facility")
    page = billing_file_queue_page(
        status=FileStatus(status),
        facility_id=facility_id,
        overdue_on=timezone.localdate() if overdue else None,
        after=_queue_cursor(after),
        size=size,
    )
    return {
        "items": [billing_file_item(row, row.facility.code) for row in page.rows],
        "next_after": page.next_after,
    }


@router.get("/billing-files", response={200: BillingFilePage, **ERRORS})
def billing_file_list(
    request,
    status: FileStatus | None = None,
    after: str = "",
    facility: str = "",
    overdue: bool = False,
    size: int = Query(50, ge=1, le=200),
):
    """Files paged by key (pass `next_after` back as `after`). Facility staff: their own, newest first.
    Fund staff (claims.view): one queue by `status` (from received on), oldest received first, of one
    facility by its code, or only the `overdue` ones."""
    if can(request.user, "claims.view"):
        return _fund_list(request, status.value if status else "", facility, overdue, after, size)
    own = own_facility(user=request.user)
    if after and not after.isdigit():
        raise DomainError(ErrorCode.INVALID, field="after")
    page = facility_file_page(
        user=request.user, status=status.value if status else "", older=after, size=size
    )
    return {"items": [billing_file_item(row, own.code) for row in page.rows], "next_after": page.older}
