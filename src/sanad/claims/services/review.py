"""The medical review: the adviser decides every line of a file routed to them (accept, reduce, reject).

The rule of a reduction: the adviser gives the line's new fund share, at least zero and below the engine's;
the patient share is the billed amount less the fund share. A reduction or a rejection gives a reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.claims.models import FileDecision
from sanad.claims.services.check import (
    ZERO,
    LineResult,
    confirmed_status,
    current_decision,
    decision_commit,
    file_lock,
    handled_already,
    queue_check,
    reason_check,
    review_finding,
)
from sanad.claims.statuses import (
    REVIEW_REDUCED,
    REVIEW_REJECTED,
    FileStatus,
    LineVerdict,
    Outcome,
    file_step_check,
)
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile

RULE = "medical_review"


@dataclass(frozen=True, slots=True, kw_only=True)
class LineReview:
    """The adviser's verdict on one care-sheet line; `fund_share` is the new fund share of a reduced line.

    Errors name the page's fields: `verdict_<line_id>`, `fund_share_<line_id>`, `reason_<line_id>`,
    `note_<line_id>`.
    """

    line_id: int
    verdict: str
    fund_share: Decimal | None = None
    reason: str = ""
    note: str = ""


def _reduced_share(review: LineReview, engine_share: Decimal, quantum: Decimal) -> Decimal:
    """A reduced fund share is at least zero, below the engine's, in the currency's smallest unit."""
    name = f"fund_share_{review.line_id}"
    if review.fund_share is None:
        raise DomainError(ErrorCode.REQUIRED, _("Give the new fund share."), field=name)
    try:
        exact = review.fund_share == review.fund_share.quantize(quantum)
    except InvalidOperation:
        exact = False
    if not exact or review.fund_share < ZERO:
        raise DomainError(ErrorCode.INVALID, _("Give a positive amount in the currency's unit."), field=name)
    if review.fund_share >= engine_share:
        raise DomainError(
            ErrorCode.INVALID,
            _("A reduction pays less than the automatic adjudication: less than %(amount)s.")
            % {"amount": engine_share},
            field=name,
        )
    return review.fund_share


def _line_result(review: LineReview, outcome: Any, quantum: Decimal) -> LineResult:
    suffix = f"_{review.line_id}"
    if review.verdict == LineVerdict.ACCEPT:
        return LineResult(outcome, confirmed_status(outcome), outcome.fund_share, outcome.penalty)
    if review.verdict not in LineVerdict.values:
        raise DomainError(
            ErrorCode.REQUIRED, _("Accept, reduce or reject the line."), field=f"verdict{suffix}"
        )
    reason_check(review.reason, review.note, field_prefix=suffix)
    if review.verdict == LineVerdict.REJECT:
        finding = review_finding(
            REVIEW_REJECTED, RULE, review.reason, review.note, fund_share_before=outcome.fund_share
        )
        return LineResult(outcome, Outcome.REJECTED, ZERO, ZERO, [finding])
    share = _reduced_share(review, outcome.fund_share, quantum)
    finding = review_finding(
        REVIEW_REDUCED,
        RULE,
        review.reason,
        review.note,
        fund_share_before=outcome.fund_share,
        fund_share=share,
    )
    # Reduced to nothing, the line is rejected.
    status = Outcome.REDUCED if share > ZERO else Outcome.REJECTED
    return LineResult(outcome, status, share, outcome.penalty if share > ZERO else ZERO, [finding])


@transaction.atomic
def billing_file_review(
    *, actor: Any, file_id: int, lines: Sequence[LineReview], on: datetime.date, note: str = ""
) -> FileDecision:
    """The adviser's verdicts, one per line, become the file's current decision: validated if the fund
    still pays something on a line, rejected if it pays nothing."""
    if not can(actor, "claims.review"):
        raise DomainError(ErrorCode.FORBIDDEN)
    billing_file = file_lock(actor=actor, file_id=file_id)
    if billing_file.status != FileStatus.MEDICAL_REVIEW:
        raise handled_already(
            billing_file,
            DomainError(
                ErrorCode.ILLEGAL_TRANSITION,
                _("Only a file in the medical review queue is reviewed line by line."),
                field="status",
            ),
        )
    queue_check(actor=actor, billing_file=billing_file)
    previous = current_decision(billing_file)
    outcomes = {o.line_id: o for o in previous.lines.all()}
    by_line = {review.line_id: review for review in lines}
    if len(by_line) != len(lines) or set(by_line) - set(outcomes):
        raise DomainError(ErrorCode.INVALID, _("A verdict names a line of another file."), field="lines")
    quantum = active_profile().money.quantum
    results = []
    for line_id, outcome in outcomes.items():
        review = by_line.get(line_id)
        if review is None:
            raise DomainError(
                ErrorCode.REQUIRED, _("Accept, reduce or reject the line."), field=f"verdict_{line_id}"
            )
        results.append(_line_result(review, outcome, quantum))
    paid = sum((result.fund_share for result in results), ZERO)
    target = file_step_check(
        "billing_file_validate" if paid > ZERO else "billing_file_reject", billing_file.status
    )
    return decision_commit(
        actor=actor,
        action="billing_file_review",
        billing_file=billing_file,
        previous=previous,
        results=results,
        target=target,
        on=on,
        note=note,
        extra={
            "note": note.strip(),
            "verdicts": {
                str(outcomes[r.line_id].line.line_no): {"verdict": r.verdict, "reason": r.reason}
                for r in lines
            },
        },
    )
