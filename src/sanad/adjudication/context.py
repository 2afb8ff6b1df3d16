"""What the engine keeps while deciding: the batch state and the per-day context of a file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sanad.adjudication.codes import Channel, FileStatus, LineStatus, Payee, Reason
from sanad.adjudication.decision import Decision, Finding, LineDecision, finding
from sanad.adjudication.inputs import ClaimSnapshot, HistoryLine
from sanad.adjudication.plan import LinePlan
from sanad.adjudication.reference import ReferenceSnapshot
from sanad.adjudication.rules.documents import check_documents, required_documents
from sanad.adjudication.rules.duplicates import LineKey
from sanad.adjudication.rules.facility import check_agreement
from sanad.adjudication.rules.pyramid import check_pyramid
from sanad.adjudication.rules.rights import check_rights
from sanad.adjudication.rules.routing import route

ZERO = Decimal(0)
_REJECTED = LineStatus.REJECTED
_NO_DOCS: frozenset[str] = frozenset()
CeilingKey = tuple[str, str, int]
#: Per date of service: (rejecting finding, pyramid finding, long-term condition treated).
DayContext = tuple[Finding | None, Finding | None, bool]


class BatchState:
    """What one batch run remembers between files: lines accepted (for duplicates), authorization units
    used and amounts counted against yearly ceilings."""

    __slots__ = ("auth_used", "ceiling_used", "claims", "seen")

    def __init__(self) -> None:
        self.claims: list[str] = []  # claim id by file number
        self.seen: dict[LineKey, int] = {}  # line key -> number of the first file that had it
        self.auth_used: dict[str, int] = {}
        self.ceiling_used: dict[CeilingKey, Decimal] = {}


def day_context(
    snapshot: ClaimSnapshot, reference: ReferenceSnapshot, day: date, payee_is_facility: bool
) -> DayContext:
    """Rights, agreement, care pyramid and long-term condition of a file on one date of service."""
    profile = reference.profile
    beneficiary = snapshot.beneficiary
    facility = snapshot.facility
    reject = check_rights(beneficiary, day, profile) or check_agreement(
        facility, day, profile.agreement_required, payee_is_facility
    )
    pyramid = None
    entry_level = profile.pyramid_entry_level
    if entry_level is not None and facility.level > entry_level:
        pyramid = check_pyramid(
            facility.level,
            day,
            entry_level,
            profile.pyramid_penalty_rate,
            snapshot.referral,
            snapshot.emergency,
        )
    long_term = False
    diagnosis = snapshot.diagnosis
    if diagnosis is not None:
        for c in beneficiary.long_term_conditions:
            if c.code == diagnosis and c.valid_from <= day and (c.valid_to is None or day <= c.valid_to):
                long_term = True
    return reject, pyramid, long_term


def first_pass(
    snapshot: ClaimSnapshot, reference: ReferenceSnapshot
) -> tuple[list[Decimal], list[LinePlan | None], Decimal, date, Finding | None]:
    """Amounts billed (quantized), the plan in force for each line, the total, the last date of service,
    and the documents finding when the file lacks a document its care type or its lines call for."""
    profile = reference.profile
    quantum, rounding, present = profile.quantum, profile.rounding, snapshot.documents
    all_plans = reference.plans
    complete = profile.required_documents.get(snapshot.care_type, _NO_DOCS) <= present
    billed_amounts: list[Decimal] = []
    plans: list[LinePlan | None] = []
    total = profile.zero
    lines = snapshot.lines
    last_day = lines[0].service_date
    for line in lines:
        billed = line.billed.quantize(quantum, rounding)
        billed_amounts.append(billed)
        total += billed
        day = line.service_date
        if day > last_day:
            last_day = day
        found = None
        candidates = all_plans.get(line.code)
        if candidates is not None:
            for candidate in candidates:
                if candidate.valid_from <= day and (candidate.valid_to is None or day <= candidate.valid_to):
                    found = candidate
                    if candidate.documents is not None and not candidate.documents <= present:
                        complete = False
                    break
        plans.append(found)
    if complete:
        return billed_amounts, plans, total, last_day, None
    needed = required_documents(
        care_type=snapshot.care_type,
        kinds=[line.kind for line in lines],
        categories=[p.item.category for p in plans if p is not None],
        by_care_type=profile.required_documents,
        by_kind=profile.documents_by_kind,
        by_category=profile.documents_by_category,
    )
    return billed_amounts, plans, total, last_day, check_documents(needed, present)


def history_spent(
    history: tuple[HistoryLine, ...], reference: ReferenceSnapshot, category: str, year: int
) -> Decimal:
    """What the fund already paid in ``year`` for lines of ``category`` (for yearly ceilings)."""
    spent = ZERO
    for h in history:
        if h.service_date.year == year:
            item = reference.item(h.code, h.service_date)
            if item is not None and item.category == category:
                spent += h.fund_share
    return spent


def rejected(line_no: int, code: str, billed: Decimal, zero: Decimal, reason: Finding) -> LineDecision:
    """A rejected line: the fund pays nothing, the whole amount is the patient share."""
    return LineDecision(line_no, code, _REJECTED, billed, zero, zero, ZERO, zero, billed, zero, (reason,))


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
