"""Correcting a recorded payment: void it, refund it or correct its date (issue 14, item 2).

A payment is never deleted: its status says it no longer opens rights, and the member's rights are made
again at once from the payments that stand. Above the profile's `contributions.void_approval_above` a
second person approves the correction before it applies; the member gets an SMS when it applies.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import date_check
from sanad.funds.active import active_profile
from sanad.registry.models import (
    Contribution,
    ContributionCorrection,
    ContributionStatus,
    CorrectionKind,
    CorrectionStatus,
)
from sanad.registry.services.checks import required
from sanad.registry.services.contributions import contribution_record, rights_recompute
from sanad.registry.signals import contribution_corrected

_STATUS_AFTER = {
    CorrectionKind.VOID: ContributionStatus.VOIDED,
    CorrectionKind.REFUND: ContributionStatus.REFUNDED,
    CorrectionKind.REDATE: ContributionStatus.REPLACED,
}


def _who(user: Any) -> str:
    if user is None:
        return _("another user")
    return user.get_full_name() or user.username


def _when(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""


def _already_corrected(contribution: Contribution) -> DomainError:
    """The second of two people correcting one payment is told who acted first and what they did."""
    done = (
        contribution.corrections.filter(status=CorrectionStatus.APPLIED).select_related("decided_by").first()
    )
    if done is None:
        return DomainError(ErrorCode.CONFLICT, _("This payment was already corrected."), field="kind")
    return DomainError(
        ErrorCode.CONFLICT,
        _("This payment was already corrected by %(who)s on %(when)s: %(what)s.")
        % {"who": _who(done.decided_by), "when": _when(done.decided_at), "what": done.get_kind_display()},
        field="kind",
    )


def _locked(contribution_id: int) -> Contribution:
    contribution = (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(pk=contribution_id)
        .first()
    )
    if contribution is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="contribution_id")
    return contribution


@transaction.atomic
def contribution_correction_request(
    *,
    actor: Any,
    contribution_id: int,
    kind: str,
    reason: str,
    paid_on: date | None = None,
    refund_reference: str = "",
) -> ContributionCorrection:
    """Ask to void, refund or re-date a payment, with a reason; applied at once up to the profile's
    `void_approval_above`, else kept waiting for a second person's approval."""
    contribution = _locked(contribution_id)
    if kind not in CorrectionKind.values:
        raise DomainError(ErrorCode.INVALID, field="kind")
    if contribution.status != ContributionStatus.RECORDED:
        raise _already_corrected(contribution)
    waiting = (
        contribution.corrections.filter(status=CorrectionStatus.PENDING)
        .select_related("requested_by")
        .first()
    )
    if waiting is not None:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("%(who)s already asked on %(when)s to correct this payment: %(what)s. It waits for approval.")
            % {
                "who": _who(waiting.requested_by),
                "when": _when(waiting.requested_at),
                "what": waiting.get_kind_display(),
            },
            field="kind",
        )
    reason = required(reason, "reason")
    if kind == CorrectionKind.REDATE:
        if paid_on is None:
            raise DomainError(ErrorCode.REQUIRED, field="paid_on")
        date_check(paid_on, field="paid_on", label=_("Paid on"))
        if paid_on == contribution.paid_on:
            raise DomainError(ErrorCode.INVALID, _("This is already the payment's date."), field="paid_on")
    if kind == CorrectionKind.REFUND:
        refund_reference = required(refund_reference, "refund_reference")
    correction = ContributionCorrection.objects.create(
        contribution=contribution,
        kind=kind,
        status=CorrectionStatus.PENDING,
        reason=reason,
        paid_on=paid_on if kind == CorrectionKind.REDATE else None,
        refund_reference=refund_reference.strip() if kind == CorrectionKind.REFUND else "",
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="contribution_correction_request",
        obj=correction,
        after={
            "contribution": contribution.receipt_number,
            "kind": kind,
            "reason": reason,
            "paid_on": correction.paid_on,
            "refund_reference": correction.refund_reference,
            "amount": contribution.amount,
        },
    )
    if contribution.amount <= active_profile().contributions.void_approval_above:
        _apply(actor=actor, correction=correction, contribution=contribution)
    return correction


@transaction.atomic
def contribution_correction_decide(
    *, actor: Any, correction_id: int, approve: bool, note: str = ""
) -> ContributionCorrection:
    """A second person, never the one who asked, approves (the correction applies) or refuses it."""
    correction = (
        ContributionCorrection.objects.select_for_update(of=("self",))
        .select_related("decided_by")
        .filter(pk=correction_id)
        .first()
    )
    if correction is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="correction_id")
    if correction.status != CorrectionStatus.PENDING:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("%(who)s already decided on %(when)s: %(what)s.")
            % {
                "who": _who(correction.decided_by),
                "when": _when(correction.decided_at),
                "what": correction.get_status_display(),
            },
            field="approve",
        )
    if correction.requested_by_id is not None and correction.requested_by_id == getattr(actor, "pk", None):
        raise DomainError(
            ErrorCode.FORBIDDEN,
            _("A second person approves a correction: you asked for this one."),
            field="approve",
        )
    contribution = _locked(correction.contribution_id)
    if not approve:
        note = required(note, "note")
        _decided(actor, correction, CorrectionStatus.REFUSED, note)
        audit_record(
            actor=actor,
            action="contribution_correction_refuse",
            obj=correction,
            before={"status": CorrectionStatus.PENDING},
            after={"status": correction.status, "note": note},
        )
        return correction
    correction.decision_note = note.strip()
    _apply(actor=actor, correction=correction, contribution=contribution)
    return correction


def _decided(actor: Any, correction: ContributionCorrection, status: str, note: str = "") -> None:
    correction.status = status
    correction.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    correction.decided_at = timezone.now()
    correction.decision_note = note.strip() or correction.decision_note
    correction.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "replacement"])


def _replacement(actor: Any, correction: ContributionCorrection, old: Contribution) -> Contribution:
    """The same payment entered again on its right date; a period opened on the payment day moves with it."""
    assert correction.paid_on is not None
    moves = old.period_start == old.paid_on
    return contribution_record(
        actor=actor,
        member_id=old.member_id,
        method=old.method,
        paid_on=correction.paid_on,
        period_start=correction.paid_on if moves else old.period_start,
        salary=old.salary,
        operator=old.operator,
        reference=old.reference,
        cheque_number=old.cheque_number,
        bank=old.bank,
        payer=old.payer,
        receipt_number=f"{old.receipt_number}-C{old.corrections.count()}",
        confirm_gap=True,
        announce=False,
    )


def _apply(*, actor: Any, correction: ContributionCorrection, contribution: Contribution) -> None:
    before = {"status": contribution.status, "rights": _rights(contribution.member)}
    contribution.status = _STATUS_AFTER[CorrectionKind(correction.kind)]
    contribution.save(update_fields=["status"])
    # The old period goes before the corrected entry is checked against the periods already paid.
    rights_recompute(member=contribution.member)
    if correction.kind == CorrectionKind.REDATE:
        correction.replacement = _replacement(actor, correction, contribution)
        rights_recompute(member=contribution.member)
    _decided(actor, correction, CorrectionStatus.APPLIED)
    after = {
        "status": contribution.status,
        "rights": _rights(contribution.member),
        "replacement": correction.replacement.receipt_number if correction.replacement else None,
    }
    audit_record(actor=actor, action="contribution_correct", obj=contribution, before=before, after=after)
    # In this transaction: the member's message is written with the correction or not at all.
    contribution_corrected.send(sender=ContributionCorrection, correction=correction)


def _rights(member: Any) -> list[list[date]]:
    return [[p.start, p.end] for p in member.rights_periods.order_by("paid_from")]
