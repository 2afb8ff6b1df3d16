"""What the engine keeps while deciding: the batch state and the per-day context of a file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial

from sanad.adjudication.codes import Channel, FileStatus, LineStatus, Payee, Reason, Relationship
from sanad.adjudication.dates import covered
from sanad.adjudication.decision import Decision, Finding, LineDecision, finding
from sanad.adjudication.inputs import ClaimLine, ClaimSnapshot, HistoryLine
from sanad.adjudication.plan import LinePlan
from sanad.adjudication.reference import ProfileRules, ReferenceSnapshot
from sanad.adjudication.rules.documents import check_documents, required_documents
from sanad.adjudication.rules.duplicates import LineKey
from sanad.adjudication.rules.facility import check_agreement
from sanad.adjudication.rules.pyramid import check_pyramid
from sanad.adjudication.rules.rights import check_rights
from sanad.adjudication.rules.routing import file_status, route

ZERO = Decimal(0)
#: Build a decision from the tuple of its fields, skipping the keyword handling of the named-tuple
#: constructor (the engine builds one per line; the fields are in declaration order).
new_line: Callable[[tuple[object, ...]], LineDecision] = partial(tuple.__new__, LineDecision)
new_decision: Callable[[tuple[object, ...]], Decision] = partial(tuple.__new__, Decision)
_REJECTED, _TO_REVIEW = LineStatus.REJECTED, LineStatus.TO_REVIEW
_MEMBER = Relationship.MEMBER
_NO_DOCS: frozenset[str] = frozenset()
CeilingKey = tuple[str, str, int]
#: A line of the snapshot with its amount billed (quantized) and the plan in force on its date.
Entry = tuple[ClaimLine, Decimal, LinePlan | None]
#: Per date of service: (rejecting finding, pyramid finding, long-term condition treated).
DayContext = tuple[Finding | None, Finding | None, bool]


class BatchState:
    """What one batch run remembers between files: lines accepted (for duplicates), authorization units
    used and amounts counted against yearly ceilings."""

    __slots__ = ("at_tariff", "auth_used", "ceiling_used", "claims", "seen")

    def __init__(self) -> None:
        self.claims: list[str] = []  # claim id by file number
        self.seen: dict[LineKey, int] = {}  # line key -> number of the first file that had it
        self.auth_used: dict[str, int] = {}
        self.ceiling_used: dict[CeilingKey, Decimal] = {}
        #: (unit tariff, quantity, rate, penalty rate) -> (tariff, base, fund share, penalty) of a line
        #: billed at or above the tariff; a pure valuation, kept to be computed once.
        self.at_tariff: dict[
            tuple[Decimal, int, Decimal, Decimal], tuple[Decimal, Decimal, Decimal, Decimal]
        ] = {}


def day_context(
    snapshot: ClaimSnapshot, reference: ReferenceSnapshot, day: date, payee_is_facility: bool
) -> DayContext:
    """Rights, agreement, care pyramid and long-term condition of a file on one date of service."""
    profile = reference.profile
    beneficiary = snapshot.beneficiary
    facility = snapshot.facility
    reject = None
    # A member with rights open on the day has nothing more to prove: the cheap trigger of check_rights.
    if beneficiary.relationship is not _MEMBER or not covered(beneficiary.rights, day):
        reject = check_rights(beneficiary, day, profile)
    if reject is None:
        reject = check_agreement(facility, day, profile.agreement_required, payee_is_facility)
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
) -> tuple[list[Entry], Decimal, date, Finding | None]:
    """Each line with its amount billed (quantized) and the plan in force, the total, the last date of
    service, and the documents finding when the file lacks a document its care type or its lines call for."""
    profile = reference.profile
    quantum, rounding, present = profile.quantum, profile.rounding, snapshot.documents
    all_plans = reference.plans
    complete = profile.required_documents.get(snapshot.care_type, _NO_DOCS) <= present
    check_lines = complete and not reference.plan_documents <= present
    entries: list[Entry] = []
    append = entries.append
    total = profile.zero
    lines = snapshot.lines
    last_day = lines[0].service_date
    for line in lines:
        billed = line.billed.quantize(quantum, rounding)
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
                    if check_lines and candidate.documents is not None and not candidate.documents <= present:
                        complete = False
                    break
        append((line, billed, found))
    if complete:
        return entries, total, last_day, None
    needed = required_documents(
        care_type=snapshot.care_type,
        kinds=[line.kind for line in lines],
        categories=[plan.item.category for _line, _billed, plan in entries if plan is not None],
        by_care_type=profile.required_documents,
        by_kind=profile.documents_by_kind,
        by_category=profile.documents_by_category,
    )
    return entries, total, last_day, check_documents(needed, present)


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
    return new_line((line_no, code, _REJECTED, billed, zero, zero, ZERO, zero, billed, zero, (reason,)))


def unvalued(
    line_no: int, code: str, billed: Decimal, zero: Decimal, findings: tuple[Finding, ...]
) -> LineDecision:
    """A line to review that could not be valued (no tariff or no rate): nothing is paid until reviewed."""
    return new_line((line_no, code, _TO_REVIEW, billed, zero, zero, ZERO, zero, billed, zero, findings))


def time_barred(
    snapshot: ClaimSnapshot,
    profile: ProfileRules,
    entries: list[Entry],
    total: Decimal,
    payee: Payee,
    payee_finding: Finding | None,
    barred: Finding,
) -> Decision:
    """A time-barred file: every line is rejected, the fund pays nothing."""
    zero = profile.zero
    lines = tuple(
        rejected(line_no, line.code, billed, zero, barred)
        for line_no, (line, billed, _plan) in enumerate(entries, 1)
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
