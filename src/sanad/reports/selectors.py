"""Every read of the indicators' tables (issue 20, §2), scoped to the reader: the pages, their exports, the
public page and the monthly report call these, never the Figure model.

Rows are disjoint slices: a computation module writes each case once, at its finest dimensions, so that a
total is the sum of the rows that match a selection (a blank dimension means "not applicable", never "all").
A period is read from the month rows for the months it covers whole and from the day rows for the rest; an
indicator that is a state (`snapshot`) shows the value of the last computed day of the period instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Case, F, Max, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sanad.common.permissions import can, roles_of
from sanad.funds.active import active_profile
from sanad.providers.models import Facility
from sanad.providers.selectors.facilities import facility_of_user
from sanad.reports.indicators import Area, Indicator, Selection, catalogue
from sanad.reports.models import FUND_GRAIN, Figure, Grain, RegionalStaff
from sanad.reports.totals import ZERO, Part, Point, Total, bucket_value, buckets_median

AREA_ORDER: tuple[Area, ...] = (Area.CLOCKS, Area.MONEY, Area.REASONS, Area.RISK, Area.COUNTERS)
BreakdownBy = Literal["key", "facility", "region"]

# The measures live in `sanad.reports.totals`; the pages and tests read them from here too.
__all__ = ["ZERO", "Part", "Point", "Total", "bucket_value", "buckets_median"]


# ---------------------------------------------------------------------------------------------- scoping


def indicators_visible(*, user: Any, area: Area | str | None = None) -> list[Indicator]:
    """The indicators of the reader's work: those whose roles hold one of the reader's, by area then in the
    order they were registered. Raises PermissionDenied without `reports.view`."""
    if not can(user, "reports.view"):
        raise PermissionDenied("reports.view")
    # Read once per request (the user object lives for one): a page asks for it once per table.
    mine: list[Indicator] | None = getattr(user, "_sanad_reports_indicators", None)
    if mine is None:
        held = {str(role) for role in roles_of(user)}
        mine = [spec for spec in catalogue().values() if held & {str(role) for role in spec.roles}]
        user._sanad_reports_indicators = mine
    shown = list(mine)
    if area:
        shown = [spec for spec in shown if spec.area == area]
    order = {value: index for index, value in enumerate(AREA_ORDER)}
    return sorted(shown, key=lambda spec: order.get(spec.area, len(order)))


def indicator_visible(*, user: Any, code: str) -> Indicator | None:
    """The indicator of that code if the reader may see it; None for an unknown or hidden code."""
    for spec in indicators_visible(user=user):
        if spec.code == code:
            return spec
    return None


def selection_scoped(*, user: Any, selection: Selection) -> Selection:
    """The selection the reader may read: facility staff read their own facility's rows, a regional office's
    account its region's, whatever they ask.
    Raises PermissionDenied without `reports.view`, or for a facility staff account bound to no facility."""
    if not can(user, "reports.view"):
        raise PermissionDenied("reports.view")
    own = facility_of_user(user=user)
    if own is not None:
        return replace(selection, facility_id=own.pk, facility_code=own.code, fund_lists=False)
    if {str(role) for role in roles_of(user)} == {"facility_staff"}:
        raise PermissionDenied("reports.view")
    region = region_of_user(user)
    if region:
        return replace(selection, region=region)
    return selection


def region_of_user(user: Any) -> str:
    """The region of a regional office's account (`RegionalStaff`), "" for any other reader; read once per
    request."""
    if not getattr(user, "is_authenticated", False):
        return ""
    found: str | None = getattr(user, "_sanad_reports_region", None)
    if found is None:
        found = RegionalStaff.objects.filter(user=user).values_list("region", flat=True).first() or ""
        user._sanad_reports_region = found
    return found


# ---------------------------------------------------------------------------------------------- reading


def _filtered(rows: QuerySet[Figure], selection: Selection) -> QuerySet[Figure]:
    if selection.region:
        rows = rows.filter(region=selection.region)
    if selection.facility_id is not None:
        rows = rows.filter(facility_id=selection.facility_id)
    if selection.facility_kind:
        rows = rows.filter(facility_kind=selection.facility_kind)
    if selection.care_type:
        rows = rows.filter(care_type=selection.care_type)
    if selection.key:
        rows = rows.filter(key=selection.key)
    return rows


def _grains(selection: Selection, group: Sequence[str] = ()) -> tuple[Grain, Grain]:
    """The day and month grains a read takes: the whole fund's rows when it neither filters nor groups by
    region, facility or kind of facility, else the rows by facility."""
    by_place = {"region", "facility_id", "facility_kind"} & set(group)
    if selection.region or selection.facility_id is not None or selection.facility_kind or by_place:
        return Grain.DAY, Grain.MONTH
    return FUND_GRAIN[Grain.DAY], FUND_GRAIN[Grain.MONTH]


def _month_last(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def period_pieces(
    *, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> tuple[list[datetime.date], list[tuple[datetime.date, datetime.date]]]:
    """The months a period covers whole (read from the month rows: the first day of each) and the stretches
    of days left (read from the day rows). A month is whole when the period holds every day of it that can
    have figures: up to today for the current month."""
    today = today or timezone.localdate()
    months: list[datetime.date] = []
    stretches: list[tuple[datetime.date, datetime.date]] = []
    cursor = start
    while cursor <= end:
        first = cursor.replace(day=1)
        last = _month_last(first)
        if cursor == first and end >= min(last, today):
            months.append(first)
        else:
            stretches.append((cursor, min(last, end)))
        cursor = last + datetime.timedelta(days=1)
    return months, stretches


def _sums(
    rows: QuerySet[Figure], group: Sequence[str], timed: Sequence[str] = ()
) -> Iterable[dict[str, Any]]:
    """The rows summed by indicator and `group`; the indicators `timed` (with a duration) by their key too,
    as `key`, so that their medians come from the buckets (the others' keys are not read: an indicator by
    act has thousands a year)."""
    if "key" not in group and timed:
        bucket = Case(When(indicator__in=list(timed), then=F("key")), default=Value(""))
        rows = rows.annotate(bucket=bucket)
        group = (*group, "bucket")
    return (
        rows.values("indicator", *group)
        .annotate(n=Sum("count"), a=Sum("amount"), t=Sum("on_time"), h=Sum("hours"))
        .order_by()
    )


def _fetched(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows of a `values()` query as dicts, read by the cursor without the ORM's conversion of each
    value (`Total.add` makes the measures exact): a breakdown by facility reads thousands of rows, and the
    conversions cost as much as the query."""
    query: Any = rows
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        for values in cursor.fetchall():
            yield dict(zip(names, values, strict=True))


def _key(row: dict[str, Any]) -> str:
    return row.get("key", row.get("bucket", "")) or ""


def _aggregate(
    *, specs: Sequence[Indicator], selection: Selection, group: Sequence[str]
) -> dict[tuple[Any, ...], Total]:
    """Totals by (indicator code, *group values) over the selection's period; the keys of the indicators
    with a duration are read too, so that their medians come from the buckets."""
    wanted = tuple(group)
    units = {spec.code: spec.duration_unit for spec in specs}
    timed = [code for code, unit in units.items() if unit]
    flows = [spec.code for spec in specs if not spec.snapshot]
    states = [spec.code for spec in specs if spec.snapshot]
    day_grain, month_grain = _grains(selection, wanted)
    found: dict[tuple[Any, ...], Total] = {}

    def take(rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            dims = tuple(row[name] for name in wanted)
            total = found.get((row["indicator"], *dims))
            if total is None:
                code = row["indicator"]
                total = found[(code, *dims)] = Total(code=code, unit=units.get(code, ""))
            total.add(count=row["n"], amount=row["a"], on_time=row["t"], hours=row["h"], key=_key(row))

    if flows:
        months, stretches = period_pieces(start=selection.start, end=selection.end)
        period = Q()
        if months:
            period |= Q(grain=month_grain, day__in=months)
        for first, last in stretches:
            period |= Q(grain=day_grain, day__gte=first, day__lte=last)
        take(
            _fetched(
                _sums(_filtered(Figure.objects.filter(period, indicator__in=flows), selection), wanted, timed)
            )
        )
    if states:
        days = _filtered(
            Figure.objects.filter(
                grain=day_grain, indicator__in=states, day__gte=selection.start, day__lte=selection.end
            ),
            selection,
        )
        last_days = days.values("indicator").annotate(last=Max("day")).order_by()
        which = Q()
        for row in last_days:
            which |= Q(indicator=row["indicator"], day=row["last"])
        if which:
            take(_fetched(_sums(days.filter(which), wanted, timed)))
    return found


def figure_totals(*, user: Any, selection: Selection, codes: Iterable[str] | None = None) -> dict[str, Total]:
    """Each visible indicator's total over the selection (all visible ones when `codes` is None); an
    indicator without rows has a zero total."""
    selection = selection_scoped(user=user, selection=selection)
    specs = indicators_visible(user=user)
    if codes is not None:
        wanted = set(codes)
        specs = [spec for spec in specs if spec.code in wanted]
    found = _aggregate(specs=specs, selection=selection, group=())
    return {
        spec.code: found.get((spec.code,), Total(code=spec.code, unit=spec.duration_unit)) for spec in specs
    }


def facility_label(facility: Facility) -> str:
    """A facility by code and name, its Arabic name on an Arabic page when it has one."""
    arabic = (get_language() or "").startswith("ar") and facility.name_ar
    return f"{facility.code} {facility.name_ar if arabic else facility.name_fr}"


def region_label(code: str) -> str:
    if not code:
        return _("No region")
    try:
        return active_profile().region(code).name.get_text()
    except KeyError:
        return _("Unknown region")


def key_label(spec: Indicator, key: str) -> str:
    """A key in the reader's words: the indicator's own label, else a duration bucket, else the key."""
    if spec.key_label is not None:
        return str(spec.key_label(key))
    if not key:
        return _("Not specified")
    if spec.duration_unit and bucket_value(key) is not None:
        if spec.duration_unit == "days":
            return _("%(value)s days") % {"value": key}
        return _("%(value)s hours") % {"value": key}
    return key


def figure_breakdown(*, user: Any, selection: Selection, code: str, by: BreakdownBy) -> list[Part]:
    """An indicator's totals over the selection by key (duration buckets in their order), facility or
    region, the largest first. Raises PermissionDenied for an indicator hidden from the reader."""
    spec = indicator_visible(user=user, code=code)
    if spec is None:
        raise PermissionDenied(code)
    selection = selection_scoped(user=user, selection=selection)
    column = {"key": "key", "facility": "facility_id", "region": "region"}[by]
    found = _aggregate(specs=[spec], selection=selection, group=(column,))
    totals = {dims[1]: total for dims, total in found.items()}
    if by == "facility":
        facilities = Facility.objects.in_bulk([pk for pk in totals if pk is not None])
        parts = [
            Part(
                key=facilities[pk].code if pk in facilities else "",
                label=facility_label(facilities[pk]) if pk in facilities else _("No facility"),
                total=total,
                facility_id=pk if pk in facilities else None,
            )
            for pk, total in totals.items()
        ]
    elif by == "region":
        parts = [Part(key=code, label=region_label(code), total=total) for code, total in totals.items()]
    else:
        return _key_parts(spec, totals)
    return sorted(parts, key=lambda part: (-part_value(spec, part.total), part.label))


def _key_parts(spec: Indicator, totals: dict[str, Total]) -> list[Part]:
    """A breakdown by key: duration buckets in their order, other keys the largest first."""
    named = spec.key_labels(list(totals)) if spec.key_labels is not None else {}
    parts = [
        Part(key=key, label=named.get(key) or key_label(spec, key), total=total)
        for key, total in totals.items()
    ]
    if spec.duration_unit and all(bucket_value(p.key) is not None for p in parts):
        return sorted(parts, key=lambda part: bucket_value(part.key) or ZERO)
    return sorted(parts, key=lambda part: (-part_value(spec, part.total), part.label))


def figure_totals_by_key(
    *, user: Any, selection: Selection, codes: Iterable[str]
) -> tuple[dict[str, Total], dict[str, list[Part]]]:
    """Each visible indicator's total over the selection and its breakdown by key, read in one pass (an
    area's page shows both for each of its indicators)."""
    selection = selection_scoped(user=user, selection=selection)
    wanted = set(codes)
    specs = [spec for spec in indicators_visible(user=user) if spec.code in wanted]
    found = _aggregate(specs=specs, selection=selection, group=("key",))
    by_key: dict[str, dict[str, Total]] = {spec.code: {} for spec in specs}
    for (code, key), total in found.items():
        by_key[code][key] = total
    totals: dict[str, Total] = {}
    breakdowns: dict[str, list[Part]] = {}
    for spec in specs:
        total = totals[spec.code] = Total(code=spec.code, unit=spec.duration_unit)
        for part in by_key[spec.code].values():
            total.merge(part)
        breakdowns[spec.code] = _key_parts(spec, by_key[spec.code])
    return totals, breakdowns


def part_value(spec: Indicator, total: Total) -> Decimal:
    """The figure an indicator shows first (its measure): a number, an amount, or a share in percent."""
    if spec.measure == "amount":
        return total.amount
    if spec.measure == "on_time":
        return total.share if total.share is not None else ZERO
    return Decimal(total.count)


def months_back(*, end: datetime.date, months: int = 12) -> list[datetime.date]:
    """The first days of the `months` months ending with `end`'s, oldest first."""
    first = end.replace(day=1)
    out = [first]
    for _index in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        out.append(first)
    return out[::-1]


def figure_trend(
    *, user: Any, selection: Selection, codes: Iterable[str] | None = None, months: int = 12
) -> dict[str, list[Point]]:
    """Each visible indicator's month totals over the `months` months ending with the selection's end
    month, read from the month rows (a state's month row holds its last day), oldest first; a month without
    rows has a zero total."""
    selection = selection_scoped(user=user, selection=selection)
    specs = indicators_visible(user=user)
    if codes is not None:
        wanted = set(codes)
        specs = [spec for spec in specs if spec.code in wanted]
    firsts = months_back(end=selection.end, months=months)
    units = {spec.code: spec.duration_unit for spec in specs}
    rows = _filtered(
        Figure.objects.filter(
            grain=_grains(selection)[1], indicator__in=list(units), day__gte=firsts[0], day__lte=firsts[-1]
        ),
        selection,
    )
    found: dict[tuple[str, datetime.date], Total] = {}
    timed = [code for code, unit in units.items() if unit]
    for row in _sums(rows, ("day",), timed):
        total = found.get((row["indicator"], row["day"]))
        if total is None:
            total = found[(row["indicator"], row["day"])] = Total(
                code=row["indicator"], unit=units[row["indicator"]]
            )
        total.add(count=row["n"], amount=row["a"], on_time=row["t"], hours=row["h"], key=_key(row))
    return {
        code: [
            Point(month=first, total=found.get((code, first), Total(code=code, unit=unit)))
            for first in firsts
        ]
        for code, unit in units.items()
    }
