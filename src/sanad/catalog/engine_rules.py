"""From a fund profile to the rules the adjudication engine reads (`ProfileRules`)."""

from __future__ import annotations

from sanad.adjudication import CareType, LineKind, ProfileRules, Sector
from sanad.funds.types import Clock, FundProfile

# A file sent in an emergency may come after the act by this many days more than the request clock says,
# as a weekend may fall between the act and the first working day (assumption).
_WEEKEND_DAYS = 2
_CARE_TYPES = frozenset(c.value for c in CareType)


def _grace_days(clock: Clock) -> int:
    if clock.unit == "calendar_days":
        return clock.amount
    if clock.unit == "working_days":
        return clock.amount + _WEEKEND_DAYS
    return -(-clock.amount // 24) + _WEEKEND_DAYS  # working hours, rounded up to days


def profile_rules(profile: FundProfile) -> ProfileRules:
    """The engine's view of a fund profile: rates by care type and sector, clocks, thresholds, ceilings."""
    rates = {}
    for row in profile.coverage.by_care_type:
        if row.care_type not in _CARE_TYPES:
            continue
        for sector in Sector:
            rates[(CareType(row.care_type), sector)] = getattr(row, sector.value)
    # Devices and acts billed by a pharmacy follow the outpatient rates (assumption); drugs: the drug rate.
    for sector in Sector:
        outpatient = rates.get((CareType.OUTPATIENT, sector))
        if outpatient is not None:
            rates.setdefault((CareType.PHARMACY, sector), outpatient)
    pyramid = profile.care_pyramid
    levels = sorted(level.rank for level in pyramid.levels)
    # Without a penalty the pyramid has no effect on payment; with one, the two lowest levels (primary care)
    # are open without a referral (assumption: the health post and the health centre are first contact).
    entry_level = levels[min(1, len(levels) - 1)] if pyramid.skip_penalty_rate > 0 and levels else None
    dependants = profile.dependants
    claims = profile.claims
    return ProfileRules(
        fund=profile.code,
        currency=profile.money.currency,
        time_bar_months=claims.time_bar_months,
        coverage_rates=rates,
        quantum=profile.money.quantum,
        rounding=profile.money.rounding,
        drug_rate=profile.coverage.drug_rate,
        long_term_rate=profile.coverage.long_term_rate,
        direct_billing_threshold=claims.direct_billing_threshold,
        agreement_required=profile.agreements.required_to_bill,
        pyramid_entry_level=entry_level,
        pyramid_penalty_rate=pyramid.skip_penalty_rate,
        medical_review_limit=claims.medical_review_amount,
        review_sample_rate=claims.medical_review_sample_rate,
        review_seed=profile.code,
        # The engine's list applies in every sector: the profile's sector-only categories cannot be given.
        prior_approval_categories=frozenset(profile.prior_approval.all_sectors),
        emergency_grace_days=_grace_days(profile.authorizations.emergency_request_clock),
        child_age_limit=dependants.child_max_age,
        student_age_limit=dependants.student_max_age,
        student_certificates=frozenset(dependants.student_certificates),
        disabled_certificates=frozenset({dependants.disabled_child_certificate}),
        # The engine counts ceilings per beneficiary; a family ceiling is left to the claims app.
        yearly_ceilings={c.code: c.amount for c in profile.yearly_ceilings if c.per == "beneficiary"},
        required_documents={
            CareType(code): frozenset(docs)
            for code, docs in claims.required_documents.by_care_type
            if code in _CARE_TYPES
        },
        documents_by_kind={
            LineKind(code): frozenset(docs) for code, docs in claims.required_documents.by_line_kind
        },
        documents_by_category={code: frozenset(docs) for code, docs in claims.required_documents.by_category},
    )
