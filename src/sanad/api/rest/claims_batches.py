"""Batches through the API: the facility groups its draft files, submits them and prints the slip, and may
recall a submitted batch until the fund receives it; the fund's reception registers the receipt. A facility
sees only its own batches (another's is 404); the fund sees a batch once submitted."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router, Status

from sanad.api.rest.claims_out import batch_head, batch_out, fields_renamed
from sanad.api.rest.claims_schemas import (
    BatchFilesIn,
    BatchIn,
    BatchOut,
    BatchPage,
    BatchReceiveIn,
)
from sanad.api.rest.errors import ERRORS, WRITE_ERRORS, idempotent
from sanad.claims.selectors.batches import (
    batch_list_facility,
    batch_queue,
    batch_receipt_pdf,
    batch_slip_pdf,
    batch_visible,
)
from sanad.claims.services import (
    batch_create,
    batch_files_add,
    batch_files_remove,
    batch_recall,
    batch_receive,
    batch_submit,
)
from sanad.claims.statuses import BatchStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.paging import cursor_valid
from sanad.common.permissions import can

router = Router(tags=["claims: batches"])

_FIELDS = {"batch": "batch_id", "files": "file_ids"}
_PDF = {
    "responses": {
        200: {
            "description": "The document, as PDF.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _read(request, batch_id: int) -> dict:
    with fields_renamed(_FIELDS):
        return batch_out(batch_visible(user=request.user, batch_id=batch_id))


@router.post("/batches", response={201: BatchOut, **ERRORS})
def batch_new(request, data: BatchIn):
    """Open a batch for one group of files (outpatient or inpatient), numbered per facility."""
    batch = batch_create(actor=request.user, group=data.group)
    return Status(201, _read(request, batch.pk))


@router.get("/batches", response={200: BatchPage, **ERRORS})
def batch_list(
    request, status: BatchStatus | None = None, after: str = "", size: int = Query(50, ge=1, le=200)
):
    """Batches paged by key (pass `next_after` back as `after`). The fund's reception (claims.receive):
    the submitted batches waiting for their receipt, oldest submitted first. Facility staff: their own
    facility's, newest first, of one `status` if given."""
    if can(request.user, "claims.receive"):
        if not cursor_valid(after, 2):
            raise DomainError(ErrorCode.INVALID, field="after")
        page = batch_queue(user=request.user, after=after, size=size)
    else:
        if after and not after.isdigit():
            raise DomainError(ErrorCode.INVALID, field="after")
        page = batch_list_facility(
            user=request.user, status=status.value if status else "", after=after, size=size
        )
    items = [batch_head(batch) | {"file_count": batch.file_count or 0} for batch in page.rows]
    return {"items": items, "next_after": page.next_after}


@router.get("/batches/{batch_id}", response={200: BatchOut, **ERRORS})
def batch_get(request, batch_id: int):
    """A batch with its files and totals, as on the transmittal slip."""
    return _read(request, batch_id)


@router.post("/batches/{batch_id}/files", response={200: BatchOut, **ERRORS})
def batch_add(request, batch_id: int, data: BatchFilesIn):
    """Add the facility's draft files of the batch's group, at most the profile's number in a batch."""
    with fields_renamed(_FIELDS):
        batch_files_add(actor=request.user, batch_id=batch_id, file_ids=data.file_ids)
    return _read(request, batch_id)


@router.delete("/batches/{batch_id}/files/{file_id}", response={200: BatchOut, **ERRORS})
def batch_remove(request, batch_id: int, file_id: int):
    """Take a file out of the open batch; it stays a draft, free for another batch."""
    with fields_renamed({**_FIELDS, "files": "file_id"}):
        batch_files_remove(actor=request.user, batch_id=batch_id, file_ids=[file_id])
    return _read(request, batch_id)


@router.post("/batches/{batch_id}/submit", response={200: BatchOut, **ERRORS})
def batch_send(request, batch_id: int):
    """Submit the batch: it and every file in it become submitted, all or nothing."""
    with fields_renamed(_FIELDS):
        batch_submit(actor=request.user, batch_id=batch_id)
    return _read(request, batch_id)


@router.post(
    "/batches/{batch_id}/recall", response={200: BatchOut, **WRITE_ERRORS}, openapi_extra=idempotent()
)
def batch_take_back(request, batch_id: int):
    """Take back a submitted batch until the fund has registered its receipt: the batch is being prepared
    again and its files are drafts again, to be corrected, taken out or cancelled, then submitted anew.
    Once the fund has received it, a 409 says who registered the receipt and when."""
    with fields_renamed(_FIELDS):
        batch_recall(actor=request.user, batch_id=batch_id)
    return _read(request, batch_id)


@router.post("/batches/{batch_id}/receive", response={200: BatchOut, **ERRORS})
def batch_take(request, batch_id: int, data: BatchReceiveIn):
    """The fund's reception (claims.receive) registers the receipt of a submitted batch: its files are
    received on `received_on` (the time bar is judged on it), then the engine decides them."""
    with fields_renamed(_FIELDS):
        batch_visible(user=request.user, batch_id=batch_id)
        batch_receive(actor=request.user, batch_id=batch_id, received_on=data.received_on)
    return _read(request, batch_id)


def _pdf(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@router.get("/batches/{batch_id}/slip.pdf", response={**ERRORS}, openapi_extra=_PDF)
def batch_slip_get(request, batch_id: int):
    """The transmittal slip with its summary table, in the request's language."""
    with fields_renamed(_FIELDS):
        batch = batch_visible(user=request.user, batch_id=batch_id)
    return _pdf(batch_slip_pdf(batch=batch), f"{batch.number}-slip.pdf")


@router.get("/batches/{batch_id}/receipt.pdf", response={**ERRORS}, openapi_extra=_PDF)
def batch_receipt_get(request, batch_id: int):
    """The fund's receipt of the batch, once received (404 before)."""
    with fields_renamed(_FIELDS):
        batch = batch_visible(user=request.user, batch_id=batch_id)
        pdf = batch_receipt_pdf(batch=batch)
    return _pdf(pdf, f"{batch.receipt_number}.pdf")
