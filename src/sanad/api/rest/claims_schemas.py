"""The shapes of the claims API: what facilities' software and the fund's tools send and get back.

Money travels as a string with two decimals ("1000.00"), never as a float; dates as ISO dates. The
choices (care type, line kind, document kind, verdicts, reasons) are the claims app's own enums, so the
OpenAPI document lists their values. An amount or a date sent in passes the guards at the door
(common.guards), the same as the pages': the refusal names the field and the rule in the caller's language.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from sanad.api.rest.bounds import Day, Id, PastDate, Quantity, Version, identifier
from sanad.claims.statuses import (
    BatchStatus,
    CareType,
    ComplainantKind,
    DocumentKind,
    LineKind,
    LineVerdict,
    ReviewReason,
    SheetStatus,
)
from sanad.common.guards import amount_from_text, amount_rule, figures_rule

_CENTS = Decimal("0.01")


def money_text(value: Any) -> Any:
    """A Decimal (or an int) as text with exactly two decimals; anything else is left to the validator."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(Decimal(value).quantize(_CENTS, rounding=ROUND_HALF_UP))
    return value


def decimal_text(value: Any) -> Any:
    """A Decimal (a coefficient, a rate) as text, as stored; never a float."""
    return str(value) if isinstance(value, int | Decimal) and not isinstance(value, bool) else value


Money = Annotated[
    str,
    BeforeValidator(money_text),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["1000.00"]}),
]
DecimalText = Annotated[
    str,
    BeforeValidator(decimal_text),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "examples": ["1.5"]}),
]


def amount_in(value: Any) -> Decimal:
    """An amount sent in, as a string (recommended) or a number, passes the guards of every typed amount
    (common.guards.amount_rule): in figures, not negative, at most the profile's largest entry, in the
    currency's decimals; refused, in the caller's language."""
    amount: Decimal | None = None
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | float | str) and not isinstance(value, bool):
        # A JSON number arrives as a float: its shortest text is the number the caller wrote.
        amount = amount_from_text(str(value))
    if amount is None:
        raise PydanticCustomError("invalid", figures_rule())
    rule = amount_rule(amount)
    if rule:
        raise PydanticCustomError("invalid", rule)
    return amount


AmountIn = Annotated[
    Decimal,
    PlainValidator(amount_in),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d+)?$", "examples": ["1000.00"]}),
]
# An invoice number: at most its column's 40 characters, no invisible character.
InvoiceNumber = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(identifier)]


# ---- Care sheets -----------------------------------------------------------------------------------


class LineIn(Schema):
    kind: LineKind
    code: str = Field(description="Catalog code; a drug may be given by its EAN-13 barcode.")
    coefficient: Annotated[Decimal, Field(max_digits=8, decimal_places=2)] | None = None
    quantity: Quantity = 1
    billed: AmountIn
    service_date: PastDate


class ReferralIn(Schema):
    """Where the patient was referred from: the facility (its code) and/or its level, and the referral's
    date and end of validity."""

    facility_code: str | None = None
    level: str = ""
    on: PastDate | None = None
    valid_until: Day | None = None


class ReferralOut(Schema):
    """Where the patient is referred on to: a higher level of the care pyramid (and the facility)."""

    level: str = ""
    facility_code: str | None = None


class CareIn(Schema):
    """The care a sheet records: all of it but its beneficiary (a correction sends it again whole)."""

    care_type: CareType
    care_date: PastDate
    admission_date: PastDate | None = None
    discharge_date: PastDate | None = None
    diagnosis: str = Field("", description="ICD-10, e.g. J06.9")
    practitioner: str = Field("", max_length=200)
    emergency: bool = False
    referral_in: ReferralIn | None = None
    referral_out: ReferralOut | None = None
    lines: list[LineIn]


class CareSheetIn(CareIn):
    registration_number: str = Field(description="The member's registration number.")
    dependant_id: Id | None = Field(
        None, description="One of the member's dependants, if the care is theirs."
    )


class LineOut(Schema):
    id: int
    line_no: int
    kind: str
    code: str
    coefficient: DecimalText | None
    quantity: int
    billed: Money
    service_date: datetime.date


class CareSheetOut(Schema):
    id: int
    status: SheetStatus = Field(description="Open, or cancelled (kept with the reason, never billed).")
    version: int = Field(description="Raised by every correction: send it back with the next one.")
    cancel_reason: str
    facility_code: str
    registration_number: str
    dependant_id: int | None
    care_type: str
    care_date: datetime.date
    admission_date: datetime.date | None
    discharge_date: datetime.date | None
    diagnosis: str
    practitioner: str
    emergency: bool
    referral_in: ReferralIn | None
    referral_out: ReferralOut | None
    billed: Money
    lines: list[LineOut]


# ---- Corrections at the desk -----------------------------------------------------------------------

_VERSION = (
    "The care sheet's `version` as last read (a billing file's is its `care_sheet.version`): when someone "
    "changed the sheet or its file since, the answer is a 409 naming who did and when. Without it, the "
    "correction applies to the sheet as it is now."
)


class CareSheetCorrectionIn(CareIn):
    """The care sheet as it should read, whole (its lines replace the old ones); its beneficiary stays."""

    version: Version | None = Field(None, description=_VERSION)


class CancelIn(Schema):
    reason: str = Field("", description="Why it is cancelled (required, at most 500 characters).")
    version: Version | None = Field(None, description=_VERSION)


class InvoiceNumberIn(Schema):
    invoice_number: InvoiceNumber
    version: Version | None = Field(None, description=_VERSION)


# ---- Billing files ---------------------------------------------------------------------------------


class BillingFileIn(Schema):
    care_sheet_id: Id
    invoice_number: InvoiceNumber


class FindingOut(Schema):
    """A reason on a decision or a line: its code, the rule that made it, its parameters and its text in
    the request's language; `by` is "engine" or "review" (a checker's or an adviser's reason)."""

    code: str
    rule: str
    params: dict[str, str]
    text: str
    by: str


class LineOutcomeOut(Schema):
    line_id: int
    line_no: int
    code: str
    status: str
    billed: Money
    tariff: Money
    base: Money
    rate: DecimalText
    fund_share: Money
    patient_share: Money
    penalty: Money
    findings: list[FindingOut]


class DecisionOut(Schema):
    id: int
    source: str
    status: str
    routing: str
    payee: str
    currency: str
    decided_on: datetime.date
    billed: Money
    fund_share: Money
    patient_share: Money
    penalty: Money
    note: str
    findings: list[FindingOut]
    lines: list[LineOutcomeOut]


class DocumentOut(Schema):
    id: int
    kind: str
    confidential: bool
    uploaded_at: datetime.datetime


class InfoRequestOut(Schema):
    id: int
    asked_on: datetime.date
    documents: list[str]
    message: str
    answered_on: datetime.date | None
    answer: str


class BillingFileOut(Schema):
    id: int
    invoice_number: str
    facility_code: str
    status: str
    channel: str
    submitted_via: str
    batch_id: int | None
    received_on: datetime.date | None
    due_on: datetime.date | None
    billed: Money
    preview_fund_share: Money | None
    preview_patient_share: Money | None
    documents_present: list[str]
    documents: list[DocumentOut]
    confidential_withheld: int = Field(description="Confidential documents the caller may not open.")
    info_requests: list[InfoRequestOut]
    care_sheet: CareSheetOut
    decision: DecisionOut | None = Field(
        description="The current decision; for the facility, once the file is validated or rejected."
    )


class BillingFileItem(Schema):
    id: int
    invoice_number: str
    facility_code: str
    status: str
    care_type: str
    care_date: datetime.date
    batch_id: int | None
    received_on: datetime.date | None
    due_on: datetime.date | None
    preview_fund_share: Money | None
    preview_patient_share: Money | None


class BillingFilePage(Schema):
    items: list[BillingFileItem]
    next_after: str | None = Field(description="Pass it as `after` for the next page; null at the end.")


# ---- Batches ---------------------------------------------------------------------------------------


class BatchIn(Schema):
    group: str = Field(description="The profile's batch group: outpatient or inpatient.")


class BatchFilesIn(Schema):
    file_ids: list[Id]


class BatchReceiveIn(Schema):
    received_on: PastDate | None = Field(None, description="The day the papers arrived (default today).")


class BatchFileOut(Schema):
    id: int
    invoice_number: str
    registration_number: str
    care_date: datetime.date
    billed: Money
    preview_fund_share: Money | None
    preview_patient_share: Money | None


class BatchHead(Schema):
    id: int
    number: str
    facility_code: str
    group: str
    status: BatchStatus
    submitted_on: datetime.date | None
    received_on: datetime.date | None
    receipt_number: str


class BatchOut(BatchHead):
    currency: str
    count: int
    billed: Money
    preview_fund_share: Money
    preview_patient_share: Money
    files: list[BatchFileOut]


class BatchItem(BatchHead):
    file_count: int


class BatchPage(Schema):
    items: list[BatchItem]
    next_after: str | None = Field(description="Pass it as `after` for the next page; null at the end.")


# ---- The fund's decisions --------------------------------------------------------------------------


class NoteIn(Schema):
    note: str = ""


class RejectIn(Schema):
    reason: ReviewReason
    note: str = ""


class InfoRequestIn(Schema):
    documents: list[DocumentKind] = []
    message: str = ""


class LineReviewIn(Schema):
    line_id: int
    verdict: LineVerdict
    fund_share: AmountIn | None = Field(None, description="The new fund share of a reduced line.")
    reason: ReviewReason | None = None
    note: str = ""


class ReviewIn(Schema):
    lines: list[LineReviewIn]
    note: str = ""


# ---- Complaints ------------------------------------------------------------------------------------


class ComplaintIn(Schema):
    complainant: ComplainantKind
    region: str = Field(description="The regional office registering it.")
    subject: str
    received_on: PastDate | None = Field(None, description="Default today.")
    billing_file_id: int | None = None
    registration_number: str | None = Field(None, description="The insured complainant.")
    facility_code: str | None = Field(None, description="The facility complainant.")
    on_decision: bool = Field(False, description="The complaint contests the file's current decision.")


class ComplaintAnswerIn(Schema):
    answer: str
    uphold: bool = Field(
        False, description="The complaint is upheld: its file is reopened and decided again by the engine."
    )


class ComplaintOut(Schema):
    id: int
    number: str
    status: str
    complainant: str
    region: str
    subject: str
    received_on: datetime.date
    due_on: datetime.date
    billing_file_id: int | None
    registration_number: str | None
    facility_code: str | None
    answer: str
    answered_on: datetime.date | None
    reopened: bool
