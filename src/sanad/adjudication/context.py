"""What the engine keeps while deciding: the batch state and the per-day context of a file."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import partial

from sanad.adjudication.codes import LineKind, LineStatus, Relationship
from sanad.adjudication.dates import age_on
from sanad.adjudication.decision import Decision, Finding, LineDecision
from sanad.adjudication.inputs import ClaimSnapshot
from sanad.adjudication.plan import LinePlan
from sanad.adjudication.reference import ReferenceSnapshot
from sanad.adjudication.rules.duplicates import LineKey
from sanad.adjudication.rules.facility import check_agreement
from sanad.adjudication.rules.pyramid import check_pyramid
from sanad.adjudication.rules.rights import check_rights, missing_certificates

ZERO = Decimal(0)
#: Build a decision from the tuple of its fields, skipping the keyword handling of the named-tuple
#: constructor (the engine builds one per line; the fields are in declaration order).
new_line: Callable[[tuple[object, ...]], LineDecision] = partial(tuple.__new__, LineDecision)
new_decision: Callable[[tuple[object, ...]], Decision] = partial(tuple.__new__, Decision)
new_finding: Callable[[tuple[object, ...]], Finding] = partial(tuple.__new__, Finding)
_REJECTED, _TO_REVIEW = LineStatus.REJECTED, LineStatus.TO_REVIEW
_MEMBER, _CHILD, _SPOUSE = Relationship.MEMBER, Relationship.CHILD, Relationship.SPOUSE
CeilingKey = tuple[str, str, int]
#: Per date of service: (rejecting finding, pyramid finding, coverage rate by kind, penalty rate).
DayContext = tuple[Finding | None, Finding | None, Mapping[LineKind, Decimal | None], Decimal]


class BatchState:
    """What one batch run remembers between files: lines accepted (for duplicates), authorization units
    used and amounts counted against yearly ceilings."""

    __slots__ = ("at_tariff", "auth_amount_used", "auth_used", "ceiling_used", "claims", "seen")

    def __init__(self) -> None:
        self.claims: list[str] = []  # claim id by file number
        self.seen: dict[LineKey, int] = {}  # line key -> number of the first file that had it
        self.auth_used: dict[str, int] = {}
        self.auth_amount_used: dict[str, Decimal] = {}  # amounts taken of capped authorizations
        self.ceiling_used: dict[CeilingKey, Decimal] = {}
        #: (unit tariff, quantity, rate, penalty rate) -> (tariff, base, fund share, penalty) of a line
        #: billed at or above the tariff; a pure valuation, kept to be computed once.
        self.at_tariff: dict[
            tuple[Decimal, int, Decimal, Decimal], tuple[Decimal, Decimal, Decimal, Decimal]
        ] = {}


def day_context(
    snapshot: ClaimSnapshot, reference: ReferenceSnapshot, day: date, payee_is_facility: bool
) -> DayContext:
    """Rights, agreement, care pyramid and coverage rates of a file on one date of service."""
    profile = reference.profile
    beneficiary = snapshot.beneficiary
    facility = snapshot.facility
    reject = None
    # The cheap triggers of check_rights: a member, a child under the age limit or a spouse holding the
    # certificates, with rights open on the day, has nothing more to prove.
    for p in beneficiary.rights:  # plain loops over periods: cheaper than calls to dates.covered
        if p.start <= day and (p.end is None or day <= p.end):
            relationship = beneficiary.relationship
            if relationship is _MEMBER:
                break
            if relationship is _CHILD:
                if age_on(beneficiary.birth_date, day) < profile.child_age_limit:
                    break
            elif relationship is _SPOUSE:
                needed = profile.spouse_certificates
                if not (needed and missing_certificates(beneficiary, needed, day)):
                    break
            reject = check_rights(beneficiary, day, profile)
            break
    else:
        reject = check_rights(beneficiary, day, profile)
    if reject is None:  # the cheap trigger of check_agreement: agreed, with direct-billing access if needed
        agreed = not profile.agreement_required
        if not agreed:
            for p in facility.agreements:
                if p.start <= day and (p.end is None or day <= p.end):
                    agreed = True
                    break
        if agreed and payee_is_facility:
            agreed = False
            for p in facility.direct_billing:
                if p.start <= day and (p.end is None or day <= p.end):
                    agreed = True
                    break
        if not agreed:
            reject = check_agreement(facility, day, profile.agreement_required, payee_is_facility)
    pyramid = None
    entry_level = profile.pyramid_entry_level
    level = facility.level
    if entry_level is not None and level > entry_level and not snapshot.emergency:
        referral = snapshot.referral
        if not (  # the cheap trigger of check_pyramid: a valid referral
            referral is not None
            and referral.issued_on <= day
            and referral.to_level >= level
            and (referral.valid_until is None or day <= referral.valid_until)
        ):
            pyramid = check_pyramid(level, day, entry_level, profile.pyramid_penalty_rate, referral, False)
    long_term = False
    diagnosis = snapshot.diagnosis
    if diagnosis is not None:
        for c in beneficiary.long_term_conditions:
            if c.code == diagnosis and c.valid_from <= day and (c.valid_to is None or day <= c.valid_to):
                long_term = True
    rates = reference.rate_table[(snapshot.care_type, facility.sector, long_term)]
    return reject, pyramid, rates, ZERO if pyramid is None else profile.pyramid_penalty_rate


def rejected(line_no: int, code: str, billed: Decimal, zero: Decimal, reason: Finding) -> LineDecision:
    """A rejected line: the fund pays nothing, the whole amount is the patient share."""
    return new_line(
        (line_no, code, _REJECTED, billed, zero, zero, ZERO, zero, billed, zero, (reason,), None, 0)
    )


def unvalued(
    line_no: int,
    code: str,
    billed: Decimal,
    zero: Decimal,
    findings: tuple[Finding, ...],
    authorization: str | None,
    authorized: int,
) -> LineDecision:
    """A line to review that could not be valued (no tariff or no rate): nothing is paid until reviewed."""
    return new_line(
        (
            line_no, code, _TO_REVIEW, billed, zero, zero, ZERO, zero, billed, zero, findings,
            authorization, authorized,
        )
    )  # fmt: skip


def plan_in_force(reference: ReferenceSnapshot, code: str, day: date) -> LinePlan | None:
    """The plan of ``code`` in force on ``day``, if any."""
    for candidate in reference.plans.get(code, ()):
        if candidate.valid_from <= day and (candidate.valid_to is None or day <= candidate.valid_to):
            return candidate
    return None


def documents_held(snapshot: ClaimSnapshot, reference: ReferenceSnapshot) -> bool:
    """Whether the file holds every document the plans of its lines call for."""
    present = snapshot.documents
    for line in snapshot.lines:
        plan = plan_in_force(reference, line.code, line.service_date)
        if plan is not None and plan.documents is not None and not plan.documents <= present:
            return False
    return True
