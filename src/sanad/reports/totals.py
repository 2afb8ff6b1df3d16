"""An indicator's measures over a selection (issue 20, §2): the sums, the share within the clock, the
average, and the median read from duration buckets; a line of a breakdown and a month of a trend."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

ZERO = Decimal("0.00")
_TENTH = Decimal("0.1")
_CENT = Decimal("0.01")


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class Total:
    """An indicator's measures over a selection: sums, and the duration buckets from which its median is
    read (bucket value → number of cases)."""

    code: str
    count: int = 0
    amount: Decimal = ZERO
    on_time: int = 0
    hours: Decimal = ZERO
    unit: str = ""  # the indicator's duration unit: "hours", "days" or ""
    buckets: dict[Decimal, int] = field(default_factory=dict)

    def add(self, *, count: int, amount: Decimal, on_time: int, hours: Decimal, key: str) -> None:
        # A breakdown by facility adds thousands of rows: what is zero is skipped.
        if count:
            self.count += int(count)
        if amount:
            self.amount = (self.amount + Decimal(amount)).quantize(_CENT)
        if on_time:
            self.on_time += int(on_time)
        if hours:
            self.hours = (self.hours + Decimal(hours)).quantize(_CENT)
        if self.unit and count:
            bucket = bucket_value(key)
            if bucket is not None:
                self.buckets[bucket] = self.buckets.get(bucket, 0) + int(count)

    def merge(self, other: Total) -> None:
        """Adds another total of the same indicator (another key's, another slice's)."""
        self.count += other.count
        self.amount = (self.amount + other.amount).quantize(_CENT)
        self.on_time += other.on_time
        self.hours = (self.hours + other.hours).quantize(_CENT)
        for bucket, count in other.buckets.items():
            self.buckets[bucket] = self.buckets.get(bucket, 0) + count

    @property
    def share(self) -> Decimal | None:
        """The share within the clock, `on_time / count`, as a percent to the tenth; None without cases."""
        if not self.count:
            return None
        return _tenth(Decimal(self.on_time) * 100 / Decimal(self.count))

    @property
    def average(self) -> Decimal | None:
        """The average duration, `hours / count`, in the unit of the indicator (a day: 24 h), to the tenth."""
        if not self.count or not self.unit:
            return None
        hours = self.hours / Decimal(self.count)
        return _tenth(hours / 24 if self.unit == "days" else hours)

    @property
    def median(self) -> Decimal | None:
        """The median duration read from the buckets, in the indicator's unit."""
        return buckets_median(buckets=self.buckets.items()) if self.unit else None

    @property
    def overdue(self) -> int:
        """The cases done outside their clock (count − on_time)."""
        return max(self.count - self.on_time, 0)


@dataclass(frozen=True, slots=True)
class Part:
    """One line of a breakdown: the key (a reason code, a facility id, a region code), its label in the
    reader's language, and its total."""

    key: str
    label: str
    total: Total
    facility_id: int | None = None  # for a breakdown by facility (`key` is then the facility's code)


@dataclass(frozen=True, slots=True)
class Point:
    """One month of a trend (`month` is its first day)."""

    month: datetime.date
    total: Total


@lru_cache(maxsize=4096)
def bucket_value(key: str) -> Decimal | None:
    """A duration bucket's value (whole hours or days); None for a key that is not a number."""
    try:
        value = Decimal(key)
    except (InvalidOperation, ValueError, TypeError):
        return None
    return value if value.is_finite() else None


def buckets_median(*, buckets: Iterable[tuple[Decimal, int]]) -> Decimal | None:
    """The weighted median of bucket values: the median of the list in which each bucket's value is repeated
    as many times as it holds cases (the mean of the two middle values for an even number), to the tenth.
    None without cases."""
    ordered = sorted((value, count) for value, count in buckets if count > 0)
    total = sum(count for _, count in ordered)
    if not total:
        return None
    # 1-based positions of the middle case(s) in the expanded list.
    low, high = (total + 1) // 2, total // 2 + 1
    found: dict[int, Decimal] = {}
    seen = 0
    for value, count in ordered:
        for position in (low, high):
            if position not in found and seen < position <= seen + count:
                found[position] = value
        seen += count
        if len(found) == 2 or (low == high and found):
            break
    return _tenth((found[low] + found[high]) / 2)
