"""The fund's decisions through the API: the checker's (validate, reject, medical review, requests for
documents), the medical adviser's per-line review, and complaints registered by the regional offices.

Who may decide is the services' business (the checker works the administrative check, the adviser the
medical review); two people deciding one file at once give one decision, the other a 409.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from ninja import Router, Status

from sanad.api.rest.claims_out import billing_file_read, complaint_out, fields_renamed, info_request_out
from sanad.api.rest.claims_schemas import (
    BillingFileOut,
    ComplaintAnswerIn,
    ComplaintIn,
    ComplaintOut,
    InfoRequestIn,
    InfoRequestOut,
    NoteIn,
    RejectIn,
    ReviewIn,
)
from sanad.api.rest.errors import ERRORS
from sanad.claims.selectors.complaints import (
    complaint_get,
    complaint_of_member,
    facility_by_code,
    member_for_counter,
)
from sanad.claims.services import (
    LineReview,
    billing_file_info_request,
    billing_file_reject,
    billing_file_review,
    billing_file_route_medical_review,
    billing_file_validate,
    complaint_answer,
    complaint_register,
)
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.providers.selectors import facility_of_user
from sanad.registry.certificates.access import registration_number_valid
from sanad.registry.selectors import member_of_user

router = Router(tags=["claims: fund"])

_FILE = {"file_id": "file_id", "billing_file": "file_id"}


def _file(request: Any, file_id: int) -> dict[str, Any]:
    return billing_file_read(request.user, file_id)


@router.post("/billing-files/{file_id}/validate", response={200: BillingFileOut, **ERRORS})
def file_validate(request, file_id: int, data: NoteIn):
    """The engine's decision stands: the file is validated, ready for settlement (claims.check in the
    administrative check, claims.review in the medical review)."""
    with fields_renamed(_FILE):
        billing_file_validate(actor=request.user, file_id=file_id, on=timezone.localdate(), note=data.note)
    return _file(request, file_id)


@router.post("/billing-files/{file_id}/reject", response={200: BillingFileOut, **ERRORS})
def file_reject(request, file_id: int, data: RejectIn):
    """The whole file is rejected with a reason of the list (`other` needs a note)."""
    with fields_renamed(_FILE):
        billing_file_reject(
            actor=request.user,
            file_id=file_id,
            reason=data.reason.value,
            on=timezone.localdate(),
            note=data.note,
        )
    return _file(request, file_id)


@router.post("/billing-files/{file_id}/medical-review", response={200: BillingFileOut, **ERRORS})
def file_to_review(request, file_id: int, data: NoteIn):
    """The checker passes the file to the medical adviser."""
    with fields_renamed(_FILE):
        billing_file_route_medical_review(
            actor=request.user, file_id=file_id, on=timezone.localdate(), note=data.note
        )
    return _file(request, file_id)


@router.post("/billing-files/{file_id}/info-requests", response={201: InfoRequestOut, **ERRORS})
def file_ask(request, file_id: int, data: InfoRequestIn):
    """Ask the facility for missing or inconsistent papers; it pauses nothing, the clock runs on."""
    with fields_renamed(_FILE):
        asked = billing_file_info_request(
            actor=request.user,
            file_id=file_id,
            documents=[kind.value for kind in data.documents],
            message=data.message,
            on=timezone.localdate(),
        )
    return Status(201, info_request_out(asked))


_LINE_FIELD = re.compile(r"(verdict|fund_share|reason|note)_(\d+)")


@router.post("/billing-files/{file_id}/review", response={200: BillingFileOut, **ERRORS})
def file_review(request, file_id: int, data: ReviewIn):
    """The medical adviser's verdict on every line (accept, reduce with the new fund share, reject), each
    reduction or rejection with a reason; the file is then validated, or rejected if nothing is paid."""
    index = {line.line_id: i for i, line in enumerate(data.lines)}

    def rename(field: str) -> str:
        found = _LINE_FIELD.fullmatch(field)
        if found is None:
            return _FILE.get(field, field)
        at = index.get(int(found[2]))
        return f"lines[{at}].{found[1]}" if at is not None else "lines"

    with fields_renamed(rename):
        billing_file_review(
            actor=request.user,
            file_id=file_id,
            lines=[
                LineReview(
                    line_id=line.line_id,
                    verdict=line.verdict.value,
                    fund_share=line.fund_share,
                    reason=line.reason.value if line.reason else "",
                    note=line.note,
                )
                for line in data.lines
            ],
            on=timezone.localdate(),
            note=data.note,
        )
    return _file(request, file_id)


# ---- Complaints ------------------------------------------------------------------------------------


def _member_id(registration_number: str | None) -> int | None:
    if not registration_number:
        return None
    member = member_for_counter(registration_number=registration_number_valid(registration_number))
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="registration_number")
    return member.pk


@router.post("/complaints", response={201: ComplaintOut, **ERRORS})
def complaint_new(request, data: ComplaintIn):
    """A regional office (claims.complaints) registers a complaint from an insured person or a facility,
    on a file, its current decision, or no file; it is due when the profile's complaint clock runs out."""
    if not can(request.user, "claims.complaints"):
        raise DomainError(ErrorCode.FORBIDDEN)
    rename = {
        "member": "registration_number",
        "facility": "facility_code",
        "billing_file": "billing_file_id",
    }
    with fields_renamed(rename):
        facility = facility_by_code(code=data.facility_code) if data.facility_code else None
        if data.facility_code and facility is None:
            raise DomainError(ErrorCode.NOT_FOUND, field="facility_code")
        complaint = complaint_register(
            actor=request.user,
            complainant=data.complainant.value,
            region=data.region,
            subject=data.subject,
            received_on=data.received_on or timezone.localdate(),
            billing_file_id=data.billing_file_id,
            member_id=_member_id(data.registration_number),
            facility_id=facility.pk if facility else None,
            on_decision=data.on_decision,
        )
    return Status(201, complaint_out(complaint_get(pk=complaint.pk)))


@router.get("/complaints/{complaint_id}", response={200: ComplaintOut, **ERRORS})
def complaint_read(request, complaint_id: int):
    """A complaint: any for the regional offices; facility staff their facility's; the insured their own."""
    user = request.user
    complaint = None
    own = facility_of_user(user=user) if can(user, "claims.submit") else None
    if can(user, "claims.complaints"):
        complaint = complaint_get(pk=complaint_id)
    elif own is not None:
        complaint = complaint_get(pk=complaint_id)
        if complaint is not None and complaint.facility_id != own.pk:
            complaint = None  # another facility's complaint does not exist for this one
    elif can(user, "self.view") and (member := member_of_user(user=user)) is not None:
        found = complaint_of_member(member=member, pk=complaint_id)
        complaint = complaint_get(pk=found.pk) if found else None
    else:
        raise DomainError(ErrorCode.FORBIDDEN)
    if complaint is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="complaint_id")
    return complaint_out(complaint)


@router.post("/complaints/{complaint_id}/answer", response={200: ComplaintOut, **ERRORS})
def complaint_reply(request, complaint_id: int, data: ComplaintAnswerIn):
    """A regional office answers an open complaint; upholding it sends its file back through the engine."""
    with fields_renamed({"complaint": "complaint_id"}):
        complaint_answer(
            actor=request.user,
            complaint_id=complaint_id,
            answer=data.answer,
            uphold=data.uphold,
            on=timezone.localdate(),
        )
    return complaint_out(complaint_get(pk=complaint_id))
