"""Contribution amounts and the rights they open (seed 003, profiles `contributions` and `rights`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.calendar import add_months
from sanad.funds.types import FundProfile
from sanad.registry.vocabulary import RightsReason

_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ContributionAmount:
    """What one period costs: the insured's share + the State's or employer's share = the amount."""

    amount: Decimal
    insured_share: Decimal
    sponsor_share: Decimal
    base: Decimal  # persons counted (flat scheme) or the salary after floor and ceiling (salary share)


@dataclass(frozen=True, slots=True)
class RightsWindow:
    """Paid from `paid_from`; rights from `start` (after any waiting) to `end`, then the grace period."""

    paid_from: date
    start: date
    end: date


def contribution_period_end(profile: FundProfile, start: date) -> date:
    """A contribution period lasts the profile's `contributions.period_months`, ending the day before."""
    return add_months(start, profile.contributions.period_months) - _DAY


def contribution_amount(
    profile: FundProfile, *, persons: int = 1, salary: Decimal | None = None
) -> ContributionAmount:
    """The amount of one contribution period, rounded with the profile's money rules.

    Flat scheme (CNASS, seed 003): the yearly amount per person, split insured/State, pro rata of the
    period's months. Salary share (CNOPS, CNSS): each party's rate times the monthly salary raised to the
    floor and capped by the ceiling, times the period's months. Source: profile `contributions`.
    """
    rules, money = profile.contributions, profile.money
    months = Decimal(rules.period_months)
    if rules.flat is not None:
        if persons < 1:
            raise DomainError(ErrorCode.INVALID, _("At least one person is covered."), field="persons")
        factor = Decimal(persons) * months / 12
        insured = money.quantize(rules.flat.insured_amount * factor)
        sponsor = money.quantize(rules.flat.state_amount * factor)
        return ContributionAmount(insured + sponsor, insured, sponsor, Decimal(persons))
    share = rules.salary
    assert share is not None  # the loader sets exactly one scheme
    if salary is None or salary <= 0:
        raise DomainError(ErrorCode.REQUIRED, _("The monthly salary is required."), field="salary")
    base = salary
    if share.minimum_salary_base is not None:
        base = max(base, share.minimum_salary_base)
    if share.salary_ceiling is not None:
        base = min(base, share.salary_ceiling)
    insured = money.quantize(base * share.employee_rate * months)
    sponsor = money.quantize(base * share.employer_rate * months)
    return ContributionAmount(insured + sponsor, insured, sponsor, base)


def rights_window(profile: FundProfile, *, paid_from: date, previous: RightsWindow | None) -> RightsWindow:
    """The rights a period paid from `paid_from` opens, for `rights.period_months`.

    Rights start after `rights.waiting_days` unless the period continues an earlier one with no day
    uncovered (paid from at latest the day after its grace period); then an unfinished waiting period
    carries on. Source: profile `rights` (assumptions).
    """
    rules = profile.rights
    end = add_months(paid_from, rules.period_months) - _DAY
    continues = previous is not None and paid_from <= previous.end + (rules.grace_days + 1) * _DAY
    if continues:
        assert previous is not None
        start = max(paid_from, previous.start)
    else:
        start = paid_from + rules.waiting_days * _DAY
    return RightsWindow(paid_from=paid_from, start=start, end=end)


def rights_status(
    profile: FundProfile, *, window: RightsWindow | None, on: date
) -> tuple[bool, RightsReason]:
    """Covered on `on` by the latest window paid from on or before it, and why.

    Covered from `start` to `end`; then still covered for `rights.grace_days`; after that arrears
    suspend rights. Before `start` the member is in the waiting period. Source: profile `rights`.
    """
    if window is None or on < window.paid_from:
        return False, RightsReason.NO_CONTRIBUTION
    grace_end = window.end + profile.rights.grace_days * _DAY
    if on < window.start:
        return (False, RightsReason.WAITING) if on <= grace_end else (False, RightsReason.ARREARS)
    if on <= window.end:
        return True, RightsReason.COVERED
    if on <= grace_end:
        return True, RightsReason.GRACE
    return False, RightsReason.ARREARS
