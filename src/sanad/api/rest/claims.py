"""Claims for facilities' software and the fund's tools: care sheets, billing files and their documents.

Scoped by role, as the pages: facility staff see and touch only their own facility's sheets, files and
batches (another facility's id is 404); fund staff holding claims.view read any file; the decisions are
in `claims_fund`, the batches in `claims_batches`. Handlers stay thin: services decide, selectors read.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.utils import timezone
from ninja import File, Form, Query, Router, Status, UploadedFile

from sanad.api.rest import claims_batches, claims_fund
from sanad.api.rest.claims_out import (
    billing_file_item,
    billing_file_read,
    care_sheet_out,
    document_out,
    fields_renamed,
    info_request_out,
)
from sanad.api.rest.claims_schemas import (
    ERRORS,
    BillingFileIn,
    BillingFileOut,
    BillingFilePage,
    CareSheetIn,
    CareSheetOut,
    DocumentOut,
    InfoRequestOut,
)
from sanad.claims.selectors import billing_file_queue_page
from sanad.claims.selectors.desk import desk_beneficiary
from sanad.claims.selectors.facility import (
    billing_file_of_facility,
    care_sheet_of_facility,
    facility_file_page,
    facility_id_by_code,
    own_facility,
)
from sanad.claims.selectors.queues import OPEN_STATUSES
from sanad.claims.services import (
    CareSheetInput,
    LineInput,
    billing_file_create,
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

# The service's names of a sheet's fields → the request's.
_SHEET_FIELDS = {
    "member": "registration_number",
    "dependant": "dependant_id",
    "practitioner_name": "practitioner",
    "referral_in_facility": "referral_in.facility_code",
    "referral_in_facility_id": "referral_in.facility_code",
    "referral_in_level": "referral_in.level",
    "referral_in_on": "referral_in.on",
    "referral_in_valid_until": "referral_in.valid_until",
    "referral_out_level": "referral_out.level",
    "referral_out_facility": "referral_out.facility_code",
    "referral_out_facility_id": "referral_out.facility_code",
}
_LINE_FIELD = re.compile(r"lines-(\d+)-(\w+)")


def _sheet_field(field: str) -> str:
    line = _LINE_FIELD.fullmatch(field)
    return f"lines[{line[1]}].{line[2]}" if line else _SHEET_FIELDS.get(field, field)


def _facility_id(code: str | None, field: str) -> int | None:
    if not code:
        return None
    found = facility_id_by_code(code=code)
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND, field=field)
    return found


def _sheet_input(
    data: CareSheetIn, facility_id: int, member_id: int, dependant_id: int | None
) -> CareSheetInput:
    referral_in, referral_out = data.referral_in, data.referral_out
    return CareSheetInput(
        facility_id=facility_id,
        member_id=None if dependant_id else member_id,
        dependant_id=dependant_id,
        care_type=data.care_type.value,
        care_date=data.care_date,
        admission_date=data.admission_date,
        discharge_date=data.discharge_date,
        diagnosis=data.diagnosis,
        practitioner_name=data.practitioner.strip(),
        emergency=data.emergency,
        referral_in_facility_id=_facility_id(
            referral_in and referral_in.facility_code, "referral_in.facility_code"
        ),
        referral_in_level=referral_in.level if referral_in else "",
        referral_in_on=referral_in.on if referral_in else None,
        referral_in_valid_until=referral_in.valid_until if referral_in else None,
        referral_out_level=referral_out.level if referral_out else "",
        referral_out_facility_id=_facility_id(
            referral_out and referral_out.facility_code, "referral_out.facility_code"
        ),
        lines=[
            LineInput(
                kind=line.kind.value,
                code=line.code,
                billed=line.billed,
                service_date=line.service_date,
                quantity=line.quantity,
                coefficient=line.coefficient,
            )
            for line in data.lines
        ],
    )


@router.post("/care-sheets", response={201: CareSheetOut, **ERRORS})
def care_sheet_create(request, data: CareSheetIn):
    """Open a care sheet at the caller's facility for a member (by registration number) or one of their
    dependants; every rule of the sheet is checked, an error names its field (`lines[0].code`)."""
    facility = own_facility(user=request.user)
    with fields_renamed(_sheet_field):
        number = registration_number_valid(data.registration_number)
        member, dependant = desk_beneficiary(
            user=request.user, registration_number=number, dependant_id=data.dependant_id
        )
        sheet = _sheet_input(data, facility.pk, member.pk, dependant.pk if dependant else None)
        care_sheet = care_sheet_open(actor=request.user, sheet=sheet)
    care_sheet = care_sheet_of_facility(user=request.user, sheet_id=care_sheet.pk)
    return Status(201, care_sheet_out(care_sheet, list(care_sheet.lines.all()), facility.code))


@router.get("/care-sheets/{sheet_id}", response={200: CareSheetOut, **ERRORS})
def care_sheet_get(request, sheet_id: int):
    """One of the caller's facility's care sheets with its lines."""
    facility = own_facility(user=request.user)
    with fields_renamed({"care_sheet": "sheet_id"}):
        care_sheet = care_sheet_of_facility(user=request.user, sheet_id=sheet_id)
    return care_sheet_out(care_sheet, list(care_sheet.lines.all()), facility.code)


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
    facility_id = _facility_id(facility, "facility")
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
