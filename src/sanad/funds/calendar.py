"""Working-day arithmetic for a fund: its weekend days and its country's public holidays.

Choice for clocks in hours: a working day counts as 24 working hours. A clock in working hours (CNSS
answers a prior-authorization request within 48 hours) runs round the clock on working days and stops on
weekends and public holidays; office hours are not modelled because the funds' clocks are legal deadlines,
not staffed time. Datetimes are handled in their own time zone, on the wall clock.
"""

from __future__ import annotations

import calendar as std_calendar
import functools
from datetime import date, datetime, time, timedelta

import holidays

from sanad.funds.types import Clock, FundProfile

_DAY = timedelta(days=1)


@functools.lru_cache(maxsize=512)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    # Building a year of holidays (lunar feasts included) is slow: do it once per country and year.
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year).keys())


def public_holidays(profile: FundProfile, year: int) -> frozenset[date]:
    """The public holidays of the fund's country in `year` (Islamic feasts are the package's estimates)."""
    return _holiday_dates(profile.calendar.holidays_country, profile.calendar.holidays_subdivision, year)


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def is_working_day(profile: FundProfile, d: date) -> bool:
    """A working day is neither one of the fund's weekend days nor a public holiday of its country."""
    d = _day(d)
    return d.isoweekday() not in profile.calendar.weekend and d not in public_holidays(profile, d.year)


def add_working_days(profile: FundProfile, start: date, n: int) -> date:
    """The n-th working day after `start` (never counted itself); n = 0 gives `start`, n < 0 counts back."""
    step = _DAY if n >= 0 else -_DAY
    remaining, current = abs(n), _day(start)
    while remaining:
        current += step
        if is_working_day(profile, current):
            remaining -= 1
    return current


def working_days_between(profile: FundProfile, start: date, end: date) -> int:
    """The working days after `start` up to and including `end`, so that it undoes `add_working_days`.

    When `end` is before `start`, minus the working days from `end` (included) to `start` (excluded).
    """
    start, end = _day(start), _day(end)
    if end < start:
        return -sum(1 for offset in range((start - end).days) if is_working_day(profile, end + offset * _DAY))
    return sum(
        1 for offset in range(1, (end - start).days + 1) if is_working_day(profile, start + offset * _DAY)
    )


def next_working_day(profile: FundProfile, d: date) -> date:
    """The first working day on or after `d`."""
    d = _day(d)
    while not is_working_day(profile, d):
        d += _DAY
    return d


def add_working_hours(profile: FundProfile, start: datetime, hours: float) -> datetime:
    """The moment `hours` working hours after `start`: 24 hours per working day, none on other days."""
    remaining = timedelta(hours=hours)
    if remaining < timedelta(0):
        raise ValueError("hours must not be negative")
    current = start
    while remaining:
        if not is_working_day(profile, current):
            current = datetime.combine(
                next_working_day(profile, current.date()), time.min, tzinfo=current.tzinfo
            )
            continue
        end_of_day = datetime.combine(current.date() + _DAY, time.min, tzinfo=current.tzinfo)
        if remaining <= end_of_day - current:
            return current + remaining
        remaining -= end_of_day - current
        current = end_of_day
    return current


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when shorter (31 Jan + 1 month = 28 Feb)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = std_calendar.monthrange(year, month + 1)[1]
    return start.replace(year=year, month=month + 1, day=min(start.day, last))


def deadline(profile: FundProfile, start: datetime, clock: Clock) -> datetime:
    """When a clock of the profile started at `start` runs out."""
    if clock.unit == "calendar_days":
        return start + clock.amount * _DAY
    if clock.unit == "working_days":
        return datetime.combine(add_working_days(profile, start.date(), clock.amount), start.timetz())
    if clock.unit == "working_hours":
        return add_working_hours(profile, start, clock.amount)
    raise ValueError(f"unknown clock unit {clock.unit!r}")
