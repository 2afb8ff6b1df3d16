"""Contribution amounts per fund, and the rights they open: waiting period, grace period, arrears."""

import datetime
from decimal import Decimal

import pytest

from sanad.funds import load_profile
from sanad.registry.rules import RightsWindow, contribution_amount, rights_status, rights_window
from sanad.registry.vocabulary import RightsReason

DAY = datetime.timedelta(days=1)
JAN_1 = datetime.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("persons", "insured", "state"), [(1, "500.00", "1000.00"), (4, "2000.00", "4000.00")]
)
def test_cnass_charges_a_flat_yearly_amount_per_person_split_between_insured_and_state(
    persons, insured, state
):
    amount = contribution_amount(load_profile("cnass-mr"), persons=persons)

    assert amount.insured_share == Decimal(insured)
    assert amount.sponsor_share == Decimal(state)
    assert amount.amount == Decimal(insured) + Decimal(state) == Decimal("1500.00") * persons


@pytest.mark.parametrize(
    ("salary", "employee", "employer"),
    [
        ("10000.00", "250.00", "250.00"),  # 2.5 % each
        ("50000.00", "400.00", "400.00"),  # capped at the 16,000 MAD ceiling
        ("1000.00", "70.00", "70.00"),  # raised to the 2,800 MAD floor
        ("12345.67", "308.64", "308.64"),  # rounded half up to the centime
    ],
)
def test_cnops_charges_a_share_of_salary_with_a_ceiling(salary, employee, employer):
    amount = contribution_amount(load_profile("cnops-ma"), salary=Decimal(salary))

    assert (amount.insured_share, amount.sponsor_share) == (Decimal(employee), Decimal(employer))
    assert amount.amount == amount.insured_share + amount.sponsor_share


def test_cnss_charges_a_share_of_the_whole_salary_without_ceiling():
    amount = contribution_amount(load_profile("cnss-ma"), salary=Decimal("50000.00"))

    assert amount.insured_share == Decimal("1130.00")  # 2.26 %
    assert amount.sponsor_share == Decimal("2055.00")  # 4.11 %
    assert amount.base == Decimal("50000.00")


@pytest.mark.parametrize("fund", ["cnops-ma", "cnss-ma"])
def test_a_share_of_salary_needs_the_salary(fund):
    from sanad.common.errors import DomainError

    with pytest.raises(DomainError) as caught:
        contribution_amount(load_profile(fund), salary=None)

    assert caught.value.field == "salary"


def test_the_amounts_are_quantized_to_the_money_rules(profile):
    amount = contribution_amount(profile, persons=3, salary=Decimal("7777.77"))

    for value in (amount.amount, amount.insured_share, amount.sponsor_share):
        assert value == profile.money.quantize(value)


@pytest.mark.parametrize(
    ("fund", "end", "start"),
    [
        ("cnass-mr", datetime.date(2026, 12, 31), datetime.date(2026, 1, 31)),  # a year, 30 days waiting
        ("cnops-ma", datetime.date(2026, 1, 31), JAN_1),  # a month, no waiting
        ("cnss-ma", datetime.date(2026, 1, 31), datetime.date(2026, 4, 1)),  # a month, 90 days waiting
    ],
)
def test_a_first_contribution_opens_rights_after_the_waiting_period(fund, end, start):
    window = rights_window(load_profile(fund), paid_from=JAN_1, previous=None)

    assert (window.paid_from, window.start, window.end) == (JAN_1, start, end)


def test_rights_are_waiting_until_the_day_the_waiting_period_ends(profile):
    window = rights_window(profile, paid_from=JAN_1, previous=None)
    waiting = profile.rights.waiting_days

    if waiting:
        assert rights_status(profile, window=window, on=window.start - DAY) == (False, RightsReason.WAITING)
    assert rights_status(profile, window=window, on=JAN_1 + waiting * DAY)[0] is True
    assert rights_status(profile, window=window, on=JAN_1 - DAY) == (False, RightsReason.NO_CONTRIBUTION)


def test_a_renewal_within_the_grace_period_has_no_new_waiting_period(profile):
    first = rights_window(profile, paid_from=JAN_1, previous=None)
    late = first.end + profile.rights.grace_days * DAY

    renewal = rights_window(profile, paid_from=late, previous=first)
    next_day = rights_window(profile, paid_from=late + DAY, previous=first)

    assert renewal.start == max(late, first.start)
    assert next_day.start == max(late + DAY, first.start)  # no day went uncovered


def test_a_renewal_after_a_day_of_arrears_waits_again(profile):
    first = rights_window(profile, paid_from=JAN_1, previous=None)
    # Covered up to the last day of grace; suspended the next day; paid from the day after.
    lapsed = first.end + (profile.rights.grace_days + 2) * DAY

    renewal = rights_window(profile, paid_from=lapsed, previous=first)

    assert renewal.start == lapsed + profile.rights.waiting_days * DAY


def test_a_waiting_period_longer_than_a_paid_month_carries_into_the_next_months():
    cnss = load_profile("cnss-ma")
    january = rights_window(cnss, paid_from=JAN_1, previous=None)
    february = rights_window(cnss, paid_from=datetime.date(2026, 2, 1), previous=january)

    assert february.start == january.start == datetime.date(2026, 4, 1)
    assert rights_status(cnss, window=february, on=datetime.date(2026, 2, 15)) == (
        False,
        RightsReason.WAITING,
    )


def test_arrears_suspend_rights_after_the_grace_period(profile):
    window = RightsWindow(paid_from=JAN_1, start=JAN_1, end=datetime.date(2026, 1, 31))
    grace_end = window.end + profile.rights.grace_days * DAY

    assert rights_status(profile, window=window, on=window.end) == (True, RightsReason.COVERED)
    assert rights_status(profile, window=window, on=window.end + DAY) == (True, RightsReason.GRACE)
    assert rights_status(profile, window=window, on=grace_end) == (True, RightsReason.GRACE)
    assert rights_status(profile, window=window, on=grace_end + DAY) == (False, RightsReason.ARREARS)


def test_the_reasons_have_translated_labels():
    from django.utils import translation

    with translation.override("en"):
        assert str(RightsReason.ARREARS.label) == "Rights suspended for arrears"
