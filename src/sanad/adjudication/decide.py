"""The decision on one file: the rules in the engine's order, over the lines of the file.

For speed it reads one precomputed plan per line (``plan.py``), skips a rule that cannot apply (an item
without constraints, a profile without a pyramid, a file without history) and tests inline the cheap
trigger of a few rules before calling them for their finding; findings are built only when needed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal

from sanad.adjudication.closing import empty_decision, missing_documents, refused_whole
from sanad.adjudication.codes import Channel, FileStatus, LineKind, LineStatus, Payee, Reason
from sanad.adjudication.context import (
    ZERO,
    BatchState,
    day_context,
    documents_held,
    new_decision,
    new_line,
    plan_in_force,
    rejected,
    unvalued,
)
from sanad.adjudication.decision import Decision, Finding, LineDecision
from sanad.adjudication.inputs import ClaimSnapshot
from sanad.adjudication.reference import ReferenceSnapshot
from sanad.adjudication.rules.direct_billing import resolve_payee
from sanad.adjudication.rules.duplicates import check_duplicate, check_pending, paid_index, pending_index
from sanad.adjudication.rules.frequency import Counted
from sanad.adjudication.rules.prior_approval import (
    REFUSALS,
    approved_amount,
    cap_prior_approval_amount,
    prior_approval_pending,
)
from sanad.adjudication.rules.routing import (
    check_overbilling,
    check_protocol,
    file_review_flags,
    file_status,
    route,
)
from sanad.adjudication.rules.time_bar import check_time_bar
from sanad.adjudication.rules.valuation import shares
from sanad.adjudication.steps import above_tariff, check_line, count_ceiling, count_use, no_rate, revalue

# Enum members bound once: attribute access on an enum class is slow on Python 3.11.
_ACCEPTED, _REDUCED, _TO_REVIEW = LineStatus.ACCEPTED, LineStatus.REDUCED, LineStatus.TO_REVIEW
_APPROVAL_PENDING = Reason.PRIOR_APPROVAL_PENDING
_FACILITY, _INSURED, _REIMBURSEMENT = Payee.FACILITY, Payee.INSURED, Channel.REIMBURSEMENT
_FILE_REJECTED = FileStatus.REJECTED
_NO_DOCS: frozenset[str] = frozenset()
#: Status -> administrative -> medical -> routing, from the rule itself.
_ROUTES = {
    status: tuple(
        tuple(route(status, administrative=administrative, medical=medical) for medical in (False, True))
        for administrative in (False, True)
    )
    for status in FileStatus
}
_SALTED: dict[bytes, hashlib.blake2b] = {}  # BLAKE2b state after each sample salt seen
#: (lines, rejected, to review, reduced) -> status of the file, from the rule itself, filled as files come.
_STATUSES: dict[tuple[int, int, bool, bool], FileStatus] = {}
_NO_RATES: Mapping[LineKind, Decimal | None] = {}


def decide_file(snapshot: ClaimSnapshot, reference: ReferenceSnapshot, state: BatchState) -> Decision:
    """Decide on one file, reading and updating what the batch remembers (``state``)."""
    profile = reference.profile
    lines = snapshot.lines
    if not lines:
        return empty_decision(snapshot, profile.currency, profile.zero)
    claims = state.claims
    file_no = len(claims)
    claims.append(snapshot.claim_id)

    # First pass: amounts billed (quantized), total, last day of service, documents.
    quantum, rounding, zero = profile.quantum, profile.rounding, profile.zero
    total_billed = zero
    amounts: list[Decimal] = []
    last_day = lines[0].service_date
    for line in lines:
        billed = line.billed.quantize(quantum, rounding)
        amounts.append(billed)
        total_billed += billed
        if line.service_date > last_day:
            last_day = line.service_date
    present = snapshot.documents
    documents = None
    if not (
        profile.required_documents.get(snapshot.care_type, _NO_DOCS) <= present
        and (reference.plan_documents <= present or documents_held(snapshot, reference))
    ):
        documents = missing_documents(snapshot, reference)

    channel, threshold = snapshot.channel, profile.direct_billing_threshold
    if channel is _REIMBURSEMENT or threshold is None or total_billed >= threshold:  # resolve_payee's trigger
        payee, payee_finding = (_INSURED if channel is _REIMBURSEMENT else _FACILITY), None
    else:
        payee, payee_finding = resolve_payee(channel, total_billed, threshold, profile.currency)
        if payee_finding is not None:  # below the threshold the file is not the facility's to bill (seed 002)
            return refused_whole(
                snapshot, profile, amounts, total_billed, payee, payee_finding, payee_finding
            )
    end = snapshot.discharge_date or snapshot.dispensing_date or last_day
    received_on, months = snapshot.received_on, profile.time_bar_months
    if (received_on - end).days > 28 * months:  # else in time: no month is shorter than 28 days
        barred = check_time_bar(received_on, end, months)
        if barred is not None:
            return refused_whole(snapshot, profile, amounts, total_billed, payee, payee_finding, barred)

    beneficiary, facility = snapshot.beneficiary, snapshot.facility
    beneficiary_id, facility_id = beneficiary.id, facility.id
    diagnosis = snapshot.diagnosis
    expected_codes = None if diagnosis is None else reference.protocols.get(diagnosis)
    history = snapshot.history
    paid = paid_index(beneficiary_id, history) if history else None
    pending = pending_index(beneficiary_id, snapshot.pending) if snapshot.pending else None
    seen, at_tariff, all_plans = state.seen, state.at_tariff, reference.plans
    earlier: list[Counted] = []
    to_facility = payee is _FACILITY
    context_day = day_reject = pyramid = None
    penalty_rate = ZERO
    rate_row = _NO_RATES
    administrative = documents is not None
    medical = any_review = any_reduced = False
    rejected_count = 0
    fund_total = penalty_total = zero
    decisions: list[LineDecision] = []
    append = decisions.append

    line_no = 0
    for line in lines:
        billed = amounts[line_no]
        line_no += 1
        code = line.code
        day = line.service_date
        if day != context_day:
            day_reject, pyramid, rate_row, penalty_rate = day_context(snapshot, reference, day, to_facility)
            context_day = day
        plans = all_plans.get(code)
        plan = plans[0] if plans else None  # the newest plan: most lines fall in it, test it first
        if plan is not None and not (
            plan.valid_from <= day and (plan.valid_to is None or day <= plan.valid_to)
        ):
            plan = plan_in_force(reference, code, day)
        reject = day_reject
        copy = None
        if reject is None and (plan is None or not plan.ready or plan.kind is not line.kind):
            reject = check_line(plan, line, reference, facility, beneficiary)
        if reject is None:
            key = (beneficiary_id, code, day, facility_id)
            first = seen.get(key)
            if (first is not None and first != file_no) or (paid and key in paid):
                reject = check_duplicate(key, paid, seen, file_no, claims)
            elif pending is not None and key in pending:
                copy = check_pending(key, pending)
        if reject is not None:
            append(rejected(line_no, code, billed, zero, reject))
            rejected_count += 1
            continue
        assert plan is not None  # check_line rejects a line without a catalogue row

        quantity = covered = line.quantity
        findings: list[Finding] | None = None
        used = None
        if plan.counts_use:
            limit = plan.unit_limit
            if plan.needs_approval or limit is None or quantity > limit or history or earlier:
                covered, findings, used = count_use(plan, line, snapshot, profile, state, earlier)
            else:  # count_use's trigger: no approval, within the limit, nothing counted before
                earlier.append((code, day, quantity))
            if covered == 0:
                assert findings is not None
                held = None
                if snapshot.pending_authorizations and findings[0].code in REFUSALS:
                    held = prior_approval_pending(code, day, facility_id, snapshot.pending_authorizations)
                if held is None:
                    append(rejected(line_no, code, billed, zero, findings[0]))
                    rejected_count += 1
                    continue
                # A request awaits the fund's answer: value the line, the adviser decides both.
                covered, findings, medical = quantity, [held], True

        # Valuation: unit tariff from the plan unless another coefficient was billed.
        unit = plan.unit_tariff
        coefficient = line.coefficient
        from_plan = unit is not None and (
            coefficient is None or not plan.keyed or coefficient == plan.coefficient
        )
        if not from_plan:
            unit, note = revalue(plan, coefficient, day, reference)
            if unit is None:
                assert note is not None
                administrative = any_review = True
                fs = (note,) if findings is None else (*findings, note)
                if copy is not None:
                    fs = (*fs, copy)
                append(unvalued(line_no, code, billed, zero, fs, used, covered if used else 0))
                continue
            if note is not None:
                findings = [note] if findings is None else [*findings, note]
        assert unit is not None
        rate = rate_row[line.kind]
        if rate is None:
            administrative = any_review = True
            note = no_rate(snapshot, facility, line.kind)
            fs = (note,) if findings is None else (*findings, note)
            if copy is not None:
                fs = (*fs, copy)
            append(unvalued(line_no, code, billed, zero, fs, used, covered if used else 0))
            continue
        billed_covered = (
            billed if covered == quantity else (billed * covered / quantity).quantize(quantum, rounding)
        )
        capped = None if used is None else approved_amount(snapshot, used)
        if capped is not None:
            billed_covered, note = cap_prior_approval_amount(
                capped,
                code,
                day,
                billed_covered,
                state.auth_amount_used.get(capped.id, ZERO),
                profile.currency,
            )
            if note is not None:
                if not billed_covered:  # nothing left of the amount: the units stay unused too
                    state.auth_used[capped.id] -= covered
                    append(rejected(line_no, code, billed, zero, note))
                    rejected_count += 1
                    continue
                findings = [note] if findings is None else [*findings, note]
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
        if capped is not None:  # what the line took of the approved amount: the base the rate applies to
            state.auth_amount_used[capped.id] = state.auth_amount_used.get(capped.id, ZERO) + base
        above = billed_covered > tariff
        if above:
            note = above_tariff(code, billed_covered, tariff, profile.currency)
            findings = [note] if findings is None else [*findings, note]
        if pyramid is not None:
            findings = [pyramid] if findings is None else [*findings, pyramid]
        ceiling = plan.ceiling
        if ceiling is not None:
            fund, note = count_ceiling(plan, ceiling, day, fund, snapshot, reference, state)
            if note is not None:
                findings = [note] if findings is None else [*findings, note]
        status = _ACCEPTED if findings is None else _REDUCED
        if findings is not None and findings[0].code is _APPROVAL_PENDING:
            status = _TO_REVIEW

        # Medical flags, then documents.
        if expected_codes is not None and code not in expected_codes:
            note = check_protocol(code, diagnosis, expected_codes)
            if note is not None:
                medical, status = True, _TO_REVIEW
                findings = [note] if findings is None else [*findings, note]
        if above:
            factor = profile.overbilling_factor
            if factor is not None and billed_covered > tariff * factor:
                note = check_overbilling(code, billed_covered, tariff, factor, profile.currency)
                if note is not None:
                    medical, status = True, _TO_REVIEW
                    findings = [note] if findings is None else [*findings, note]
        if copy is not None:  # a copy of a file still being processed: a checker decides
            administrative, status = True, _TO_REVIEW
            findings = [copy] if findings is None else [*findings, copy]
        if documents is not None:
            status = _TO_REVIEW
            findings = [documents] if findings is None else [*findings, documents]
        if status is not _ACCEPTED:
            if status is _TO_REVIEW:
                any_review = True
            else:
                any_reduced = True
        if first is None:
            seen[key] = file_no
        fund_total += fund
        if penalty_rate:  # else the penalty is a zero at the quantum, like the total: nothing to add
            penalty_total += penalty
        append(
            new_line(
                (
                    line_no, code, status, billed, tariff, base, rate, fund, billed - fund, penalty,
                    () if findings is None else tuple(findings), used, covered if used else 0,
                )
            )
        )  # fmt: skip

    # The file: status, the cheap triggers of the file-level review rules (file_review_flags), routing.
    status_key = (line_no, rejected_count, any_review, any_reduced)
    outcome = _STATUSES.get(status_key)
    if outcome is None:
        outcome = _STATUSES[status_key] = file_status(*status_key)
    findings_ = () if payee_finding is None else (payee_finding,)
    if outcome is not _FILE_REJECTED:
        review_limit = profile.medical_review_limit
        if (review_limit is not None and total_billed > review_limit) or snapshot.anomaly_flags:
            flags = file_review_flags(snapshot, profile, total_billed)
            if flags:
                medical, findings_ = True, (*findings_, *flags)
        else:
            sample_below = profile.sample_threshold
            if sample_below is not None:
                salted = _SALTED.get(profile.sample_salt)
                if salted is None:
                    salted = _SALTED[profile.sample_salt] = hashlib.blake2b(profile.sample_salt)
                draw = salted.copy()
                draw.update(snapshot.claim_id.encode())
                if draw.digest()[:8] < sample_below:
                    flags = file_review_flags(snapshot, profile, total_billed)
                    if flags:
                        medical, findings_ = True, (*findings_, *flags)
    return new_decision(
        (
            snapshot.claim_id, snapshot.batch_id, profile.currency, outcome,
            _ROUTES[outcome][administrative][medical], payee, total_billed, fund_total,
            total_billed - fund_total, penalty_total, tuple(decisions), findings_,
        )
    )  # fmt: skip
