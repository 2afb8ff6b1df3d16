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

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from sanad.adjudication.codes import FileStatus, LineKind, LineStatus, Payee, Reason
from sanad.adjudication.context import (
    ZERO,
    BatchState,
    day_context,
    empty_decision,
    first_pass,
    history_spent,
    new_decision,
    new_line,
    rejected,
    time_barred,
    unvalued,
)
from sanad.adjudication.dates import age_on
from sanad.adjudication.decision import Decision, Finding, LineDecision, finding
from sanad.adjudication.inputs import ClaimSnapshot
from sanad.adjudication.reference import ActRef, ReferenceSnapshot
from sanad.adjudication.rules.direct_billing import resolve_payee
from sanad.adjudication.rules.duplicates import check_duplicate, paid_index
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
#: The routing of every (status, administrative, medical), from the rule itself.
_ROUTES = {
    (status, administrative, medical): route(status, administrative=administrative, medical=medical)
    for status in FileStatus
    for administrative in (False, True)
    for medical in (False, True)
}
_NO_RATES: Mapping[LineKind, Decimal | None] = {}


def adjudicate(snapshot: ClaimSnapshot, reference: ReferenceSnapshot) -> Decision:
    """Decide on one billing file against the reference data. Pure and deterministic."""
    return _adjudicate(snapshot, reference, BatchState())


def adjudicate_batch(snapshots: Iterable[ClaimSnapshot], reference: ReferenceSnapshot) -> Iterator[Decision]:
    """Decide on the files of one batch in order, detecting duplicates across files and counting prior
    authorization units and yearly ceilings across them. Lazy: decisions stream out one by one."""
    state = BatchState()
    for snapshot in snapshots:
        yield _adjudicate(snapshot, reference, state)


def _adjudicate(snapshot: ClaimSnapshot, reference: ReferenceSnapshot, state: BatchState) -> Decision:
    profile = reference.profile
    currency = profile.currency
    lines = snapshot.lines
    if not lines:
        return empty_decision(snapshot, currency, profile.zero)
    claims = state.claims
    file_no = len(claims)
    claims.append(snapshot.claim_id)

    entries, total_billed, last_day, documents = first_pass(snapshot, reference)
    payee, payee_finding = resolve_payee(
        snapshot.channel, total_billed, profile.direct_billing_threshold, currency
    )
    end = snapshot.discharge_date or snapshot.dispensing_date or last_day
    received_on, months = snapshot.received_on, profile.time_bar_months
    if (received_on - end).days > 28 * months:  # else in time: no month is shorter than 28 days
        barred = check_time_bar(received_on, end, months)
        if barred is not None:
            return time_barred(snapshot, profile, entries, total_billed, payee, payee_finding, barred)

    quantum, rounding, zero = profile.quantum, profile.rounding, profile.zero
    beneficiary, facility = snapshot.beneficiary, snapshot.facility
    beneficiary_id, facility_id = beneficiary.id, facility.id
    payee_is_facility = payee is _FACILITY
    overbilling_factor = profile.overbilling_factor
    diagnosis = snapshot.diagnosis
    expected_codes = None if diagnosis is None else reference.protocols.get(diagnosis)
    history = snapshot.history
    paid = paid_index(beneficiary_id, history) if history else None
    seen, auth_used, ceiling_used, at_tariff = (
        state.seen,
        state.auth_used,
        state.ceiling_used,
        state.at_tariff,
    )
    earlier: list[Counted] = []
    context_day = None
    day_reject: Finding | None = None
    pyramid: Finding | None = None
    penalty_rate = ZERO
    rate_row = _NO_RATES
    administrative = documents is not None
    medical = any_review = any_reduced = False
    rejected_count = 0
    fund_total = penalty_total = zero
    decisions: list[LineDecision] = []
    append = decisions.append

    line_no = 0
    for line, billed, plan in entries:
        line_no += 1
        code = line.code
        day = line.service_date
        if day != context_day:
            day_reject, pyramid, long_term = day_context(snapshot, reference, day, payee_is_facility)
            rate_row = reference.rate_table[(snapshot.care_type, facility.sector, long_term)]
            penalty_rate = ZERO if pyramid is None else profile.pyramid_penalty_rate
            context_day = day
        reject = day_reject
        key = None
        first: int | None = None
        if reject is not None:
            pass  # rejected for the day: rights or agreement
        elif plan is None or plan.item.kind is not line.kind:
            reject = check_known(None if plan is None else plan.item, code, line.kind, day)
        elif not plan.in_package:
            reject = check_in_package(code, day, reference.package.get(code))
        else:
            item = plan.item
            if plan.checks_item:
                if item.checks_facility:
                    reject = check_facility_allowed(item, facility)
                if reject is None and item.checks_person:
                    reject = check_age_sex(item, age_on(beneficiary.birth_date, day), beneficiary.sex)
            if reject is None:
                key = (beneficiary_id, code, day, facility_id)
                first = seen.get(key)
                if (first is not None and first != file_no) or (paid and key in paid):
                    reject = check_duplicate(key, paid, seen, file_no, claims)
        if reject is not None:
            append(rejected(line_no, code, billed, zero, reject))
            rejected_count += 1
            continue
        assert plan is not None  # check_known rejects a line without a catalogue row

        quantity = covered = line.quantity
        findings: list[Finding] | None = None
        if plan.counts_use:
            item = plan.item
            auth_id: str | None = None
            if plan.needs_approval:
                auth, covered, short = match_prior_approval(
                    code, day, facility_id, quantity, snapshot.authorizations, auth_used,
                    profile.emergency_grace_days if snapshot.emergency else 0,
                )  # fmt: skip
                if short is not None:
                    if covered == 0 or auth is None:
                        append(rejected(line_no, code, billed, zero, short))
                        rejected_count += 1
                        continue
                    findings = [short]
                auth_id = None if auth is None else auth.id
            limit = plan.unit_limit
            if limit is not None and (covered > limit or history or earlier):
                allowed, short = frequency_allowance(item, day, covered, history, earlier)
                if short is not None:
                    if allowed == 0:
                        append(rejected(line_no, code, billed, zero, short))
                        rejected_count += 1
                        continue
                    covered = allowed
                    findings = [short] if findings is None else [*findings, short]
            if limit is not None:
                earlier.append((code, day, covered))
            if auth_id is not None:
                auth_used[auth_id] = auth_used.get(auth_id, 0) + covered

        # Valuation: unit tariff from the plan unless another coefficient was billed.
        unit = plan.unit_tariff
        coefficient = line.coefficient
        from_plan = unit is not None and (
            coefficient is None or not plan.keyed or coefficient == plan.coefficient
        )
        if not from_plan:
            item = plan.item
            assert isinstance(item, ActRef)  # other kinds always have a fixed price
            act_unit, _used, note = act_unit_tariff(item, coefficient, day, reference.key_letters)
            if act_unit is None:
                assert note is not None
                administrative = any_review = True
                fs = (note,) if findings is None else (*findings, note)
                append(unvalued(line_no, code, billed, zero, fs))
                continue
            unit = act_unit.quantize(quantum, rounding)
            if note is not None:
                findings = [note] if findings is None else [*findings, note]
        assert unit is not None
        rate = rate_row[line.kind]
        if rate is None:
            administrative = any_review = True
            kind, care, sector = line.kind, snapshot.care_type, facility.sector
            note = finding(Reason.NO_COVERAGE_RATE, "valuation", care_type=care, sector=sector, kind=kind)
            fs = (note,) if findings is None else (*findings, note)
            append(unvalued(line_no, code, billed, zero, fs))
            continue
        billed_covered = (
            billed if covered == quantity else (billed * covered / quantity).quantize(quantum, rounding)
        )
        # Most lines are billed at the tariff or above it: the base is then the tariff and the shares
        # depend only on the tariff, the rate and the penalty, computed once per batch.
        valued = at_tariff.get((unit, covered, rate, penalty_rate)) if from_plan else None
        if valued is None:
            tariff = unit if covered == 1 else unit * covered
            if from_plan:
                valued = at_tariff[(unit, covered, rate, penalty_rate)] = (
                    tariff,
                    *shares(tariff, tariff, rate, penalty_rate, quantum, rounding),
                )
        else:
            tariff = valued[0]
        if valued is not None and not billed_covered < tariff:
            tariff, base, fund, penalty = valued
        else:
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
            category, year = plan.item.category, day.year
            ceiling_key = (beneficiary_id, category, year)
            used = ceiling_used.get(ceiling_key)
            if used is None:
                used = history_spent(history, reference, category, year) if history else ZERO
            if not fund <= ceiling - used:  # fund is a multiple of the quantum: it fits, nothing to cut
                fund, note = apply_ceiling(fund, used, ceiling, category, year, currency, quantum)
                if note is not None:
                    findings = [note] if findings is None else [*findings, note]
            ceiling_used[ceiling_key] = used + fund
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
        if first is None:
            seen[(beneficiary_id, code, day, facility_id) if key is None else key] = file_no
        fund_total += fund
        penalty_total += penalty
        append(
            new_line(
                (
                    line_no, code, status, billed, tariff, base, rate, fund, billed - fund, penalty,
                    () if findings is None else tuple(findings),
                )
            )
        )  # fmt: skip

    outcome = file_status(len(lines), rejected_count, any_review, any_reduced)
    file_findings: tuple[Finding, ...] = () if payee_finding is None else (payee_finding,)
    if outcome is not _FILE_REJECTED:
        flags = file_review_flags(snapshot, profile, total_billed)
        if flags:
            medical, file_findings = True, (*file_findings, *flags)
    return new_decision(
        (
            snapshot.claim_id, snapshot.batch_id, currency, outcome,
            _ROUTES[(outcome, administrative, medical)], payee,
            total_billed, fund_total, total_billed - fund_total, penalty_total, tuple(decisions),
            file_findings,
        )
    )  # fmt: skip
