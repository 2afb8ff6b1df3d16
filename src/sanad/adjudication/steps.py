"""The steps of a line the engine calls out of its loop: checks before duplicates, prior approval and
frequency counts, yearly ceilings and valuation notes; each reads the rules in ``rules/``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sanad.adjudication.codes import LineKind, Reason
from sanad.adjudication.context import ZERO, BatchState, new_finding
from sanad.adjudication.dates import age_on
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import Beneficiary, ClaimLine, ClaimSnapshot, Facility, HistoryLine
from sanad.adjudication.plan import LinePlan
from sanad.adjudication.reference import ActRef, ProfileRules, ReferenceSnapshot
from sanad.adjudication.rules.facility import check_facility_allowed
from sanad.adjudication.rules.frequency import Counted, frequency_allowance
from sanad.adjudication.rules.package import check_in_package, check_known
from sanad.adjudication.rules.person import check_age_sex
from sanad.adjudication.rules.prior_approval import match_prior_approval
from sanad.adjudication.rules.valuation import act_unit_tariff, apply_ceiling

_ABOVE_TARIFF = Reason.BILLED_ABOVE_TARIFF
_ABOVE_TARIFF_KEY = finding(_ABOVE_TARIFF, "valuation").message_key


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


def check_line(
    plan: LinePlan | None,
    line: ClaimLine,
    reference: ReferenceSnapshot,
    facility: Facility,
    beneficiary: Beneficiary,
) -> Finding | None:
    """The line rules before duplicates: code known and of its kind, in the package, then the facility
    kind and level and the age and sex that its catalogue row limits."""
    if plan is None or plan.kind is not line.kind:
        return check_known(None if plan is None else plan.item, line.code, line.kind, line.service_date)
    if not plan.in_package:
        return check_in_package(line.code, line.service_date, reference.package.get(line.code))
    item = plan.item
    reject = check_facility_allowed(item, facility) if item.checks_facility else None
    if reject is None and item.checks_person:
        reject = check_age_sex(item, age_on(beneficiary.birth_date, line.service_date), beneficiary.sex)
    return reject


def revalue(
    plan: LinePlan, coefficient: Decimal | None, day: date, reference: ReferenceSnapshot
) -> tuple[Decimal | None, Finding | None]:
    """The unit tariff (quantized) of a key-letter act billed at another coefficient than its plan's, with
    the valuation note; (None, the note) when the act has no tariff on the day."""
    item = plan.item
    assert isinstance(item, ActRef)  # other kinds always have a fixed price
    unit, _used, note = act_unit_tariff(item, coefficient, day, reference.key_letters)
    if unit is None:
        return None, note
    profile = reference.profile
    return unit.quantize(profile.quantum, profile.rounding), note


def no_rate(snapshot: ClaimSnapshot, facility: Facility, kind: LineKind) -> Finding:
    """The valuation note of a line the profile gives no coverage rate for."""
    care, sector = snapshot.care_type, facility.sector
    return finding(Reason.NO_COVERAGE_RATE, "valuation", care_type=care, sector=sector, kind=kind)


def count_use(
    plan: LinePlan,
    line: ClaimLine,
    snapshot: ClaimSnapshot,
    profile: ProfileRules,
    state: BatchState,
    earlier: list[Counted],
) -> tuple[int, list[Finding] | None, str | None]:
    """The quantity a line may cover under prior approval and frequency limits, with their findings and
    the id of the authorization it uses; (0, [the finding], None) when the line is rejected. Counts what
    the line uses."""
    code, day = line.code, line.service_date
    quantity = covered = line.quantity
    findings: list[Finding] | None = None
    auth_id: str | None = None
    auth_used = state.auth_used
    if plan.needs_approval:
        # The cheap trigger of match_prior_approval: the first authorization, valid, covers the quantity.
        auths = snapshot.authorizations
        auth = auths[0] if auths else None
        if (
            auth is not None
            and code in auth.codes
            and auth.valid_from <= day <= auth.valid_to
            and (auth.facility_id is None or auth.facility_id == snapshot.facility.id)
            and auth.granted - auth.consumed - auth_used.get(auth.id, 0) >= quantity
        ):
            short = None
        else:
            auth, covered, short = match_prior_approval(
                code, day, snapshot.facility.id, quantity, auths, auth_used,
                profile.emergency_grace_days if snapshot.emergency else 0,
            )  # fmt: skip
        if short is not None:
            if covered == 0 or auth is None:
                return 0, [short], None
            findings = [short]
        auth_id = None if auth is None else auth.id
    limit = plan.unit_limit
    history = snapshot.history
    # The cheap trigger of frequency_allowance: within the smallest limit, with no line of the same code
    # paid or counted before, nothing is used yet and the whole quantity is allowed.
    counted = limit is not None and covered > limit
    if limit is not None and not counted:
        for h in history:
            if h.code == code:
                counted = True
                break
        else:
            for c, _d, _q in earlier:
                if c == code:
                    counted = True
                    break
    if counted:
        allowed, short = frequency_allowance(plan.item, day, covered, history, earlier)
        if short is not None:
            if allowed == 0:
                return 0, [short], None
            covered = allowed
            findings = [short] if findings is None else [*findings, short]
    if limit is not None:
        earlier.append((code, day, covered))
    if auth_id is not None:
        auth_used[auth_id] = auth_used.get(auth_id, 0) + covered
    return covered, findings, auth_id


def count_ceiling(
    plan: LinePlan,
    ceiling: Decimal,
    day: date,
    fund: Decimal,
    snapshot: ClaimSnapshot,
    reference: ReferenceSnapshot,
    state: BatchState,
) -> tuple[Decimal, Finding | None]:
    """The fund share left under the yearly ceiling of the line's category, counted against it."""
    category, year = plan.item.category, day.year
    ceiling_key = (snapshot.beneficiary.id, category, year)
    ceiling_used = state.ceiling_used
    used = ceiling_used.get(ceiling_key)
    note = None
    if used is None:
        history = snapshot.history
        used = history_spent(history, reference, category, year) if history else ZERO
    if not fund <= ceiling - used:  # fund is a multiple of the quantum: it fits, nothing to cut
        profile = reference.profile
        fund, note = apply_ceiling(fund, used, ceiling, category, year, profile.currency, profile.quantum)
    ceiling_used[ceiling_key] = used + fund
    return fund, note


def above_tariff(code: str, billed: Decimal, tariff: Decimal, currency: str) -> Finding:
    """The note of a line billed above its tariff (built like ``finding`` does, without keywords)."""
    return new_finding(
        (
            _ABOVE_TARIFF,
            "valuation",
            (("code", code), ("billed", billed), ("tariff", tariff), ("currency", currency)),
            _ABOVE_TARIFF_KEY,
        )
    )
