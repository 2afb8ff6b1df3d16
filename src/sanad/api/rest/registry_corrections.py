"""Correcting a recorded payment through the API: the counter asks to void, refund or re-date it with a
reason (registry.enroll); above the profile's `contributions.void_approval_above` a second person approves
or refuses it (registry.review). Nothing is deleted: the payment's status says it no longer opens rights,
and the member's rights are made again at once (`registry/services/corrections.py`).

Of two people correcting one payment, or deciding one correction, the second gets a 409 saying who acted
first, when, and what they decided.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from sanad.api.rest.bounds import Day, Id, free_text, identifier_text
from sanad.api.rest.claims_out import fields_renamed
from sanad.api.rest.claims_schemas import Money
from sanad.api.rest.errors import WRITE_ERRORS, idempotent
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import require
from sanad.registry.models import (
    Contribution,
    ContributionCorrection,
    ContributionStatus,
    CorrectionKind,
    CorrectionStatus,
)
from sanad.registry.services.corrections import (
    contribution_correction_decide,
    contribution_correction_request,
)

router = Router(tags=["registry: corrections"])


class ContributionOut(Schema):
    receipt_number: str
    status: ContributionStatus = Field(
        description="Recorded (it opens rights), or voided, refunded, replaced by a corrected entry."
    )
    amount: Money
    currency: str
    paid_on: datetime.date
    period_start: datetime.date
    period_end: datetime.date


# A receipt's number as sent: its column's 60 characters, no invisible character.
ReceiptNumber = identifier_text(60)


class CorrectionIn(Schema):
    """Bounded as its columns are (`bounds`): a date within the register's years, texts within their
    length, a reference without invisible characters."""

    kind: CorrectionKind
    reason: free_text(300) = Field("", description="Why the payment is corrected (required).")  # type: ignore[valid-type]
    paid_on: Day | None = Field(None, description="The right payment date (required to redate).")
    refund_reference: identifier_text(60) = Field(  # type: ignore[valid-type]
        "", description="The refund's reference (required to refund)."
    )


class DecisionIn(Schema):
    decision: Literal["approve", "refuse"]
    note: free_text(300) = Field("", description="Why (required to refuse).")  # type: ignore[valid-type]


class CorrectionOut(Schema):
    id: int
    kind: CorrectionKind
    status: CorrectionStatus = Field(
        description="Applied at once, pending a second person's approval, or refused by them."
    )
    applied: bool
    message: str = Field(description="What became of the payment, in the caller's language.")
    reason: str
    paid_on: datetime.date | None
    refund_reference: str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_note: str
    contribution: ContributionOut
    replacement: ContributionOut | None = Field(
        description="The corrected entry a re-dating recorded in place of the payment."
    )


def _contribution_out(contribution: Contribution | None) -> dict[str, Any] | None:
    if contribution is None:
        return None
    return {
        name: getattr(contribution, name)
        for name in (
            "receipt_number",
            "status",
            "amount",
            "currency",
            "paid_on",
            "period_start",
            "period_end",
        )
    }


def _message(correction: ContributionCorrection) -> str:
    # The same words as the member page's and the approval queue's.
    if correction.status == CorrectionStatus.PENDING:
        return _("The correction waits for a second person's approval: the payment stands until then.")
    if correction.status == CorrectionStatus.REFUSED:
        return _("Correction refused: the payment stands.")
    return _("Payment corrected (%(what)s): the rights are recomputed and the member is told by SMS.") % {
        "what": correction.get_kind_display()
    }


def _correction_out(correction: ContributionCorrection) -> dict[str, Any]:
    return {
        **{
            name: getattr(correction, name)
            for name in (
                "kind",
                "status",
                "reason",
                "paid_on",
                "refund_reference",
                "requested_at",
                "decided_at",
                "decision_note",
            )
        },
        "id": correction.pk,
        "applied": correction.status == CorrectionStatus.APPLIED,
        "message": _message(correction),
        "contribution": _contribution_out(correction.contribution),
        "replacement": _contribution_out(correction.replacement),
    }


def _contribution_id(receipt_number: str) -> int:
    # The register has no selector of a payment by its receipt number yet: the one read the API makes.
    found = (
        Contribution.objects.filter(receipt_number=receipt_number.strip())
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="receipt_number")
    return found


@router.post(
    "/contributions/{receipt_number}/corrections",
    response={201: CorrectionOut, **WRITE_ERRORS},
    openapi_extra=idempotent(),
)
def contribution_correct(request, receipt_number: ReceiptNumber, data: CorrectionIn):
    """Ask to void, refund or re-date the payment of this receipt, with a reason (registry.enroll). Up to
    the profile's amount it applies at once (201, `applied`: the rights are recomputed, the member told by
    SMS); above, it waits for a second person's approval (201, `pending`: the payment stands until then).
    A payment already corrected, or with a correction waiting, is a 409 naming who asked and when."""
    require(request.user, "registry.enroll")
    with fields_renamed({"contribution_id": "receipt_number"}):
        correction = contribution_correction_request(
            actor=request.user,
            contribution_id=_contribution_id(receipt_number),
            kind=data.kind.value,
            reason=data.reason,
            paid_on=data.paid_on,
            refund_reference=data.refund_reference,
        )
    return Status(201, _correction_out(correction))


@router.post(
    "/corrections/{correction_id}/decision",
    response={200: CorrectionOut, **WRITE_ERRORS},
    openapi_extra=idempotent(),
)
def correction_decision(request, correction_id: Id, data: DecisionIn):
    """A second person, never the one who asked (403), approves the waiting correction (it applies: the
    rights are recomputed, the member told by SMS) or refuses it with a note (registry.review). A
    correction already decided is a 409 naming who decided, when and what."""
    require(request.user, "registry.review")
    with fields_renamed({"approve": "decision"}):
        correction = contribution_correction_decide(
            actor=request.user,
            correction_id=correction_id,
            approve=data.decision == "approve",
            note=data.note,
        )
    return _correction_out(correction)
