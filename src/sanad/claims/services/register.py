"""Registering care sheets and the billing files that bill them.

Two paths share one recording of the sheet and one of the file. At the facility's desk the clerk opens a
care sheet (`care_sheet_open`, every rule of the sheet checked) and bills it (`billing_file_create`: a
draft the facility submits later in a batch, with the engine's preview of the shares). The fund records
a file it received on paper (`billing_file_register`: received, its processing clock running).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.adjudication import Decision
from sanad.claims.models import BillingFile, CareSheet, CareSheetLine
from sanad.claims.selectors.facility import billing_file_preview_decision, facility_agreement_start
from sanad.claims.services import sheet_rules as rules
from sanad.claims.statuses import DONE, CareType, Channel, FileStatus, LineKind, SheetStatus, SubmittedVia
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import conflict_error, date_check, decimal_limit
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.calendar import deadline
from sanad.providers.models import Facility
from sanad.providers.selectors import facility_of_user
from sanad.registry.models import Dependant, Member


@dataclass(frozen=True, slots=True, kw_only=True)
class LineInput:
    """One service. A drug's `code` may be its EAN-13 barcode: the sheet stores the catalog code."""

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


def _sheet_check(
    data: CareSheetInput,
    *,
    agreement_start: datetime.date | None = None,
    facility: Facility | None = None,
    amounts_checked: bool = False,
) -> None:
    """The sheet names one beneficiary who exists, a care type, at least one line; its amounts and dates
    pass the guards at the door (sheet_rules.lines_amounts_check, sheet_rules.dates_check): no date in the
    future nor before the beneficiary's birth (nor, at the desk, before the facility's agreement). Its
    facility exists: not read again when `facility`, already read, is the sheet's. The desk checked the
    lines' amounts just before (`sheet_rules.lines_basic_check`: `amounts_checked`): not again."""
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
        if not 1 <= line.quantity <= rules.MAX_QUANTITY:
            raise DomainError(ErrorCode.INVALID, _("Amounts and quantities must be positive."), field="lines")
    if not amounts_checked:
        rules.lines_amounts_check(data.lines)
    _total_check(data.lines)
    known = facility is not None and facility.pk == data.facility_id
    if not known and not Facility.objects.filter(pk=data.facility_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, field="facility_id")
    if data.member_id is not None:
        born = Member.objects.filter(pk=data.member_id).values_list("birth_date", flat=True)
        field = "member_id"
    else:
        born = Dependant.objects.filter(pk=data.dependant_id).values_list("birth_date", flat=True)
        field = "dependant_id"
    if not born:
        raise DomainError(ErrorCode.NOT_FOUND, field=field)
    rules.dates_check(data, birth_date=born[0], agreement_start=agreement_start)


def _total_check(lines: Sequence[LineInput]) -> None:
    """The lines' total fits the amount columns of the file and its decision, so that billing the sheet can
    record it (each line passes the profile's largest entry; many of them together may not)."""
    limit = decimal_limit(BillingFile._meta.get_field("preview_fund_share"))
    if sum((line.billed for line in lines), Decimal(0)) > limit:
        raise DomainError(
            ErrorCode.INVALID,
            _("The lines' total is above the most a file may bill: split the care into several sheets."),
            field="lines",
        )


def facility_of_actor(actor: Any, facility_id: int) -> Facility:
    """The facility whose sheets and files `actor` writes: their own (facility staff); any for the system."""
    if actor is None:
        facility = Facility.objects.filter(pk=facility_id).first()
    else:
        own = facility_of_user(user=actor) if can(actor, "claims.submit") else None
        facility = own if own is not None and own.pk == facility_id else None
        if facility is None:
            raise DomainError(ErrorCode.FORBIDDEN, field="facility")
    if facility is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="facility")
    return facility


# ---- Recording, shared by both paths ----------------------------------------------------------------


# The sheet's own fields, as a sheet input names them (every field but the lines).
SHEET_FIELDS = tuple(f.name for f in fields(CareSheetInput) if f.name != "lines")


def lines_record(care_sheet: CareSheet, lines: Sequence[LineInput]) -> None:
    """Write the sheet's lines, numbered from 1, each with the sheet's beneficiary."""
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
        for number, line in enumerate(lines, start=1)
    )


def _sheet_record(data: CareSheetInput) -> CareSheet:
    care_sheet = CareSheet.objects.create(**{name: getattr(data, name) for name in SHEET_FIELDS})
    lines_record(care_sheet, data.lines)
    return care_sheet


def desk_rules(sheet: CareSheetInput, facility: Facility) -> CareSheetInput:
    """Every rule of a sheet filled at the desk, in order (the guards of its amounts and dates, the
    facility's agreement on its dates of care, the stay, the ICD-10 diagnosis, the catalog on each date of
    service, referrals); the sheet back with its diagnosis, codes and referral levels normalized."""
    rules.lines_basic_check(sheet.lines)
    start = facility_agreement_start(facility_id=facility.pk)
    _sheet_check(sheet, agreement_start=start, facility=facility, amounts_checked=True)
    rules.stay_check(sheet)
    sheet = replace(sheet, diagnosis=rules.diagnosis_check(sheet.diagnosis))
    sheet = replace(sheet, lines=rules.lines_catalog_check(sheet))
    return rules.referrals_check(sheet, facility, active_profile())


def preview_store(billing_file: BillingFile, *, on: datetime.date | None = None) -> Decision:
    """Keep on a draft file the engine's preview of its shares as if the fund received it on `on` (today);
    the shares add up to the billed amount, to the cent."""
    decision = billing_file_preview_decision(file_id=billing_file.pk, on=on or timezone.localdate())
    if decision.fund_share + decision.patient_share != decision.billed:
        raise DomainError(ErrorCode.CONFLICT, "the preview's shares do not add up to the billed amount")
    billing_file.preview_fund_share = decision.fund_share
    billing_file.preview_patient_share = decision.patient_share
    billing_file.save(update_fields=["preview_fund_share", "preview_patient_share"])
    return decision


def _invoice_taken() -> DomainError:
    return DomainError(
        ErrorCode.CONFLICT,
        _("This facility already sent an invoice with this number."),
        field="invoice_number",
    )


def _invoice_number_clean(invoice_number: str) -> str:
    """An invoice number is given, and fits its column."""
    number = invoice_number.strip()
    if not number:
        raise DomainError(ErrorCode.REQUIRED, field="invoice_number")
    if len(number) > BillingFile._meta.get_field("invoice_number").max_length:
        raise DomainError(ErrorCode.INVALID, _("The invoice number is too long."), field="invoice_number")
    return number


def invoice_number_check(*, facility_id: int, invoice_number: str, file_id: int | None = None) -> str:
    """An invoice number is given, and unique among the facility's billing files (but the file `file_id`,
    whose number it may stay)."""
    number = _invoice_number_clean(invoice_number)
    if (
        BillingFile.objects.filter(facility_id=facility_id, invoice_number=number)
        .exclude(pk=file_id)
        .exists()
    ):
        raise _invoice_taken()
    return number


def _file_record(*, care_sheet: CareSheet, invoice_number: str, **values: Any) -> BillingFile:
    try:
        # A savepoint: another clerk may take the number between the check and this insert.
        with transaction.atomic():
            return BillingFile.objects.create(
                care_sheet=care_sheet,
                facility_id=care_sheet.facility_id,
                invoice_number=invoice_number,
                **values,
            )
    except IntegrityError as error:
        raise _invoice_taken() from error


# ---- The two paths ----------------------------------------------------------------------------------


@transaction.atomic
def billing_file_register(
    *,
    actor: Any,
    sheet: CareSheetInput,
    invoice_number: str,
    received_on: datetime.date,
    documents: Sequence[str] = (),
    channel: str = Channel.DIRECT_BILLING,
    submitted_via: str = SubmittedVia.FACILITY,
) -> BillingFile:
    """Record a care sheet, its lines and the billing file the fund received for it: status received, its
    processing clock (the profile's `claims.processing_clock`) running from the day received."""
    _sheet_check(sheet)
    date_check(received_on, field="received_on", label=gettext_lazy("Received on"))
    invoice_number = invoice_number_check(facility_id=sheet.facility_id, invoice_number=invoice_number)
    if channel not in Channel.values:
        raise DomainError(ErrorCode.INVALID, field="channel")
    if submitted_via not in SubmittedVia.values:
        raise DomainError(ErrorCode.INVALID, field="submitted_via")
    profile = active_profile()
    start = datetime.datetime.combine(received_on, datetime.time.min)
    billing_file = _file_record(
        care_sheet=_sheet_record(sheet),
        invoice_number=invoice_number,
        channel=channel,
        submitted_via=submitted_via,
        documents=sorted(set(documents)),
        status=FileStatus.RECEIVED,
        received_on=received_on,
        due_on=deadline(profile, start, profile.claims.processing_clock).date(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="billing_file_register",
        obj=billing_file,
        after={"invoice_number": invoice_number, "status": billing_file.status, "lines": len(sheet.lines)},
    )
    return billing_file


@transaction.atomic
def care_sheet_open(*, actor: Any, sheet: CareSheetInput) -> CareSheet:
    """Record a care sheet filled at the facility's desk once every rule of the sheet holds (`desk_rules`:
    guarded amounts and dates, stay dates, ICD-10 diagnosis, codes in the catalog on their dates, referrals
    up the pyramid); nothing otherwise."""
    facility = facility_of_actor(actor, sheet.facility_id)
    sheet = desk_rules(sheet, facility)
    care_sheet = _sheet_record(sheet)
    audit_record(
        actor=actor,
        action="care_sheet_open",
        obj=care_sheet,
        after={
            "care_type": sheet.care_type,
            "care_date": sheet.care_date,
            "beneficiary": care_sheet.beneficiary_key,
            "lines": len(sheet.lines),
        },
    )
    return care_sheet


def billing_file_create(
    *, actor: Any, care_sheet_id: int, invoice_number: str, on: datetime.date | None = None
) -> BillingFile:
    """The facility bills a care sheet: a draft file under an invoice number unique to the facility, with
    the engine's preview of the fund and patient shares as if the fund received it on `on` (today)."""
    return billing_file_create_previewed(
        actor=actor, care_sheet_id=care_sheet_id, invoice_number=invoice_number, on=on
    )[0]


@transaction.atomic
def billing_file_create_previewed(
    *, actor: Any, care_sheet_id: int, invoice_number: str, on: datetime.date | None = None
) -> tuple[BillingFile, Decision]:
    """`billing_file_create`, and the engine's preview it stored (an interface answers with it at once)."""
    care_sheet = CareSheet.objects.select_for_update().filter(pk=care_sheet_id).first()
    if care_sheet is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="care_sheet")
    facility_of_actor(actor, care_sheet.facility_id)
    if care_sheet.status == SheetStatus.CANCELLED:
        raise conflict_error(objects=[care_sheet], said=DONE, field="care_sheet")
    if BillingFile.objects.filter(care_sheet=care_sheet).exists():
        # Another clerk billed it between the page and this request: say who, and under which number.
        billed = BillingFile.objects.filter(care_sheet=care_sheet).first()
        raise conflict_error(objects=[billed], said=DONE, field="care_sheet")
    # Unique to the facility: the insert's constraint refuses a number taken (`_file_record`), with the
    # message of `invoice_number_check`; the sheet is locked, nothing else is written before it.
    invoice_number = _invoice_number_clean(invoice_number)
    billing_file = _file_record(
        care_sheet=care_sheet,
        invoice_number=invoice_number,
        status=FileStatus.DRAFT,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    decision = preview_store(billing_file, on=on)
    audit_record(
        actor=actor,
        action="billing_file_create",
        obj=billing_file,
        after={
            "invoice_number": invoice_number,
            "status": billing_file.status,
            "care_sheet": care_sheet.pk,
            "billed": decision.billed,
            "preview_fund_share": decision.fund_share,
            "preview_patient_share": decision.patient_share,
        },
    )
    return billing_file, decision
