"""The engine: applies every rule to a claim snapshot and gives a decision per line and per file.

Order of the rules on a line (the first rejection stops the line; later checks would add nothing to it):
time bar → rights (and dependant conditions) → facility agreement and direct-billing access → code known →
benefit package → facility kind and level → age and sex → duplicates → prior approval → frequency →
valuation (tariff, base, rate, pyramid penalty, yearly ceiling) → medical flags (protocol, overbilling) →
documents. The file then gets its payee (direct-billing threshold), status and routing (review limit,
anomaly flags, random sample).

The rules live in ``rules/``; the engine only sequences them. For speed it reads one precomputed plan per
line (``plan.py``), skips a rule that cannot apply (an item without constraints, a profile without a
pyramid, a file without history) and tests inline the cheap trigger of a few rules before calling them for
their finding; findings are built only when needed.

The engine is pure: the same snapshot and reference give the same decision. ``adjudicate_batch`` keeps,
across the files of one batch, the lines accepted (duplicates), the authorization units used and the
amounts counted against yearly ceilings, so the order of the files in a batch matters, as at the counter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from sanad.adjudication.codes import FileStatus, LineStatus, Payee, Reason
from sanad.adjudication.context import (
    ZERO,
    BatchState,
    CeilingKey,
    day_context,
    empty_decision,
    first_pass,
    history_spent,
    rejected,
)
from sanad.adjudication.dates import age_on
from sanad.adjudication.decision import Decision, Finding, LineDecision, finding
from sanad.adjudication.inputs import ClaimSnapshot
from sanad.adjudication.reference import ActRef, ReferenceSnapshot
from sanad.adjudication.rules.direct_billing import resolve_payee
from sanad.adjudication.rules.duplicates import LineKey, check_duplicate, paid_index
from sanad.adjudication.rules.facility import check_facility_allowed
from sanad.adjudication.rules.frequency import Counted, frequency_allowance
from sanad.adjudication.rules.package import check_in_package, check_known
from sanad.adjudication.rules.person import check_age_sex
from sanad.adjudication.rules.prior_approval import match_prior_approval
from sanad.adjudication.rules.routing import (
    check_overbilling,
    check_protocol,
    file_review_flags,
    file_status,
    route,
)
from sanad.adjudication.rules.time_bar import check_time_bar
from sanad.adjudication.rules.valuation import act_unit_tariff, apply_ceiling, shares

__all__ = ["BatchState", "adjudicate", "adjudicate_batch"]

# Enum members bound once: attribute access on an enum class is slow on Python 3.11.
_ACCEPTED, _REDUCED, _TO_REVIEW = LineStatus.ACCEPTED, LineStatus.REDUCED, LineStatus.TO_REVIEW
_FILE_REJECTED = FileStatus.REJECTED
_FACILITY = Payee.FACILITY


def adjudicate(snapshot: ClaimSnapshot, reference: ReferenceSnapshot) -> Decision:
    """Decide on one billing file against the reference data. Pure and deterministic."""
    return _adjudicate(snapshot, reference, None)


def adjudicate_batch(snapshots: Iterable[ClaimSnapshot], reference: ReferenceSnapshot) -> Iterator[Decision]:
    """Decide on the files of one batch in order, detecting duplicates across files and counting prior
    authorization units and yearly ceilings across them. Lazy: decisions stream out one by one."""
    state = BatchState()
    for snapshot in snapshots:
        yield _adjudicate(snapshot, reference, state)


def _adjudicate(snapshot: ClaimSnapshot, reference: ReferenceSnapshot, state: BatchState | None) -> Decision:
    profile = reference.profile
    currency = profile.currency
    lines = snapshot.lines
    if not lines:
        return empty_decision(snapshot, currency, profile.zero)
    quantum, rounding, zero = profile.quantum, profile.rounding, profile.zero
    beneficiary, facility = snapshot.beneficiary, snapshot.facility

    billed_amounts, plans, total_billed, last_day, documents = first_pass(snapshot, reference)
    payee, payee_finding = resolve_payee(
        snapshot.channel, total_billed, profile.direct_billing_threshold, currency
    )
    payee_is_facility = payee is _FACILITY
    end = snapshot.discharge_date or snapshot.dispensing_date or last_day
    barred = check_time_bar(snapshot.received_on, end, profile.time_bar_months)

    key_letters = reference.key_letters
    overbilling_factor = profile.overbilling_factor
    diagnosis = snapshot.diagnosis
    expected_codes = None if diagnosis is None else reference.protocols.get(diagnosis)
    grace_days = profile.emergency_grace_days if snapshot.emergency else 0
    history = snapshot.history
    paid = paid_index(beneficiary.id, history) if history else None
    claims: list[str] = []
    if state is None:
        seen: dict[LineKey, int] | None = None
        auth_used: dict[str, int] = {}
        ceiling_used: dict[CeilingKey, Decimal] = {}
    else:
        seen, auth_used, ceiling_used, claims = state.seen, state.auth_used, state.ceiling_used, state.claims
        claims.append(snapshot.claim_id)
    file_no = len(claims) - 1
    earlier: list[Counted] = []
    context_day = None
    day_reject: Finding | None = None
    pyramid: Finding | None = None
    rate_row = reference.rate_table[(snapshot.care_type, facility.sector, False)]
    administrative = documents is not None
    medical = any_review = any_reduced = False
    rejected_count = 0
    fund_total = penalty_total = zero
    decisions: list[LineDecision] = []
    append = decisions.append

    line_no = 0
    for line in lines:
        code = line.code
        billed = billed_amounts[line_no]
        plan = plans[line_no]
        line_no += 1
        if barred is not None:
            append(rejected(line_no, code, billed, zero, barred))
            rejected_count += 1
            continue
        day = line.service_date
        if day != context_day:
            day_reject, pyramid, long_term = day_context(snapshot, reference, day, payee_is_facility)
            rate_row = reference.rate_table[(snapshot.care_type, facility.sector, long_term)]
            context_day = day
        reject = day_reject
        key: LineKey | None = None
        first: int | None = None
        if reject is None:
            if plan is None or plan.item.kind is not line.kind:
                reject = check_known(None if plan is None else plan.item, code, line.kind, day)
            elif not plan.in_package:
                reject = check_in_package(code, day, reference.package.get(code))
            else:
                item = plan.item
                if item.checks_facility:
                    reject = check_facility_allowed(item, facility)
                if reject is None and item.checks_person:
                    reject = check_age_sex(item, age_on(beneficiary.birth_date, day), beneficiary.sex)
                if reject is None and (paid or seen is not None):
                    key = (beneficiary.id, code, day, facility.id)
                    first = None if seen is None else seen.get(key)
                    if (first is not None and first != file_no) or (paid and key in paid):
                        reject = check_duplicate(key, paid, seen, file_no, claims)
        if reject is not None:
            append(rejected(line_no, code, billed, zero, reject))
            rejected_count += 1
            continue
        assert plan is not None  # check_known rejects a line without a catalogue row
        item = plan.item

        quantity = covered = line.quantity
        findings: list[Finding] | None = None
        auth_id: str | None = None
        if plan.needs_approval:
            auth, covered, short = match_prior_approval(
                code, day, facility.id, quantity, snapshot.authorizations, auth_used, grace_days
            )
            if short is not None:
                if covered == 0 or auth is None:
                    append(rejected(line_no, code, billed, zero, short))
                    rejected_count += 1
                    continue
                findings = [short]
            auth_id = None if auth is None else auth.id
        if item.checks_frequency:
            allowed, short = frequency_allowance(item, day, covered, history, earlier)
            if short is not None:
                if allowed == 0:
                    append(rejected(line_no, code, billed, zero, short))
                    rejected_count += 1
                    continue
                covered = allowed
                findings = [short] if findings is None else [*findings, short]
            earlier.append((code, day, covered))
        if auth_id is not None:
            auth_used[auth_id] = auth_used.get(auth_id, 0) + covered

        # Valuation: unit tariff from the plan unless another coefficient was billed.
        unit = plan.unit_tariff
        coefficient = line.coefficient
        if unit is None or (coefficient is not None and plan.keyed and coefficient != plan.coefficient):
            assert isinstance(item, ActRef)  # other kinds always have a fixed price
            act_unit, _used, note = act_unit_tariff(item, coefficient, day, key_letters)
            if act_unit is None:
                assert note is not None
                administrative = any_review = True
                fs = (note,) if findings is None else (*findings, note)
                append(
                    LineDecision(line_no, code, _TO_REVIEW, billed, zero, zero, ZERO, zero, billed, zero, fs)
                )
                continue
            unit = act_unit.quantize(quantum, rounding)
            if note is not None:
                findings = [note] if findings is None else [*findings, note]
        rate = rate_row[line.kind]
        if rate is None:
            administrative = any_review = True
            kind, care, sector = line.kind, snapshot.care_type, facility.sector
            note = finding(Reason.NO_COVERAGE_RATE, "valuation", care_type=care, sector=sector, kind=kind)
            fs = (note,) if findings is None else (*findings, note)
            append(LineDecision(line_no, code, _TO_REVIEW, billed, zero, zero, ZERO, zero, billed, zero, fs))
            continue
        if covered == quantity:
            tariff = unit if quantity == 1 else unit * quantity
            billed_covered = billed
        else:
            tariff = unit * covered
            billed_covered = (billed * covered / quantity).quantize(quantum, rounding)
        penalty_rate = ZERO if pyramid is None else profile.pyramid_penalty_rate
        base, fund, penalty = shares(billed_covered, tariff, rate, penalty_rate, quantum, rounding)
        above = billed_covered > tariff
        if above:
            note = finding(
                Reason.BILLED_ABOVE_TARIFF, "valuation", code=code, billed=billed_covered, tariff=tariff,
                currency=currency,
            )  # fmt: skip
            findings = [note] if findings is None else [*findings, note]
        if pyramid is not None:
            findings = [pyramid] if findings is None else [*findings, pyramid]
        ceiling = plan.ceiling
        if ceiling is not None:
            category, year = item.category, day.year
            ceiling_key = (beneficiary.id, category, year)
            used = ceiling_used.get(ceiling_key)
            if used is None:
                used = history_spent(history, reference, category, year)
            fund, note = apply_ceiling(fund, used, ceiling, category, year, currency, quantum)
            ceiling_used[ceiling_key] = used + fund
            if note is not None:
                findings = [note] if findings is None else [*findings, note]
        status = _ACCEPTED if findings is None else _REDUCED

        # Medical flags, then documents.
        if expected_codes is not None and code not in expected_codes:
            note = check_protocol(code, diagnosis, expected_codes)
            if note is not None:
                medical, status = True, _TO_REVIEW
                findings = [note] if findings is None else [*findings, note]
        if above and overbilling_factor is not None and billed_covered > tariff * overbilling_factor:
            note = check_overbilling(code, billed_covered, tariff, overbilling_factor, currency)
            if note is not None:
                medical, status = True, _TO_REVIEW
                findings = [note] if findings is None else [*findings, note]
        if documents is not None:
            status = _TO_REVIEW
            findings = [documents] if findings is None else [*findings, documents]
        if status is not _ACCEPTED:
            if status is _TO_REVIEW:
                any_review = True
            else:
                any_reduced = True
        if seen is not None and first is None:
            seen[(beneficiary.id, code, day, facility.id) if key is None else key] = file_no
        fund_total += fund
        penalty_total += penalty
        append(
            LineDecision(
                line_no, code, status, billed, tariff, base, rate, fund, billed - fund, penalty,
                () if findings is None else tuple(findings),
            )
        )  # fmt: skip

    outcome = file_status(len(lines), rejected_count, any_review, any_reduced)
    file_findings: tuple[Finding, ...] = () if payee_finding is None else (payee_finding,)
    if outcome is not _FILE_REJECTED:
        flags = file_review_flags(snapshot, profile, total_billed)
        if flags:
            medical, file_findings = True, (*file_findings, *flags)
    return Decision(
        snapshot.claim_id, snapshot.batch_id, currency, outcome,
        route(outcome, administrative=administrative, medical=medical), payee,
        total_billed, fund_total, total_billed - fund_total, penalty_total, tuple(decisions), file_findings,
    )  # fmt: skip
