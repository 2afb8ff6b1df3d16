"""Registering care sheets and the billing files that bill them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.claims.models import BillingFile, CareSheet, CareSheetLine
from sanad.claims.statuses import CareType, Channel, LineKind
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.providers.models import Facility
from sanad.registry.models import Dependant, Member


@dataclass(frozen=True, slots=True, kw_only=True)
class LineInput:
    kind: str
    code: str
    billed: Decimal
    service_date: datetime.date
    quantity: int = 1
    coefficient: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CareSheetInput:
    facility_id: int
    care_type: str
    care_date: datetime.date
    lines: Sequence[LineInput]
    member_id: int | None = None
    dependant_id: int | None = None
    admission_date: datetime.date | None = None
    discharge_date: datetime.date | None = None
    diagnosis: str = ""
    practitioner_name: str = ""
    emergency: bool = False
    referral_in_facility_id: int | None = None
    referral_in_level: str = ""
    referral_in_on: datetime.date | None = None
    referral_in_valid_until: datetime.date | None = None
    referral_out_level: str = ""
    referral_out_facility_id: int | None = None


def _sheet_check(data: CareSheetInput) -> None:
    if (data.member_id is None) == (data.dependant_id is None):
        raise DomainError(
            ErrorCode.REQUIRED, _("Give either the member or the dependant."), field="beneficiary"
        )
    if data.care_type not in CareType.values:
        raise DomainError(ErrorCode.INVALID, field="care_type")
    if not data.lines:
        raise DomainError(ErrorCode.REQUIRED, _("A care sheet bills at least one service."), field="lines")
    if data.admission_date and data.discharge_date and data.discharge_date < data.admission_date:
        raise DomainError(
            ErrorCode.INVALID, _("The discharge comes before the admission."), field="discharge_date"
        )
    for line in data.lines:
        if line.kind not in LineKind.values:
            raise DomainError(ErrorCode.INVALID, field="lines")
        if line.billed < 0 or line.quantity < 1:
            raise DomainError(ErrorCode.INVALID, _("Amounts and quantities must be positive."), field="lines")
    if not Facility.objects.filter(pk=data.facility_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, field="facility_id")
    if data.member_id is not None and not Member.objects.filter(pk=data.member_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, field="member_id")
    if data.dependant_id is not None and not Dependant.objects.filter(pk=data.dependant_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, field="dependant_id")


@transaction.atomic
def billing_file_register(
    *,
    actor: Any,
    sheet: CareSheetInput,
    invoice_number: str,
    received_on: datetime.date,
    documents: Sequence[str] = (),
    channel: str = Channel.DIRECT_BILLING,
) -> BillingFile:
    """Record a care sheet, its lines and the billing file the fund received for it (status received)."""
    _sheet_check(sheet)
    invoice_number = invoice_number.strip()
    if not invoice_number:
        raise DomainError(ErrorCode.REQUIRED, field="invoice_number")
    if channel not in Channel.values:
        raise DomainError(ErrorCode.INVALID, field="channel")
    if BillingFile.objects.filter(facility_id=sheet.facility_id, invoice_number=invoice_number).exists():
        raise DomainError(
            ErrorCode.CONFLICT,
            _("This facility already sent an invoice with this number."),
            field="invoice_number",
        )
    values = {f.name: getattr(sheet, f.name) for f in fields(sheet) if f.name != "lines"}
    care_sheet = CareSheet.objects.create(**values)
    key = care_sheet.beneficiary_key
    CareSheetLine.objects.bulk_create(
        CareSheetLine(
            care_sheet=care_sheet,
            line_no=number,
            kind=line.kind,
            code=line.code.strip(),
            coefficient=line.coefficient,
            quantity=line.quantity,
            billed=line.billed,
            service_date=line.service_date,
            beneficiary=key,
        )
        for number, line in enumerate(sheet.lines, start=1)
    )
    billing_file = BillingFile.objects.create(
        care_sheet=care_sheet,
        facility_id=sheet.facility_id,
        invoice_number=invoice_number,
        channel=channel,
        documents=sorted(set(documents)),
        received_on=received_on,
    )
    audit_record(
        actor=actor,
        action="billing_file_register",
        obj=billing_file,
        after={"invoice_number": invoice_number, "status": billing_file.status, "lines": len(sheet.lines)},
    )
    return billing_file
