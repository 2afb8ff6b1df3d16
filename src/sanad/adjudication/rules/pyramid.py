"""Care pyramid: care above the entry level without a referral carries a penalty."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sanad.adjudication.codes import Reason
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import Referral

RULE = "care_pyramid"


def referral_valid(referral: Referral | None, level: int, day: date) -> bool:
    """A referral counts when issued on or before the day, still valid, and reaching the facility's level."""
    if referral is None:
        return False
    if referral.issued_on > day or referral.to_level < level:
        return False
    return referral.valid_until is None or day <= referral.valid_until


def check_pyramid(
    level: int,
    day: date,
    entry_level: int | None,
    penalty_rate: Decimal,
    referral: Referral | None,
    emergency: bool,
) -> Finding | None:
    """Care in a facility above the profile's entry level of the pyramid, without a valid referral and
    outside an emergency, carries the profile's penalty: that share of the fund share goes to the patient.

    Source: 000_* ("Le bénéficiaire de soins doit respecter la pyramide sanitaire pour bénéficier de la
    prise en charge de la CNASS sans pénalité"; referral to a higher level when needed); levels and the
    penalty rate from the profile.
    """
    if entry_level is None or not penalty_rate or level <= entry_level or emergency:
        return None
    if referral_valid(referral, level, day):
        return None
    return finding(
        Reason.PYRAMID_PENALTY, RULE, level=level, entry_level=entry_level, rate=penalty_rate, date=day
    )
