"""The computation of a day's figures (issue 20, §4): each area's module reads the source rows of that day
(on their indexes, once), gives `FigureRow`s, and the day's rows are replaced in one transaction; the
month's rows are then summed again from its days. Pages read only these tables.

Every module of this package is an area's: it exposes
`figures_of_day(*, day, profile) -> Iterable[FigureRow]` and registers its indicators
(`sanad.reports.indicators.register`) when imported.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import ModuleType

from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.reports.models import FUND_GRAIN, ComputedDay, Figure, Grain

_DIMENSIONS = ("indicator", "region", "facility_id", "facility_kind", "care_type", "key")
_FUND_DIMENSIONS = ("indicator", "care_type", "key")


@dataclass(frozen=True, slots=True)
class FigureRow:
    indicator: str
    count: int = 0
    amount: Decimal = Decimal("0.00")
    on_time: int = 0
    hours: Decimal = Decimal("0.00")
    region: str = ""
    facility_id: int | None = None
    facility_kind: str = ""
    care_type: str = ""
    key: str = ""


def area_modules() -> list[ModuleType]:
    """Every module of this package (each registers its indicators when imported), in name order."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
        if not info.name.startswith("_")
    ]


def _merged(rows: Iterable[FigureRow], day: datetime.date) -> list[Figure]:
    """One Figure per indicator and dimensions: an area may give the same combination more than once."""
    merged: dict[tuple[object, ...], Figure] = {}
    for row in rows:
        dims = (row.indicator, row.region, row.facility_id, row.facility_kind, row.care_type, row.key)
        figure = merged.get(dims)
        if figure is None:
            merged[dims] = Figure(
                grain=Grain.DAY,
                day=day,
                indicator=row.indicator,
                region=row.region,
                facility_id=row.facility_id,
                facility_kind=row.facility_kind,
                care_type=row.care_type,
                key=row.key,
                count=row.count,
                amount=row.amount,
                on_time=row.on_time,
                hours=row.hours,
            )
        else:
            figure.count += row.count
            figure.amount += row.amount
            figure.on_time += row.on_time
            figure.hours += row.hours
    return list(merged.values())


def _summed(
    rows: QuerySet[Figure], dimensions: Sequence[str], *, grain: Grain, day: datetime.date
) -> list[Figure]:
    """The rows summed by `dimensions`, as new figures of `grain` and `day`."""
    summed = (
        rows.values(*dimensions)
        .annotate(n=Sum("count"), a=Sum("amount"), t=Sum("on_time"), h=Sum("hours"))
        .order_by()
    )
    return [
        Figure(
            grain=grain,
            day=day,
            count=row["n"],
            amount=row["a"],
            on_time=row["t"],
            hours=row["h"],
            **{name: row[name] for name in dimensions},
        )
        for row in summed
    ]


def fund_sum(*, grain: Grain, day: datetime.date) -> int:
    """Write the whole fund's rows of a day (or of the month starting on `day`) again: the period's rows
    summed over regions, facilities and kinds of facility, by indicator, care type and key. Returns the
    number of rows written."""
    rows = _summed(
        Figure.objects.filter(grain=grain, day=day), _FUND_DIMENSIONS, grain=FUND_GRAIN[grain], day=day
    )
    Figure.objects.filter(grain=FUND_GRAIN[grain], day=day).delete()
    Figure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def month_sum(*, month: datetime.date) -> int:
    """Write a month's rows again from its days: the sum of its days, or, for an indicator that is a state
    (`snapshot`), its last computed day; then its whole-fund rows. Returns the number of rows written."""
    from sanad.reports.indicators import catalogue

    first = month.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    days = Figure.objects.filter(grain=Grain.DAY, day__gte=first, day__lte=last)
    snapshots = {code for code, spec in catalogue().items() if spec.snapshot}
    last_day = days.filter(indicator__in=snapshots).aggregate(d=Max("day"))["d"]
    rows = _summed(days.exclude(indicator__in=snapshots), _DIMENSIONS, grain=Grain.MONTH, day=first)
    if last_day is not None:
        for figure in days.filter(indicator__in=snapshots, day=last_day):
            figure.pk = None
            figure.grain = Grain.MONTH
            figure.day = first
            rows.append(figure)
    Figure.objects.filter(grain=Grain.MONTH, day=first).delete()
    Figure.objects.bulk_create(rows, batch_size=2000)
    fund_sum(grain=Grain.MONTH, day=first)
    return len(rows)


@transaction.atomic
def day_compute(*, day: datetime.date, profile: FundProfile | None = None) -> ComputedDay:
    """Replace a day's figures by those computed from its source rows, then its month's."""
    profile = profile or active_profile()
    started = time.perf_counter()
    figures = _merged(
        (row for module in area_modules() for row in module.figures_of_day(day=day, profile=profile)), day
    )
    Figure.objects.filter(grain=Grain.DAY, day=day).delete()
    Figure.objects.bulk_create(figures, batch_size=2000)
    fund_sum(grain=Grain.DAY, day=day)
    month_sum(month=day)
    computed, _ = ComputedDay.objects.update_or_create(
        day=day,
        defaults={
            "computed_at": timezone.now(),
            "seconds": Decimal(time.perf_counter() - started).quantize(Decimal("0.001")),
            "rows": len(figures),
        },
    )
    return computed


def nightly_start(today: datetime.date) -> datetime.date:
    """The first day the nightly computation computes again: the profile's `nightly_days` days up to today
    (`reports.nightly_days`), so that a payment confirmed late with an earlier date reaches its day."""
    return today - datetime.timedelta(days=active_profile().reports.nightly_days - 1)


def days_compute(*, start: datetime.date, end: datetime.date) -> list[ComputedDay]:
    """Each day from start to end (both included), each in its own transaction."""
    done = []
    day = start
    while day <= end:
        done.append(day_compute(day=day))
        day += datetime.timedelta(days=1)
    return done
