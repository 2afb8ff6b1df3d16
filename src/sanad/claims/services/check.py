"""The fund's administrative check of a billing file: asking the facility for papers, passing the file to
the medical review, validating or rejecting it.

Every decision by a person locks the file, checks the step in the transition table and that the person
works the queue the file stands in, so two people deciding one file at the same moment give one decision;
the other is told who decided and when. The helpers shared with the medical review live here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sanad.adjudication import CATALOGUE, Effect, Reason
from sanad.claims.models import BillingFile, FileDecision, InfoRequest, LineOutcome
from sanad.claims.signals import billing_files_decided
from sanad.claims.statuses import (
    REVIEW_REJECTED,
    DecisionSource,
    DocumentKind,
    FileStatus,
    Outcome,
    ReviewReason,
    RoutingChoice,
    file_step_check,
)
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.permissions import can

F = FileStatus
ZERO = Decimal("0.00")

# Who works each queue: the checker the administrative check, the medical adviser the medical review.
QUEUE_CAPABILITY: dict[str, str] = {
    F.ADJUDICATED: "claims.check",
    F.ADMIN_CHECK: "claims.check",
    F.MEDICAL_REVIEW: "claims.review",
}
_SOURCE = {F.ADMIN_CHECK: DecisionSource.CHECKER, F.MEDICAL_REVIEW: DecisionSource.ADVISER}
_ROUTING = {F.ADMIN_CHECK: RoutingChoice.ADMINISTRATIVE_CHECK, F.MEDICAL_REVIEW: RoutingChoice.MEDICAL_REVIEW}
_RULE = {F.ADMIN_CHECK: "administrative_check", F.MEDICAL_REVIEW: "medical_review"}
# The engine's reason codes that change an amount: a line held for review with one of them is reduced.
_REDUCING = frozenset(code.value for code in Reason if CATALOGUE[code].effect is Effect.REDUCE)
# The findings a person adds to a line or a file (the engine's findings stay beside them).


def person_name(user: Any) -> str:
    if user is None:
        return _("the automatic adjudication")
    return user.get_full_name() or user.get_username()


def _last_handled(billing_file: BillingFile) -> AuditEvent | None:
    """The latest audited change to the file made by a person (the audit index serves it)."""
    return (
        AuditEvent.objects.filter(
            object_type=BillingFile._meta.label_lower, object_id=str(billing_file.pk), actor__isnull=False
        )
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def handled_already(billing_file: BillingFile, error: DomainError) -> DomainError:
    """The error for a step no longer possible, naming who moved the file last and when, if a person did."""
    event = _last_handled(billing_file)
    if event is None:
        return error
    when = formats.date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT")
    return DomainError(
        error.code,
        _("Already decided by %(who)s at %(when)s: the file is now “%(status)s”.")
        % {"who": person_name(event.actor), "when": when, "status": F(billing_file.status).label},
        field="status",
    )


def _decider_check(actor: Any, *capabilities: str) -> None:
    if not any(can(actor, capability) for capability in capabilities):
        raise DomainError(ErrorCode.FORBIDDEN)


def file_lock(*, actor: Any, file_id: int) -> BillingFile:
    """The file, locked until the end of the transaction (a second decider waits here, then sees the
    first one's change)."""
    _decider_check(actor, "claims.check", "claims.review")
    billing_file = BillingFile.objects.select_for_update().filter(pk=file_id).first()
    if billing_file is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="file_id")
    return billing_file


def queue_check(*, actor: Any, billing_file: BillingFile) -> None:
    """A file is decided by whoever works the queue it stands in."""
    capability = QUEUE_CAPABILITY.get(billing_file.status)
    if capability is not None and not can(actor, capability):
        raise handled_already(
            billing_file,
            DomainError(
                ErrorCode.FORBIDDEN,
                _("The file is in the “%(status)s” queue; you do not work that queue.")
                % {"status": F(billing_file.status).label},
                field="status",
            ),
        )


def step_lock(*, actor: Any, file_id: int, action: str) -> tuple[BillingFile, FileStatus]:
    """Lock the file, check `action` from its status in the transition table and the actor's queue."""
    billing_file = file_lock(actor=actor, file_id=file_id)
    try:
        target = file_step_check(action, billing_file.status)
    except DomainError as error:
        raise handled_already(billing_file, error) from error
    queue_check(actor=actor, billing_file=billing_file)
    return billing_file, target


def current_decision(billing_file: BillingFile) -> FileDecision:
    decision = (
        FileDecision.objects.filter(billing_file=billing_file, is_current=True)
        .prefetch_related("lines__line")
        .first()
    )
    if decision is None:
        raise DomainError(ErrorCode.CONFLICT, _("The file has no decision to confirm."), field="status")
    return decision


def confirmed_status(outcome: LineOutcome) -> str:
    """A line the engine held for review, confirmed as it stands: rejected if the fund pays nothing of a
    billed amount, reduced if one of its reasons reduces the amount, else accepted."""
    if outcome.status != Outcome.TO_REVIEW:
        return outcome.status
    if outcome.fund_share == ZERO and outcome.billed > ZERO:
        return Outcome.REJECTED
    if any(f.get("code") in _REDUCING for f in outcome.findings):
        return Outcome.REDUCED
    return Outcome.ACCEPTED


def file_outcome(statuses: Sequence[str]) -> str:
    """A file is rejected when every line is, reduced when a line is reduced or rejected, else accepted."""
    rejected = sum(status == Outcome.REJECTED for status in statuses)
    if rejected == len(statuses):
        return Outcome.REJECTED
    if rejected or Outcome.REDUCED in statuses:
        return Outcome.REDUCED
    return Outcome.ACCEPTED


def reason_check(reason: str, note: str, *, field_prefix: str = "") -> None:
    """A reduction or a rejection gives a reason of the list; “other” needs a note."""
    if not reason:
        raise DomainError(ErrorCode.REQUIRED, _("Give the reason."), field=f"reason{field_prefix}")
    if reason not in ReviewReason.values:
        raise DomainError(ErrorCode.INVALID, field=f"reason{field_prefix}")
    if reason == ReviewReason.OTHER and not note.strip():
        raise DomainError(
            ErrorCode.REQUIRED, _("Say in a note what the other reason is."), field=f"note{field_prefix}"
        )


def review_finding(code: str, rule: str, reason: str, note: str = "", **amounts: Decimal) -> dict[str, Any]:
    params: dict[str, str] = {"reason": reason, **{k: str(v) for k, v in amounts.items()}}
    if note.strip():
        params["note"] = note.strip()
    return {"code": code, "rule": rule, "params": params}


@dataclass(frozen=True, slots=True)
class LineResult:
    """A person's result on one line: the engine's outcome it replaces, and the new status and amounts."""

    before: LineOutcome
    status: str
    fund_share: Decimal
    penalty: Decimal
    findings: list[dict[str, Any]] = field(default_factory=list)


def decision_replace(
    *,
    actor: Any,
    billing_file: BillingFile,
    previous: FileDecision,
    results: Sequence[LineResult],
    on: datetime.date,
    note: str = "",
    findings: Sequence[dict[str, Any]] = (),
) -> FileDecision:
    """Store a person's decision as the file's current one; the previous decision is kept, not current.

    The patient pays what the fund does not: fund share + patient share = billed on every line and file.
    """
    status = F(billing_file.status)
    outcomes = []
    for result in results:
        billed = result.before.billed
        if not ZERO <= result.fund_share <= billed:
            raise DomainError(ErrorCode.INVALID, field="fund_share")
        outcomes.append(
            LineOutcome(
                line=result.before.line,
                status=result.status,
                billed=billed,
                tariff=result.before.tariff,
                base=result.before.base,
                rate=result.before.rate,
                fund_share=result.fund_share,
                patient_share=billed - result.fund_share,
                penalty=result.penalty,
                findings=[*result.before.findings, *result.findings],
            )
        )
    FileDecision.objects.filter(pk=previous.pk).update(is_current=False)
    decision = FileDecision.objects.create(
        billing_file=billing_file,
        source=_SOURCE[status],
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note.strip(),
        anomalies=previous.anomalies,
        decided_on=on,
        status=file_outcome([o.status for o in outcomes]),
        routing=_ROUTING[status],
        payee=previous.payee,
        currency=previous.currency,
        billed=sum((o.billed for o in outcomes), ZERO),
        fund_share=sum((o.fund_share for o in outcomes), ZERO),
        patient_share=sum((o.patient_share for o in outcomes), ZERO),
        penalty=sum((o.penalty for o in outcomes), ZERO),
        findings=[*previous.findings, *findings],
    )
    for outcome in outcomes:
        outcome.decision = decision
    LineOutcome.objects.bulk_create(outcomes)
    decision.outcomes = outcomes  # kept at hand for the audit, without reading them back
    return decision


def decided_announce(billing_file: BillingFile) -> None:
    """Tell the rest of Sanad (SMS to the insured) inside the decision's transaction: the message is written
    with the decision or not at all (a transactional outbox, issue #16)."""
    billing_files_decided.send(sender=None, file_ids=[billing_file.pk])


def _amounts(decision: FileDecision, outcomes: Sequence[LineOutcome]) -> dict[str, Any]:
    return {
        "status": decision.status,
        "fund_share": decision.fund_share,
        "patient_share": decision.patient_share,
        "lines": {str(o.line.line_no): o.fund_share for o in outcomes},
    }


def decision_audit(
    *,
    actor: Any,
    action: str,
    billing_file: BillingFile,
    before_status: str,
    previous: FileDecision,
    decision: FileDecision,
    extra: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=billing_file,
        before={
            "file_status": before_status,
            "decision": previous.pk,
            **_amounts(previous, previous.lines.all()),
        },
        after={
            "file_status": billing_file.status,
            "decision": decision.pk,
            **_amounts(decision, decision.outcomes),
            **(extra or {}),
        },
    )


def decision_commit(
    *,
    actor: Any,
    action: str,
    billing_file: BillingFile,
    previous: FileDecision,
    results: Sequence[LineResult],
    target: FileStatus,
    on: datetime.date,
    note: str = "",
    findings: Sequence[dict[str, Any]] = (),
    extra: dict[str, Any] | None = None,
) -> FileDecision:
    """A person's decision on a locked file: stored as the current one, the file moved to `target`, the
    change audited with both decisions' amounts, announced in its transaction (the SMS in the outbox)."""
    decision = decision_replace(
        actor=actor,
        billing_file=billing_file,
        previous=previous,
        results=results,
        on=on,
        note=note,
        findings=findings,
    )
    before = billing_file.status
    billing_file.status = target
    billing_file.save(update_fields=["status"])
    decision_audit(
        actor=actor,
        action=action,
        billing_file=billing_file,
        before_status=before,
        previous=previous,
        decision=decision,
        extra=extra,
    )
    decided_announce(billing_file)
    return decision


@transaction.atomic
def billing_file_info_request(
    *, actor: Any, file_id: int, documents: Sequence[str], message: str, on: datetime.date
) -> InfoRequest:
    """Ask the facility for missing or inconsistent papers; this pauses nothing, the clock runs on."""
    billing_file = file_lock(actor=actor, file_id=file_id)
    if billing_file.status not in (F.ADMIN_CHECK, F.MEDICAL_REVIEW):
        raise handled_already(
            billing_file,
            DomainError(
                ErrorCode.ILLEGAL_TRANSITION,
                _("Papers are asked for only while the file is checked or reviewed."),
                field="status",
            ),
        )
    queue_check(actor=actor, billing_file=billing_file)
    wanted = sorted(set(documents))
    if any(code not in DocumentKind.values for code in wanted):
        raise DomainError(ErrorCode.INVALID, field="documents")
    message = message.strip()
    if not wanted and not message:
        raise DomainError(
            ErrorCode.REQUIRED, _("Name the missing documents or write a message."), field="documents"
        )
    request = InfoRequest.objects.create(
        billing_file=billing_file,
        asked_on=on,
        asked_by=actor if getattr(actor, "is_authenticated", False) else None,
        documents=wanted,
        message=message,
    )
    audit_record(
        actor=actor,
        action="billing_file_info_request",
        obj=billing_file,
        after={"request": request.pk, "documents": wanted, "message": message, "status": billing_file.status},
    )
    return request


@transaction.atomic
def billing_file_route_medical_review(
    *, actor: Any, file_id: int, on: datetime.date, note: str = ""
) -> BillingFile:
    """The checker passes the file to the medical adviser; the engine's decision waits for the review."""
    billing_file, target = step_lock(actor=actor, file_id=file_id, action="billing_file_route_medical_review")
    before = billing_file.status
    billing_file.status = target
    billing_file.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="billing_file_route_medical_review",
        obj=billing_file,
        before={"status": before},
        after={"status": target, "on": on, "note": note.strip()},
    )
    return billing_file


@transaction.atomic
def billing_file_validate(*, actor: Any, file_id: int, on: datetime.date, note: str = "") -> FileDecision:
    """The engine's decision stands: its amounts are kept and the lines it held for review are confirmed
    (see `confirmed_status`); the file is validated, ready for settlement, if the fund pays something."""
    billing_file, target = step_lock(actor=actor, file_id=file_id, action="billing_file_validate")
    previous = current_decision(billing_file)
    results = [
        LineResult(outcome, confirmed_status(outcome), outcome.fund_share, outcome.penalty)
        for outcome in previous.lines.all()
    ]
    if not any(result.fund_share > ZERO for result in results):
        # A validated file is one the fund pays: a file it pays nothing on is rejected, with a reason.
        raise DomainError(
            ErrorCode.CONFLICT,
            _("The fund pays nothing on this file: reject it with a reason instead."),
            field="status",
        )
    return decision_commit(
        actor=actor,
        action="billing_file_validate",
        billing_file=billing_file,
        previous=previous,
        results=results,
        target=target,
        on=on,
        note=note,
    )


@transaction.atomic
def billing_file_reject(
    *, actor: Any, file_id: int, reason: str, on: datetime.date, note: str = ""
) -> FileDecision:
    """The whole file is rejected with a reason: the fund pays nothing on any line, the patient share is
    the billed amount; the engine's reasons stay, the person's reason is added."""
    reason_check(reason, note)
    billing_file, target = step_lock(actor=actor, file_id=file_id, action="billing_file_reject")
    previous = current_decision(billing_file)
    rule = _RULE[F(billing_file.status)]
    finding = review_finding(REVIEW_REJECTED, rule, reason, note)
    results = [
        LineResult(outcome, Outcome.REJECTED, ZERO, ZERO, [finding]) for outcome in previous.lines.all()
    ]
    return decision_commit(
        actor=actor,
        action="billing_file_reject",
        billing_file=billing_file,
        previous=previous,
        results=results,
        target=target,
        on=on,
        note=note,
        findings=[finding],
        extra={"reason": reason, "note": note.strip()},
    )
