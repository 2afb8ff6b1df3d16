"""A facility's global invoice (issue §1; seed 000: the facility's "facture globale"; seed 002: invoices
state the fund's and the patient's shares): received for a period or a batch, matched against the billing
files it covers, then accepted or returned with the reasons by a finance officer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanad.claims.models import BillingFile, FileDecision
from sanad.claims.statuses import FileStatus
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import require
from sanad.common.scans import scan_check
from sanad.payments.models import GlobalInvoice, InvoiceStatus

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class FileMatch:
    """One file the invoice covers: what the facility claimed of the fund on it, what the fund accepts."""

    invoice_number: str
    status: str
    claimed: Decimal
    accepted: Decimal | None  # None: not decided yet

    @property
    def difference(self) -> Decimal:
        return self.claimed - (self.accepted or ZERO)


@dataclass(frozen=True, slots=True)
class Match:
    files: list[FileMatch]
    total: Decimal  # the invoice's total
    claimed: Decimal  # the sum the files claim
    accepted: Decimal

    @property
    def differences(self) -> list[FileMatch]:
        return [f for f in self.files if f.difference or f.accepted is None]

    @property
    def total_difference(self) -> Decimal:
        return self.total - self.accepted


def _covered(invoice: GlobalInvoice):
    files = BillingFile.objects.filter(facility_id=invoice.facility_id).exclude(
        status__in=[FileStatus.DRAFT, FileStatus.CANCELLED]
    )
    if invoice.batch_id is not None:
        return files.filter(batch_id=invoice.batch_id)
    return files.filter(received_on__gte=invoice.period_start, received_on__lte=invoice.period_end)


def invoice_match(invoice: GlobalInvoice) -> Match:
    """The files the invoice covers, each with what the facility claimed of the fund on it (the fund's share
    it billed) and what the fund's current decision accepts; a difference is listed per file."""
    files = list(_covered(invoice).order_by("invoice_number"))
    decided = dict(
        FileDecision.objects.filter(billing_file__in=files, is_current=True).values_list(
            "billing_file_id", "fund_share"
        )
    )
    rows = []
    for f in files:
        accepted = decided.get(f.pk) if f.status in (FileStatus.VALIDATED, FileStatus.REJECTED) else None
        claimed = f.preview_fund_share if f.preview_fund_share is not None else (accepted or ZERO)
        rows.append(FileMatch(f.invoice_number, f.get_status_display(), claimed, accepted))
    return Match(
        files=rows,
        total=invoice.total,
        claimed=sum((r.claimed for r in rows), ZERO),
        accepted=sum((r.accepted or ZERO for r in rows), ZERO),
    )


@transaction.atomic
def invoice_receive(
    *,
    actor: Any,
    facility_id: int,
    number: str,
    issued_on: datetime.date,
    total: Decimal,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    batch_id: int | None = None,
    scan: Any = None,
) -> GlobalInvoice:
    """Record a facility's global invoice for a period of receipt or for one batch (not both), once per
    number."""
    number = number.strip()
    if not number:
        raise DomainError(ErrorCode.REQUIRED, field="number")
    if (batch_id is None) == (period_start is None):
        raise DomainError(ErrorCode.INVALID, _("Give either a period or a batch."), field="period_start")
    if period_start is not None and (period_end is None or period_end < period_start):
        raise DomainError(
            ErrorCode.INVALID, _("The end of the period comes before its start."), field="period_end"
        )
    if total < 0:
        raise DomainError(ErrorCode.INVALID, field="total")
    if scan is not None:
        scan_check(scan)
    invoice = GlobalInvoice(
        facility_id=facility_id,
        number=number,
        issued_on=issued_on,
        total=total,
        period_start=period_start,
        period_end=period_end if period_start is not None else None,
        batch_id=batch_id,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if scan is not None:
        invoice.scan = scan
    try:
        with transaction.atomic():
            invoice.save()
    except IntegrityError:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("This facility has already sent an invoice with this number."),
            field="number",
        ) from None
    audit_record(actor=actor, action="global_invoice_receive", obj=invoice, after={"total": total})
    return invoice


@transaction.atomic
def invoice_decide(
    *, actor: Any, invoice_id: int, accept: bool, reasons: str = "", on: datetime.date
) -> GlobalInvoice:
    """A finance officer accepts a received invoice, or returns it to the facility with the reasons."""
    require(actor, "payments.prepare")
    invoice = GlobalInvoice.objects.select_for_update().get(pk=invoice_id)
    if invoice.status != InvoiceStatus.RECEIVED:
        raise DomainError(ErrorCode.CONFLICT, _("This invoice has already been decided."), field=None)
    reasons = reasons.strip()
    if not accept and not reasons:
        raise DomainError(ErrorCode.REQUIRED, _("Say why the invoice is returned."), field="reasons")
    invoice.status = InvoiceStatus.ACCEPTED if accept else InvoiceStatus.RETURNED
    invoice.reasons = reasons
    invoice.decided_by = actor
    invoice.decided_on = on
    invoice.save(update_fields=["status", "reasons", "decided_by", "decided_on"])
    audit_record(actor=actor, action="global_invoice_decide", obj=invoice, after={"status": invoice.status})
    return invoice
