"""Small helpers shared by the clock indicators: a duration's bucket (the `key` from which a median is read)
and its measure in hours (`FigureRow.hours`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sanad.reports.compute import FigureRow

_CENT = Decimal("0.01")


def bucket_hours(seconds: float | int | Decimal) -> str:
    """The bucket of a duration in whole hours started (floored, never below 0), as a key: 0 to 59 minutes
    is "0", 1 h to 1 h 59 is "1"."""
    return str(max(int(Decimal(seconds) // 3600), 0))


def bucket_days(days: int | float | Decimal) -> str:
    """The bucket of a duration in whole days (floored, never below 0), as a key."""
    return str(max(int(Decimal(days) // 1), 0))


def hours_of_seconds(seconds: float | int | Decimal) -> Decimal:
    """A duration in seconds as hours, to the hundredth (the precision of `Figure.hours`)."""
    return (Decimal(seconds) / Decimal(3600)).quantize(_CENT, rounding=ROUND_HALF_UP)


def hours_of_days(days: int | Decimal) -> Decimal:
    """A duration in whole days as hours (a clock counted in days: 1 day is 24 hours)."""
    return (Decimal(days) * 24).quantize(_CENT)


def seconds_between(start: datetime.datetime, end: datetime.datetime) -> float:
    return (end - start).total_seconds()


def day_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=1)


class ClockTally:
    """The cases of a clock indicator added one by one, then given as figures: one per combination of
    dimensions and duration bucket, with how many, how many on time and their summed hours."""

    def __init__(self, indicator: str) -> None:
        self.indicator = indicator
        self._cells: dict[tuple[tuple[tuple[str, object], ...], str], list[Any]] = {}

    def add(self, *, bucket: str, on_time: bool, hours: Decimal, **dims: object) -> None:
        cell = self._cells.setdefault((tuple(sorted(dims.items())), bucket), [0, 0, Decimal(0)])
        cell[0] += 1
        cell[1] += int(on_time)
        cell[2] += hours

    def rows(self) -> Iterator[FigureRow]:
        for (dims, bucket), (count, on_time, hours) in self._cells.items():
            yield FigureRow(
                indicator=self.indicator,
                key=bucket,
                count=count,
                on_time=on_time,
                hours=Decimal(hours).quantize(_CENT, rounding=ROUND_HALF_UP),
                **dict(dims),  # type: ignore[arg-type]
            )
