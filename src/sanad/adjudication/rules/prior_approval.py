"""Prior approval (accord préalable / prise en charge), with consumption counted across files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from sanad.adjudication.codes import Reason
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import PriorAuthorization

RULE = "prior_approval"


def needs_prior_approval(needed_by_item: bool, category: str, categories: frozenset[str]) -> bool:
    """A code needs prior approval when the catalogue says so or its category is in the profile's list."""
    return needed_by_item or category in categories


def match_prior_approval(
    code: str,
    day: date,
    facility_id: str,
    quantity: int,
    authorizations: Sequence[PriorAuthorization],
    used: Mapping[str, int],
    grace_days: int = 0,
) -> tuple[PriorAuthorization | None, int, Finding | None]:
    """A code that needs prior approval is covered only under an authorization valid on the date of
    service, covering the code (and the facility when it names one), with quantity or cycles left; what is
    left is the quantity granted minus what files already settled consumed (``consumed``) minus what
    earlier lines of this file or batch use (``used``). An emergency may be authorized ``grace_days`` after.

    Source: 002_* (PEC before the act, emergencies on the first working day, drugs for 3 cycles),
    004_* (CNSS: prostheses, devices, implants, first semester of orthodontics); categories from the
    profile. Returns the authorization used, the quantity covered and the finding when it is less.
    """
    best: PriorAuthorization | None = None
    best_left = 0
    any_valid = False
    for auth in authorizations:
        if code not in auth.codes or day > auth.valid_to:
            continue
        if auth.valid_from > day and auth.valid_from - timedelta(days=grace_days) > day:
            continue
        if auth.facility_id is not None and auth.facility_id != facility_id:
            continue
        any_valid = True
        left = auth.granted - auth.consumed - used.get(auth.id, 0)
        if left >= quantity:
            return auth, quantity, None
        if left > best_left:
            best, best_left = auth, left
    if not any_valid:
        return None, 0, finding(Reason.PRIOR_APPROVAL_MISSING, RULE, code=code, date=day)
    return (
        best,
        best_left,
        finding(
            Reason.PRIOR_APPROVAL_EXHAUSTED, RULE, code=code, date=day, left=best_left, quantity=quantity
        ),
    )


def prior_approval_to_verify(code: str, day: date) -> Finding:
    """Where authorizations are not on file with the claims, a code that needs prior approval goes to the
    medical adviser, who checks the authorization on paper.

    Source: the claims capability (issue: prior authorizations come later; until then, review)."""
    return finding(Reason.PRIOR_APPROVAL_TO_VERIFY, RULE, code=code, date=day)
