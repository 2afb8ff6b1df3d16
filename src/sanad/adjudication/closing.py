"""The documents finding of a file, and the decisions on files that need no line-by-line work (empty or
time-barred)."""

from __future__ import annotations

from decimal import Decimal

from sanad.adjudication.codes import Channel, FileStatus, Payee, Reason
from sanad.adjudication.context import plan_in_force, rejected
from sanad.adjudication.decision import Decision, Finding, finding
from sanad.adjudication.inputs import ClaimSnapshot
from sanad.adjudication.reference import ProfileRules, ReferenceSnapshot
from sanad.adjudication.rules.documents import check_documents, required_documents
from sanad.adjudication.rules.routing import (
    file_status,
    route,
)


def missing_documents(snapshot: ClaimSnapshot, reference: ReferenceSnapshot) -> Finding | None:
    """The documents finding of a file lacking a document its care type or its lines call for."""
    profile = reference.profile
    plans = [plan_in_force(reference, line.code, line.service_date) for line in snapshot.lines]
    needed = required_documents(
        care_type=snapshot.care_type,
        kinds=[line.kind for line in snapshot.lines],
        categories=[plan.item.category for plan in plans if plan is not None],
        by_care_type=profile.required_documents,
        by_kind=profile.documents_by_kind,
        by_category=profile.documents_by_category,
    )
    return check_documents(needed, snapshot.documents)


def refused_whole(
    snapshot: ClaimSnapshot,
    profile: ProfileRules,
    amounts: list[Decimal],
    total: Decimal,
    payee: Payee,
    payee_finding: Finding | None,
    reason: Finding,
) -> Decision:
    """A file refused as a whole (time-barred, or billed by the facility below the direct-billing threshold):
    every line is rejected with `reason`, the fund pays nothing."""
    zero = profile.zero
    lines = tuple(
        rejected(line_no, line.code, billed, zero, reason)
        for line_no, (line, billed) in enumerate(zip(snapshot.lines, amounts, strict=True), 1)
    )
    status = file_status(len(lines), len(lines), False, False)
    return Decision(
        snapshot.claim_id, snapshot.batch_id, profile.currency, status,
        route(status, administrative=False, medical=False), payee, total, zero, total - zero, zero, lines,
        () if payee_finding is None else (payee_finding,),
    )  # fmt: skip


def empty_decision(snapshot: ClaimSnapshot, currency: str, zero: Decimal) -> Decision:
    """A file without lines is rejected."""
    reason = finding(Reason.EMPTY_FILE, "documents", claim=snapshot.claim_id)
    payee = Payee.INSURED if snapshot.channel is Channel.REIMBURSEMENT else Payee.FACILITY
    status = FileStatus.REJECTED
    routing = route(status, administrative=False, medical=False)
    return Decision(
        snapshot.claim_id, snapshot.batch_id, currency, status, routing, payee, zero, zero, zero, zero, (),
        (reason,),
    )  # fmt: skip
