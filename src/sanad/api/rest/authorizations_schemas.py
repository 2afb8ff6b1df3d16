"""What the prior-authorization API takes in and answers (`authorizations`): the shapes of the OpenAPI
document; amounts and bounds are decimals written as strings, dates ISO, codes as the profile spells them
and labels in the caller's language. What is sent in passes the shared bounds (`bounds`): identifiers
without invisible characters, dates within the register's years, numbers within their column."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from sanad.api.rest.bounds import Day, Id, Whole, free_text, identifier_text

# A form's value: a text, a whole number, a decimal (a height, a dose) or a date, each within bounds.
FormValue = (
    Annotated[str, Field(max_length=4000)]
    | Whole
    | Annotated[Decimal, Field(max_digits=14, decimal_places=4)]
    | Day
)


class RequestIn(Schema):
    registration_number: identifier_text(40, min_length=1)  # type: ignore[valid-type]
    dependant_id: Id | None = None
    request_type: identifier_text(32, min_length=1)  # type: ignore[valid-type]
    admission: identifier_text(24, min_length=1)  # type: ignore[valid-type]
    values: dict[identifier_text(64), FormValue] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="The type's form: field code → value (GET /types)."
    )
    emergency: bool = False
    act_date: Day | None = Field(None, description="An emergency's day of care.")


class FieldOut(Schema):
    code: str
    label: str
    type: str
    required: bool
    minimum: Decimal | None
    maximum: Decimal | None
    unit: str
    choices: list[str]


class TypeOut(Schema):
    code: str
    label: str
    admissions: list[str]
    fields: list[FieldOut]
    documents: list[str]
    emergency: bool
    counts: str


class CheckOut(Schema):
    code: str
    label: str
    present: bool
    held_by_register: bool


class ItemOut(Schema):
    kind: str
    code: str
    label: str
    quantity: int
    amount: Decimal | None


class ReasonOut(Schema):
    code: str
    text: str


class DecisionOut(Schema):
    kind: str
    label: str
    definitive: bool
    conditions: str
    reasons: list[ReasonOut]
    automatic: bool
    rule: str
    decided_at: datetime.datetime
    facility_code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    counts: str
    counts_label: str
    amount: Decimal | None
    items: list[ItemOut]
    on_appeal: bool = Field(False, description="Made on an appeal of an earlier decision.")


class AppealOut(Schema):
    filed_at: datetime.datetime
    at_branch: bool = Field(description="Filed at a branch of the fund for the insured person.")
    reason: str
    due_at: datetime.datetime | None = Field(None, description="When the appeal is to be answered.")
    answered: bool


class QuestionOut(Schema):
    asked_at: datetime.datetime
    question: str
    answered_at: datetime.datetime | None
    answer: str


class RequestOut(Schema):
    reference: str
    status: str
    status_label: str
    request_type: str
    request_type_label: str
    admission: str
    facility_code: str
    registration_number: str
    dependant_id: int | None
    emergency: bool
    act_date: datetime.date | None
    values: dict[str, str]
    body_surface_area: Decimal | None
    submitted_at: datetime.datetime
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None = Field(None, description="Null when no clock runs.")
    minutes_left: int | None = Field(None, description="Negative once past due; null when no clock runs.")
    near_due: bool
    past_due: bool
    decided_at: datetime.datetime | None
    checklist: list[CheckOut]
    missing: list[str]
    questions: list[QuestionOut]
    decision: DecisionOut | None
    decision_document: str | None = Field(None, description="The PDF's path, for an approval in force.")
    appeal: AppealOut | None = Field(None, description="The latest appeal of a decision, if any.")


class RequestItem(Schema):
    reference: str
    status: str
    request_type: str
    registration_number: str
    dependant_id: int | None
    emergency: bool
    submitted_at: datetime.datetime
    due_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    valid_to: datetime.date | None


class RequestPage(Schema):
    items: list[RequestItem]
    next_after: str | None


class PaperOut(Schema):
    code: str
    label: str
    confidential: bool
    uploaded_at: datetime.datetime


class PapersOut(Schema):
    documents: list[PaperOut]
    confidential_withheld: int


class AppealIn(Schema):
    reason: free_text(2000, min_length=1)  # type: ignore[valid-type]


class AnswerIn(Schema):
    answer: free_text(4000, min_length=1)  # type: ignore[valid-type]
