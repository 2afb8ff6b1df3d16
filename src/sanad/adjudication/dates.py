"""Small date helpers used by the rules (standard library only)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from sanad.adjudication.inputs import Period


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def in_range(day: date, start: date, end: date | None) -> bool:
    return start <= day and (end is None or day <= end)


def covered(periods: Iterable[Period], day: date) -> bool:
    """Whether one of ``periods`` covers ``day``."""
    for p in periods:  # noqa: SIM110 - a plain loop is faster than any() over a generator
        if p.start <= day and (p.end is None or day <= p.end):
            return True
    return False
