"""Prior approval (accord préalable / prise en charge), with consumption counted across files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from sanad.adjudication.codes import Reason
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import ClaimSnapshot, PendingAuthorization, PriorAuthorization

RULE = "prior_approval"
#: The findings of a line that no authorization covers at all: rejected, unless a request is pending.
REFUSALS = frozenset(
    {
        Reason.PRIOR_APPROVAL_MISSING,
        Reason.PRIOR_APPROVAL_OUTSIDE_VALIDITY,
        Reason.PRIOR_APPROVAL_OTHER_FACILITY,
        Reason.PRIOR_APPROVAL_USED_UP,
    }
)


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
    service, covering the code, given to the facility when it names one, with quantity or cycles left;
    what is left is the quantity granted minus what files decided before consumed (``consumed``) minus
    what earlier lines of this file or batch use (``used``). An emergency may be authorized ``grace_days``
    after. A line no authorization covers is refused with the nearest reason: used up, given to another
    facility, outside its validity, or none for the code.

    Source: 002_* (PEC before the act, emergencies on the first working day, drugs for 3 cycles),
    004_* (CNSS: prior approval needed to claim prostheses, devices, implants, the first semester of
    orthodontics); categories from the profile. Returns the authorization used, the quantity covered and
    the finding when it is less.
    """
    best: PriorAuthorization | None = None
    best_left = 0
    spent = elsewhere = outside = None
    for auth in authorizations:
        if code not in auth.codes:
            continue
        if day > auth.valid_to or (
            auth.valid_from > day and auth.valid_from - timedelta(days=grace_days) > day
        ):
            outside = outside or auth
            continue
        if auth.facility_id is not None and auth.facility_id != facility_id:
            elsewhere = elsewhere or auth
            continue
        left = auth.granted - auth.consumed - used.get(auth.id, 0)
        if left >= quantity:
            return auth, quantity, None
        if left > best_left:
            best, best_left = auth, left
        elif left <= 0 and spent is None:
            spent = auth
    if best is not None:
        return (
            best,
            best_left,
            finding(
                Reason.PRIOR_APPROVAL_EXHAUSTED, RULE, code=code, date=day, left=best_left, quantity=quantity
            ),
        )
    if spent is not None:
        return None, 0, _named(Reason.PRIOR_APPROVAL_USED_UP, spent, code, day, granted=spent.granted)
    if elsewhere is not None:
        facility = elsewhere.facility_id or ""
        return None, 0, _named(Reason.PRIOR_APPROVAL_OTHER_FACILITY, elsewhere, code, day, facility=facility)
    if outside is not None:
        return (
            None,
            0,
            _named(
                Reason.PRIOR_APPROVAL_OUTSIDE_VALIDITY,
                outside,
                code,
                day,
                valid_from=outside.valid_from,
                valid_to=outside.valid_to,
            ),
        )
    return None, 0, finding(Reason.PRIOR_APPROVAL_MISSING, RULE, code=code, date=day)


def approved_amount(snapshot: ClaimSnapshot, authorization_id: str) -> PriorAuthorization | None:
    """The authorization `authorization_id` of the snapshot when it states an amount, else None."""
    for auth in snapshot.authorizations:
        if auth.id == authorization_id:
            return auth if auth.amount_cap is not None else None
    return None


def cap_prior_approval_amount(
    auth: PriorAuthorization, code: str, day: date, billed: Decimal, used: Decimal, currency: str
) -> tuple[Decimal, Finding | None]:
    """An approval that states an amount (a device's or a prosthesis's quote checked against the
    catalogue, an approval "for at most …") covers billed amounts up to it, counted across files and
    lines: what is left is the amount minus what files decided before took (``amount_consumed``) minus
    what earlier lines of this file or batch took (``used``). A line billed above what is left is covered
    up to it; with nothing left, it is refused.

    Source: 004_* (CNSS: prior approval of prostheses, devices and implants on the provider's quote, the
    first semester of orthodontics); 002_* (the PEC states what it covers). Returns the amount covered
    and the finding when it is less than billed (``auth.amount_cap`` must be set).
    """
    cap = auth.amount_cap
    assert cap is not None
    left = cap - auth.amount_consumed - used
    if billed <= left:
        return billed, None
    if left <= 0:
        return Decimal(0), _named(
            Reason.PRIOR_APPROVAL_AMOUNT_USED_UP, auth, code, day, cap=cap, currency=currency
        )
    note = _named(
        Reason.PRIOR_APPROVAL_AMOUNT_EXCEEDED, auth, code, day, cap=cap, left=left, billed=billed,
        currency=currency,
    )  # fmt: skip
    return left, note


def _named(
    reason: Reason, auth: PriorAuthorization, code: str, day: date, **params: str | int | date | Decimal
) -> Finding:
    return finding(reason, RULE, code=code, date=day, authorization=auth.name, **params)


def prior_approval_pending(
    code: str, day: date, facility_id: str, pending: Sequence[PendingAuthorization]
) -> Finding | None:
    """A line no authorization covers goes to the medical adviser instead of being refused while a request
    of the beneficiary made by the same facility waits for the fund's answer: the adviser decides the
    request, and the line with it.

    Source: 002_* (an emergency's request for regularisation reaches the fund after the act, on the first
    working day); 004_* (the fund answers within 48 hours)."""
    for request in pending:
        if request.facility_id is None or request.facility_id == facility_id:
            reference = request.reference
            return finding(Reason.PRIOR_APPROVAL_PENDING, RULE, code=code, date=day, authorization=reference)
    return None
