"""Age and sex constraints of an act, drug or device."""

from __future__ import annotations

from sanad.adjudication.codes import Reason, Sex
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.reference import CatalogItem

RULE = "age_sex"


def check_age_sex(item: CatalogItem, age: int, sex: Sex) -> Finding | None:
    """A code limited to an age range or to one sex is rejected for a beneficiary outside it.

    Source: catalogue constraints (NGAP/NABM, 002_*), as real funds apply them.
    """
    low, high = item.min_age, item.max_age
    if (low is not None and age < low) or (high is not None and age > high):
        return finding(
            Reason.AGE_NOT_ALLOWED,
            RULE,
            code=item.code,
            age=age,
            min_age="-" if low is None else low,
            max_age="-" if high is None else high,
        )
    if item.sex is not None and sex is not item.sex:
        return finding(Reason.SEX_NOT_ALLOWED, RULE, code=item.code, sex=sex.value)
    return None
