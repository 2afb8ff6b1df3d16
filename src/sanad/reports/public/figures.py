"""Reading a month's figures for the public page and the monthly report: totals of an indicator's rows
and the median read from its duration buckets. Only `Figure` rows of grain "month" are read."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from sanad.reports.indicators import catalogue
from sanad.reports.models import ComputedDay, Figure, Grain

TENTH = Decimal("0.1")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Totals:
    """An indicator's measures summed over some of its rows, with the spread of its duration buckets
    (whole hours or days, taken from `key`) from which the median is read."""

    count: int = 0
    on_time: int = 0
    hours: Decimal = Decimal("0")
    amount: Decimal = Decimal("0")
    # (bucket, cases), by bucket.
    buckets: tuple[tuple[int, int], ...] = field(default=())

    @property
    def share(self) -> Decimal | None:
        """The percentage of cases done within their clock, to a tenth; None without cases."""
        if not self.count:
            return None
        return (Decimal(self.on_time) * 100 / self.count).quantize(TENTH, ROUND_HALF_UP)

    @property
    def average_hours(self) -> Decimal | None:
        if not self.count:
            return None
        return (self.hours / self.count).quantize(TENTH, ROUND_HALF_UP)

    @property
    def average_days(self) -> Decimal | None:
        if not self.count:
            return None
        return (self.hours / self.count / 24).quantize(TENTH, ROUND_HALF_UP)

    @property
    def median(self) -> Decimal | None:
        return bucket_median(self.buckets)


def bucket_median(buckets: Iterable[tuple[int, int]]) -> Decimal | None:
    """The median of the cases spread over buckets ((value, cases) pairs): the middle case's bucket, or
    the mean of the two middle cases' buckets when the number of cases is even; None without cases."""
    ordered = sorted((value, cases) for value, cases in buckets if cases > 0)
    total = sum(cases for _, cases in ordered)
    if not total:
        return None
    # The 1-based ranks of the middle case(s).
    wanted = [(total + 1) // 2, total // 2 + 1] if total % 2 == 0 else [(total + 1) // 2]
    found: list[int] = []
    seen = 0
    for value, cases in ordered:
        seen += cases
        while wanted and wanted[0] <= seen:
            found.append(value)
            wanted.pop(0)
    return (Decimal(sum(found)) / len(found)).quantize(TENTH, ROUND_HALF_UP)


def _bucket(key: str) -> int | None:
    return int(key) if key.isdigit() else None


@dataclass(frozen=True, slots=True)
class Row:
    """A month's figures of an indicator summed over its facilities: the pages here show no facility."""

    indicator: str
    region: str
    care_type: str
    key: str
    count: int
    on_time: int
    hours: Decimal
    amount: Decimal


def _cents(value: object) -> Decimal:
    # SQLite sums decimals as floats: back to cents (exact on PostgreSQL already).
    return Decimal(str(value or 0)).quantize(CENT)


def month_rows(*, month: datetime.date, indicators: Iterable[str]) -> list[Row]:
    """The month rows of these indicators (the month is given by any of its days), summed in the database
    per region, care type and key (on the index of grain, indicator and day)."""
    summed = (
        Figure.objects.filter(grain=Grain.MONTH, day=month.replace(day=1), indicator__in=list(indicators))
        .values("indicator", "region", "care_type", "key")
        .annotate(n=Sum("count"), t=Sum("on_time"), h=Sum("hours"), a=Sum("amount"))
        .order_by()
    )
    return [
        Row(
            indicator=row["indicator"],
            region=row["region"],
            care_type=row["care_type"],
            key=row["key"],
            count=row["n"] or 0,
            on_time=row["t"] or 0,
            hours=_cents(row["h"]),
            amount=_cents(row["a"]),
        )
        for row in summed
    ]


def totals(rows: Iterable[Row]) -> Totals:
    """The rows summed; a row whose key is a whole number counts its cases in that duration bucket."""
    count = on_time = 0
    hours = amount = Decimal("0")
    buckets: dict[int, int] = defaultdict(int)
    for row in rows:
        count += row.count
        on_time += row.on_time
        hours += row.hours
        amount += row.amount
        bucket = _bucket(row.key)
        if bucket is not None:
            buckets[bucket] += row.count
    return Totals(count, on_time, hours, amount, tuple(sorted(buckets.items())))


def totals_by(rows: Iterable[Row], dimension: str) -> dict[str, Totals]:
    """The rows summed per value of a dimension ("key", "care_type", "region")."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, dimension)].append(row)
    return {value: totals(group) for value, group in grouped.items()}


def months_with_figures(*, indicators: Iterable[str], limit: int) -> list[datetime.date]:
    """The first days of the last `limit` months that have figures of these indicators, latest first."""
    days = (
        Figure.objects.filter(grain=Grain.MONTH, indicator__in=list(indicators))
        .values_list("day", flat=True)
        .distinct()
        .order_by("-day")
    )
    return list(days[:limit])


def last_computed_at() -> datetime.datetime | None:
    """When the figures were last computed (the nightly task)."""
    return ComputedDay.objects.order_by("-computed_at").values_list("computed_at", flat=True).first()


def month_amounts(*, month: datetime.date, indicators: Iterable[str]) -> dict[str, Decimal]:
    """Each indicator's amount summed over the month's rows (0 when it has none)."""
    codes = list(indicators)
    summed = (
        Figure.objects.filter(grain=Grain.MONTH, day=month.replace(day=1), indicator__in=codes)
        .values("indicator")
        .annotate(a=Sum("amount"))
        .order_by()
    )
    found = {row["indicator"]: _cents(row["a"]) for row in summed}
    return {code: found.get(code, Decimal("0.00")) for code in codes}


def key_text(code: str, key: str) -> str | None:
    """A key in the reader's words through its indicator's `key_label`; None when the indicator is not
    registered or does not know the key (a code is never shown in its place)."""
    spec = catalogue().get(code)
    if spec is None or spec.key_label is None or not key:
        return None
    label = str(spec.key_label(key))
    return None if label == key else label
