"""Settlement for facilities' software (issue §4 and §1): the caller's facility's statements (a settlement
run's payment order with its files, supplements and recoveries), each as a PDF or a workbook; its global
invoices: the list, one invoice's status with its matching against the files it covers, and sending one.

Scoped to the caller's facility (facility staff): another facility's statement or invoice is a 404, never a
403 (a facility never learns that another's exists); the fund's staff are 403 (they work on the pages).
Statements are readable once a second finance officer approved the run. Errors are {code, field, message};
sending an invoice takes an `Idempotency-Key` (the middleware replays a retry within a day; an invoice
number is sent once per facility, a later retry is a 409 naming `number`).
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pydantic
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from sanad.api.rest.errors import ERRORS, WRITE_ERRORS, idempotent
from sanad.claims.models import Batch
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.paging import PAGE_SIZE, key_page
from sanad.common.permissions import can
from sanad.common.tabular import CONTENT_TYPES
from sanad.payments.invoices.selectors import invoices_of_facility
from sanad.payments.invoices.services import invoice_match, invoice_receive
from sanad.payments.models import GlobalInvoice, PaymentOrder
from sanad.payments.statements.papers import statement_name, statement_pdf, statement_xlsx
from sanad.payments.statements.selectors import FACILITY_SEES, statement_of
from sanad.payments.statuses import PayeeKind
from sanad.providers.selectors import facility_of_user

router = Router(tags=["payments"])
_TOP = str(2**62)


def _own(request) -> Any:
    """The caller's facility; only facility staff use this API."""
    own = facility_of_user(user=request.user) if can(request.user, "claims.submit") else None
    if own is None:
        raise PermissionDenied("claims.submit")
    return own


# --- Statements -----------------------------------------------------------------------------------------


class StatementItem(Schema):
    id: int
    run: str = Field(description="The settlement run's reference, e.g. LIQ-000012.")
    period_start: datetime.date
    period_end: datetime.date
    run_date: datetime.date
    status: str = Field(description="to_pay, sent, paid, rejected or nothing_due.")
    status_label: str
    files: int
    billed: Decimal
    patient_share: Decimal
    penalty: Decimal
    fund_share: Decimal = Field(description="Accepted: what the fund pays for the files.")
    supplement: Decimal = Field(description="Differences paid on files paid before and decided again.")
    recovered: Decimal = Field(description="Sums paid wrongly before, deducted (recoveries).")
    net: Decimal = Field(description="What the transfer pays.")
    currency: str
    paid_on: datetime.date | None


class StatementFileOut(Schema):
    invoice_number: str
    received_on: datetime.date
    billed: Decimal
    rejected: Decimal
    patient_share: Decimal
    penalty: Decimal
    fund_share: Decimal
    reasons: list[str]
    days: int = Field(description="Days from receipt to payment (or to today, not paid yet).")


class SupplementOut(Schema):
    invoice_number: str
    already_paid: Decimal
    decided_again: Decimal
    supplement: Decimal


class StatementOut(StatementItem):
    rejected: Decimal
    files_paid: list[StatementFileOut]
    supplements: list[SupplementOut]


class StatementPage(Schema):
    items: list[StatementItem]
    older: str | None = Field(description="Cursor of the next (older) page, null on the last one.")


def _orders(facility: Any):
    return PaymentOrder.objects.filter(
        payee_kind=PayeeKind.FACILITY, facility=facility, run__status__in=FACILITY_SEES
    ).select_related("run", "facility")


def _order(request, order_id: int) -> PaymentOrder:
    try:
        return _orders(_own(request)).get(pk=order_id)
    except PaymentOrder.DoesNotExist:
        raise DomainError(ErrorCode.NOT_FOUND, _("No such statement."), field="id") from None


def _item(order: PaymentOrder) -> dict[str, Any]:
    run = order.run
    return {
        "id": order.pk,
        "run": run.number,
        "period_start": run.period_start,
        "period_end": run.period_end,
        "run_date": run.on,
        "status": order.status,
        "status_label": str(order.get_status_display()),
        "files": order.files,
        "billed": order.billed,
        "patient_share": order.patient_share,
        "penalty": order.penalty,
        "fund_share": order.fund_share,
        "supplement": order.supplement,
        "recovered": order.recovered,
        "net": order.amount,
        "currency": run.currency,
        "paid_on": order.paid_on,
    }


@router.get("/statements", response={200: StatementPage, **ERRORS})
def statement_list(request, older: str = Query("", description="The `older` cursor of the last page.")):
    """The caller's facility's statements, newest first: one per settlement run that paid it."""
    cursor = older if older.isdigit() else _TOP
    page = key_page(_orders(_own(request)), key="id", before=cursor, size=PAGE_SIZE)
    return {"items": [_item(o) for o in page.rows[::-1]], "older": page.prev_before}


@router.get("/statements/{order_id}", response={200: StatementOut, **ERRORS})
def statement_get(request, order_id: int):
    """One statement: each file paid with its amounts and the reasons its lines were rejected, the
    supplements and the recoveries."""
    order = _order(request, order_id)
    statement = statement_of(order=order, today=timezone.localdate())
    return {
        **_item(order),
        "rejected": statement.rejected,
        "files_paid": [
            {
                "invoice_number": f.invoice_number,
                "received_on": f.received_on,
                "billed": f.billed,
                "rejected": f.rejected,
                "patient_share": f.patient_share,
                "penalty": f.penalty,
                "fund_share": f.fund_share,
                "reasons": f.reasons,
                "days": f.clock.days,
            }
            for f in statement.files
        ],
        "supplements": [
            {
                "invoice_number": s.billing_file.invoice_number,
                "already_paid": s.paid,
                "decided_again": s.now_due,
                "supplement": s.amount,
            }
            for s in statement.supplements
        ],
    }


_PAPER = {
    "responses": {
        200: {
            "description": "The paper, in the caller's language.",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }
}


@router.get("/statements/{order_id}/{fmt}", response={**ERRORS}, openapi_extra=_PAPER)
def statement_paper(request, order_id: int, fmt: str):
    """The statement as `pdf` or `xlsx`."""
    if fmt not in ("pdf", "xlsx"):
        raise DomainError(ErrorCode.INVALID, _("Ask for pdf or xlsx."), field="fmt")
    order = _order(request, order_id)
    statement = statement_of(order=order, today=timezone.localdate())
    name = statement_name(statement)
    if fmt == "pdf":
        response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
    else:
        response = HttpResponse(statement_xlsx(statement), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- Global invoices ------------------------------------------------------------------------------------


class InvoiceIn(Schema):
    number: str = Field(min_length=1, max_length=40)
    issued_on: datetime.date
    total: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    period_start: datetime.date | None = Field(None, description="A period of receipt, or `batch`.")
    period_end: datetime.date | None = None
    batch: str | None = Field(None, description="The number of one of the facility's batches.")


class FileMatchOut(Schema):
    invoice_number: str
    status: str
    claimed: Decimal
    accepted: Decimal | None
    difference: Decimal


class InvoiceOut(Schema):
    number: str
    issued_on: datetime.date
    total: Decimal
    period_start: datetime.date | None
    period_end: datetime.date | None
    batch: str | None
    status: str = Field(description="received, accepted or returned.")
    status_label: str
    reasons: str = Field(description="Why it was returned, in the finance officer's words.")
    received_at: datetime.datetime
    decided_on: datetime.date | None
    has_scan: bool


class InvoiceDetailOut(InvoiceOut):
    accepted: Decimal = Field(description="What the fund's decisions accept on the files covered.")
    difference: Decimal = Field(description="The invoice's total less what is accepted.")
    differences: list[FileMatchOut] = Field(description="The files whose amounts differ, or not decided.")


def _invoice_out(invoice: GlobalInvoice) -> dict[str, Any]:
    return {
        "number": invoice.number,
        "issued_on": invoice.issued_on,
        "total": invoice.total,
        "period_start": invoice.period_start,
        "period_end": invoice.period_end,
        "batch": invoice.batch.number if invoice.batch_id else None,
        "status": invoice.status,
        "status_label": str(invoice.get_status_display()),
        "reasons": invoice.reasons,
        "received_at": invoice.received_at,
        "decided_on": invoice.decided_on,
        "has_scan": bool(invoice.scan),
    }


def _invoice_detail(invoice: GlobalInvoice) -> dict[str, Any]:
    match = invoice_match(invoice)
    return {
        **_invoice_out(invoice),
        "accepted": match.accepted,
        "difference": match.total_difference,
        "differences": [
            {
                "invoice_number": f.invoice_number,
                "status": str(f.status),
                "claimed": f.claimed,
                "accepted": f.accepted,
                "difference": f.difference,
            }
            for f in match.differences
        ],
    }


@router.get("/invoices", response={200: list[InvoiceOut], **ERRORS})
def invoice_list(request):
    """The caller's facility's global invoices, newest first (the last hundred)."""
    return [_invoice_out(i) for i in invoices_of_facility(_own(request))[:100]]


@router.get("/invoices/{number}", response={200: InvoiceDetailOut, **ERRORS})
def invoice_get(request, number: str):
    """One invoice's status, and its matching against the files it covers."""
    invoice = invoices_of_facility(_own(request)).filter(number=number).first()
    if invoice is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("No such invoice."), field="number")
    return _invoice_detail(invoice)


def _invoice_body(request) -> tuple[InvoiceIn, Any]:
    """The invoice as JSON, or as the multipart part `invoice` with its `scan`."""
    if request.content_type == "multipart/form-data":
        raw, scan = request.POST.get("invoice"), request.FILES.get("scan")
        if raw is None:
            raise DomainError(ErrorCode.REQUIRED, field="invoice")
    else:
        raw, scan = request.body, None
    try:
        data = json.loads(raw or "null")
    except ValueError:
        raise DomainError(ErrorCode.INVALID, _("The request body is not valid JSON."), field=None) from None
    try:
        return InvoiceIn.model_validate(data), scan
    except pydantic.ValidationError as error:
        raise ValidationError([{**e, "loc": ("body", "data", *e["loc"])} for e in error.errors()]) from None


_MULTIPART = {
    "type": "object",
    "properties": {
        "invoice": {"type": "string", "description": "The invoice as JSON (the schema of the JSON body)."},
        "scan": {"type": "string", "format": "binary", "description": "The invoice's scan (PDF, JPEG, PNG)."},
    },
    "required": ["invoice"],
}


@router.post(
    "/invoices",
    response={201: InvoiceDetailOut, **WRITE_ERRORS},
    openapi_extra={
        **idempotent(),
        "requestBody": {
            "content": {
                "application/json": {"schema": InvoiceIn.model_json_schema()},
                "multipart/form-data": {"schema": _MULTIPART},
            }
        },
    },
)
def invoice_submit(request):
    """Send the facility's global invoice for a period of receipt or for one of its batches (not both);
    it is matched at once against the files it covers and waits for the finance officer's decision."""
    facility = _own(request)
    data, scan = _invoice_body(request)
    batch_id = None
    if data.batch:
        batch = Batch.objects.filter(facility=facility, number=data.batch).first()
        if batch is None:
            raise DomainError(ErrorCode.NOT_FOUND, _("No such batch."), field="batch")
        batch_id = batch.pk
    invoice = invoice_receive(
        actor=request.user,
        facility_id=facility.pk,
        number=data.number,
        issued_on=data.issued_on,
        total=data.total,
        period_start=data.period_start,
        period_end=data.period_end,
        batch_id=batch_id,
        scan=scan,
    )
    return Status(201, _invoice_detail(invoice))
