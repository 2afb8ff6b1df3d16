"""Working days skip the fund's weekend and its country's public holidays."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from sanad.funds import (
    add_months,
    add_working_days,
    add_working_hours,
    deadline,
    is_working_day,
    load_profile,
    next_working_day,
    public_holidays,
    working_days_between,
)
from sanad.funds.calendar import _holiday_dates


def test_it_skips_the_weekend(cnops):
    friday = date(2026, 3, 6)
    assert not is_working_day(cnops, date(2026, 3, 7))
    assert not is_working_day(cnops, date(2026, 3, 8))
    assert add_working_days(cnops, friday, 1) == date(2026, 3, 9)
    assert working_days_between(cnops, friday, date(2026, 3, 9)) == 1


def test_it_skips_throne_day_in_morocco(cnops):
    throne_day = date(2026, 7, 30)
    assert throne_day in public_holidays(cnops, 2026)
    assert not is_working_day(cnops, throne_day)
    assert add_working_days(cnops, date(2026, 7, 29), 1) == date(2026, 7, 31)


def test_it_skips_independence_day_in_mauritania(cnass):
    assert date(2026, 11, 28) in public_holidays(cnass, 2026)
    # 28 November 2025 is a Friday: the day after Thursday the 27th is then Monday 1 December.
    assert not is_working_day(cnass, date(2025, 11, 28))
    assert add_working_days(cnass, date(2025, 11, 27), 1) == date(2025, 12, 1)


def test_it_runs_the_two_week_agreement_clock(cnass, cnops):
    start = datetime(2026, 3, 2, 9, 30)
    assert deadline(cnass, start, cnass.agreements.processing_clock) == datetime(2026, 3, 16, 9, 30)
    # Throne Day (30 July) pushes the end of the clock one working day later.
    assert deadline(cnops, datetime(2026, 7, 27, 9), cnops.agreements.processing_clock) == datetime(
        2026, 8, 11, 9
    )


def test_it_counts_48_working_hours_over_a_weekend_and_a_holiday(cnss):
    assert add_working_hours(cnss, datetime(2026, 3, 6, 10), 48) == datetime(2026, 3, 10, 10)
    # Wednesday 10:00 before Throne Day: 14 h on Wednesday, 24 h on Friday, the last 10 h on Monday.
    assert deadline(cnss, datetime(2026, 7, 29, 10), cnss.authorizations.answer_clock) == datetime(
        2026, 8, 3, 10
    )


def test_a_working_hours_clock_started_on_a_weekend_starts_on_monday(cnss):
    tz = timezone(timedelta(hours=1))
    assert add_working_hours(cnss, datetime(2026, 3, 7, 15, tzinfo=tz), 24) == datetime(
        2026, 3, 10, tzinfo=tz
    )
    assert add_working_hours(cnss, datetime(2026, 3, 7, 15), 0) == datetime(2026, 3, 7, 15)


def test_an_emergency_request_is_due_on_the_first_working_day(cnops):
    friday_night = datetime(2026, 3, 6, 23)
    assert deadline(cnops, friday_night, cnops.authorizations.emergency_request_clock).date() == date(
        2026, 3, 9
    )
    assert next_working_day(cnops, date(2026, 3, 7)) == date(2026, 3, 9)


def test_calendar_day_clocks_ignore_the_calendar(cnass):
    start = datetime(2026, 11, 1, 8)
    assert deadline(cnass, start, cnass.enrollment.processing_clock) == datetime(2026, 12, 1, 8)


def test_the_time_bar_counts_calendar_months():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)


def test_it_memoizes_holidays_per_country_and_year(cnops):
    is_working_day(cnops, date(2031, 5, 2))
    hits = _holiday_dates.cache_info().hits
    is_working_day(cnops, date(2031, 5, 5))
    assert _holiday_dates.cache_info().hits == hits + 1


@given(
    code=st.sampled_from(["cnass-mr", "cnops-ma"]),
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    n=st.integers(min_value=-40, max_value=40),
)
def test_counting_undoes_adding(code, start, n):
    profile = load_profile(code)
    end = add_working_days(profile, start, n)
    assert working_days_between(profile, start, end) == n
    assert n == 0 or is_working_day(profile, end)
