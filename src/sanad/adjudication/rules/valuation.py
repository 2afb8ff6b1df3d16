"""Valuation: tariff, base, coverage rate, fund and patient shares, yearly ceilings.

Every amount is a ``Decimal`` quantized to the profile's quantum with its rounding. The fund share is
computed and rounded first; the patient share is ``billed - fund share``, so the two add up to the billed
amount exactly. The part billed above the tariff, the pyramid penalty and what a ceiling cuts all land in
the patient share.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_DOWN, Decimal

from sanad.adjudication.codes import CareType, LineKind, Reason, Sector
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.reference import ActRef, KeyLetterValue, ProfileRules, in_force

RULE = "valuation"
CEILING_RULE = "yearly_ceiling"
ZERO = Decimal(0)
ONE = Decimal(1)


def act_unit_tariff(
    act: ActRef,
    coefficient: Decimal | None,
    day: date,
    key_letters: Mapping[str, tuple[KeyLetterValue, ...]],
) -> tuple[Decimal | None, Decimal, Finding | None]:
    """The unit tariff of a key-letter act is the value of its key letter on the date of service times
    the coefficient billed, capped at the nomenclature's coefficient.

    Source: 002_* (NGAP/NABM codes and coefficients, "code et cotation de l'acte"), national reference
    tariff. Returns (unit tariff or None when the key letter has no value on the date, coefficient used,
    finding: the coefficient was capped, or no tariff).
    """
    nomenclature = act.coefficient
    used = nomenclature if coefficient is None else coefficient
    result: Finding | None = None
    if used is None:
        used = ONE
    elif nomenclature is not None and used > nomenclature:
        result = finding(
            Reason.COEFFICIENT_ABOVE_NOMENCLATURE,
            RULE,
            code=act.code,
            billed_coefficient=used,
            coefficient=nomenclature,
        )
        used = nomenclature
    letter = act.key_letter or ""
    rows = key_letters.get(letter)
    value = None if rows is None else in_force(rows, day)
    if value is None:
        return None, used, finding(Reason.NO_TARIFF, RULE, code=act.code, letter=letter, date=day)
    return value.value * used, used, result


def coverage_rate(
    profile: ProfileRules, care_type: CareType, sector: Sector, kind: LineKind, long_term: bool
) -> Decimal | None:
    """The coverage rate is the profile's rate for the care type and the facility's sector (drugs outside
    a stay: the drug rate), raised to the long-term-condition rate when the file treats one.

    Source: profile (CNOPS 80 % outpatient, 90 % inpatient, 100 % public hospitals, 70 % drugs; CNSS 70 %,
    90 % public hospital, long-term conditions higher). None when the profile covers nothing there.
    """
    rate: Decimal | None
    if (
        kind is LineKind.DRUG
        and profile.drug_rate is not None
        and care_type not in (CareType.INPATIENT, CareType.DAY_HOSPITAL)
    ):
        rate = profile.drug_rate
    else:
        rate = profile.coverage_rates.get((care_type, sector))
    if long_term and profile.long_term_rate is not None and (rate is None or profile.long_term_rate > rate):
        rate = profile.long_term_rate
    return rate


def shares(
    billed: Decimal,
    tariff: Decimal,
    rate: Decimal,
    penalty_rate: Decimal,
    quantum: Decimal,
    rounding: str,
) -> tuple[Decimal, Decimal, Decimal]:
    """base = min(billed, tariff); fund share = base × rate rounded to the quantum, minus the penalty
    (fund share × penalty rate, rounded). Returns (base, fund share, penalty); all non-negative.

    Source: 002_* (invoice "mentionnant part CNOPS part assuré"), profile rates and quantum.
    """
    base = billed if billed < tariff else tariff
    gross = (base * rate).quantize(quantum, rounding)
    if penalty_rate:
        penalty = (gross * penalty_rate).quantize(quantum, rounding)
        return base, gross - penalty, penalty
    return base, gross, gross - gross  # a zero at the quantum


def apply_ceiling(
    fund_share: Decimal,
    used: Decimal,
    ceiling: Decimal,
    category: str,
    year: int,
    currency: str,
    quantum: Decimal = Decimal("0.01"),
) -> tuple[Decimal, Finding | None]:
    """The fund pays at most the profile's yearly ceiling per beneficiary for a category; ``used`` is what
    it already paid that calendar year (history, earlier lines of the file and batch).

    Source: profile (yearly ceilings, as real funds set them for optics, dental prostheses, …).
    """
    left = (ceiling - used).quantize(quantum, ROUND_DOWN)  # never round above the ceiling
    if left < ZERO:
        left = ZERO * quantum
    if fund_share <= left:
        return fund_share, None
    return left, finding(
        Reason.YEARLY_CEILING_REACHED,
        CEILING_RULE,
        category=category,
        year=year,
        ceiling=ceiling,
        used=used,
        currency=currency,
    )
