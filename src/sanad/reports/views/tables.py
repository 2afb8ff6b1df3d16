"""What the dashboards' tables show and export: the columns an indicator needs (its number of cases, its
amount, its share within the clock and what fell outside it, its median and average time), the cells as
the reader reads them, and the same rows as CSV or XLSX (numbers as numbers, labels never codes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.export import NOT_FILTERS
from sanad.funds.active import active_profile
from sanad.reports.charts import Datum, bar_chart, month_text, number_text, trend_chart
from sanad.reports.indicators import Area, Indicator, Measure, Selection, address
from sanad.reports.selectors import Part, Point, Total, part_value
from sanad.reports.views.filters import month_last

COLUMNS = ("count", "amount", "share", "outside", "median", "average")
COLUMN_NAMES = {
    "count": gettext_lazy("Cases"),
    "amount": gettext_lazy("Amount"),
    "share": gettext_lazy("Within the clock (%)"),
    "outside": gettext_lazy("Outside the clock"),
    "median": gettext_lazy("Median time"),
    "average": gettext_lazy("Average time"),
}
# The table's parameter of an export link; it moves through the page's tables rather than filtering them.
TABLE_PARAMS = frozenset({"table", "code"})


def columns_of(spec: Indicator) -> tuple[str, ...]:
    """The columns an indicator's tables show: its cases always, the rest when its measure has them."""
    shown = ["count"]
    if spec.measure == Measure.AMOUNT:
        shown.append("amount")
    if spec.measure == Measure.ON_TIME:
        shown += ["share", "outside"]
    if spec.duration_unit:
        shown += ["median", "average"]
    return tuple(shown)


def headline_column(spec: Indicator) -> str:
    return {Measure.AMOUNT: "amount", Measure.ON_TIME: "share"}.get(spec.measure, "count")


def section_columns(specs: Sequence[Indicator]) -> tuple[str, ...]:
    """The columns a summary of several indicators needs beside their headline figure: those any of them
    has, less one that every one of them already shows as its headline."""
    used = {c for spec in specs for c in columns_of(spec)}
    heads = {headline_column(spec) for spec in specs}
    if len(heads) == 1:
        used -= heads
    return tuple(c for c in COLUMNS if c in used)


def unit_text(spec: Indicator) -> str:
    if spec.duration_unit == "days":
        return _("days")
    if spec.duration_unit == "hours":
        return _("hours")
    return ""


def duration_text(spec: Indicator, value: Decimal | None) -> str:
    if value is None:
        return "–"
    if spec.duration_unit == "days":
        return _("%(value)s days") % {"value": number_text(value, 1)}
    return _("%(value)s hours") % {"value": number_text(value, 1)}


def share_text(value: Decimal | None) -> str:
    return "–" if value is None else _("%(value)s %%") % {"value": number_text(value, 1)}


def amount_text(value: Decimal) -> str:
    return f"{number_text(value, 2)} {active_profile().currency}"


def cell_text(spec: Indicator, total: Total, column: str) -> str:
    if column == "count":
        return number_text(total.count)
    if column == "amount":
        return amount_text(total.amount)
    if column == "share":
        return share_text(total.share)
    if column == "outside":
        return number_text(total.overdue) if total.count else "–"
    if column == "median":
        return duration_text(spec, total.median)
    return duration_text(spec, total.average)


def cell_value(total: Total, column: str) -> Any:
    """The cell of an export: a number (None where there is none)."""
    return {
        "count": total.count,
        "amount": total.amount,
        "share": total.share,
        "outside": total.overdue if total.count else None,
        "median": total.median,
        "average": total.average,
    }[column]


def headline(spec: Indicator, total: Total) -> str:
    """The figure an indicator shows first, as the reader reads it."""
    if spec.measure == Measure.AMOUNT:
        return amount_text(total.amount)
    if spec.measure == Measure.ON_TIME:
        return share_text(total.share)
    return number_text(total.count)


# ------------------------------------------------------------------------------------------- links


def selection_query(selection: Selection, *, facility_code: str = "") -> str:
    """A selection as the filters' query string (the facility by its code)."""
    params = {
        "start": selection.start.isoformat(),
        "end": selection.end.isoformat(),
        "region": selection.region,
        "facility": facility_code,
        "facility_kind": selection.facility_kind,
        "care_type": selection.care_type,
        "key": selection.key,
    }
    return urlencode({name: value for name, value in params.items() if value})


def figure_link(spec: Indicator, selection: Selection, *, facility_code: str = "", page: str = "") -> str:
    """Where a figure leads: the list of the rows it counts when the indicator has one and the reader may
    open the fund's lists, else its page (`page`: the indicator page's address, when the caller has it)."""
    if spec.link is not None and selection.fund_lists:
        url = spec.link(selection)
        if url:
            return url
    query = selection_query(selection, facility_code=facility_code)
    page = page or address("reports:indicator", code=spec.code)
    return page + (f"?{query}" if query else "")


def export_query(params: Any, *, table: str, code: str = "") -> dict[str, str]:
    """The links of a table's exports: the page's filters, the table, the format."""
    kept = params.copy()
    for name in NOT_FILTERS | TABLE_PARAMS:
        kept.pop(name, None)
    base = kept.urlencode()
    extra = urlencode({"table": table, **({"code": code} if code else {})})
    joined = f"?{base}&{extra}" if base else f"?{extra}"
    return {"csv": f"{joined}&export=csv", "xlsx": f"{joined}&export=xlsx"}


# ------------------------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    href: str
    cells: list[str]


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the page with its chart and exports; `first` names the label column."""

    name: str  # the table's id on the page and its `table` parameter
    title: str
    first: str
    headers: list[str]
    rows: list[Row]
    chart: str
    exports: dict[str, str]
    more: int = 0  # rows beyond those shown (the exports hold them all)

    def body(self) -> SafeString:
        """The table's rows as HTML: the label and the first figure lead where the row's figure leads.
        (Written here, every text escaped: the overview shows twenty tables, and the template's loops over
        their cells cost it a quarter of its time.)"""
        lines = []
        for row in self.rows:
            href = escape(row.href)
            cells = "".join(
                f'<td class="num"><a href="{href}">{escape(cell)}</a></td>'
                if index == 0
                else f'<td class="num">{escape(cell)}</td>'
                for index, cell in enumerate(row.cells)
            )
            lines.append(f'<tr><th scope="row"><a href="{href}">{escape(row.label)}</a></th>{cells}</tr>')
        return SafeString("\n".join(lines))


def trend_table(
    spec: Indicator, points: Sequence[Point], *, selection: Selection, params: Any, facility_code: str = ""
) -> Table:
    columns = columns_of(spec)
    rows, data = [], []
    today = timezone.localdate()
    page = address("reports:indicator", code=spec.code)
    for point in points:
        href = figure_link(
            spec,
            replace(selection, start=point.month, end=min(month_last(point.month), today)),
            facility_code=facility_code,
            page=page,
        )
        rows.append(Row(month_text(point.month), href, [cell_text(spec, point.total, c) for c in columns]))
        value = part_value(spec, point.total)
        shown = None if spec.measure == Measure.ON_TIME and point.total.share is None else value
        # Under the bars, the year only where it starts and on the first month: the labels fit in Arabic.
        axis = month_text(point.month, short=True, year=not data or point.month.month == 1)
        data.append(Datum(month_text(point.month), shown, headline(spec, point.total), href, axis=axis))
    title = _("%(indicator)s, month by month") % {"indicator": spec.label}
    share = spec.measure == Measure.ON_TIME
    return Table(
        name=f"trend-{spec.code}",
        title=title,
        first=_("Month"),
        headers=[str(COLUMN_NAMES[c]) for c in columns],
        rows=rows,
        chart=trend_chart(
            title=title, data=data, kind="line" if share else "bar", top=Decimal(100) if share else None
        ),
        exports=export_query(params, table="trend", code=spec.code),
    )


def breakdown_title(spec: Indicator, by: str) -> str:
    """A breakdown's title: the indicator and the dimension it is broken down by (its column's name)."""
    return f"{spec.label} · {breakdown_first(spec, by)}"


CHART_ROWS = 15
TABLE_ROWS = 50


def key_name(spec: Indicator) -> str:
    if spec.key_name:
        return str(spec.key_name)
    if spec.duration_unit:
        return _("time taken")
    return _("detail")


def breakdown_first(spec: Indicator, by: str) -> str:
    name = {"key": key_name(spec), "facility": _("Facility"), "region": _("Region")}[by]
    return name[:1].upper() + name[1:]


def breakdown_table(
    spec: Indicator,
    parts: Sequence[Part],
    *,
    by: str,
    selection: Selection,
    params: Any,
    facility_code: str = "",
) -> Table:
    columns = columns_of(spec)
    rows, data = [], []
    page = address("reports:indicator", code=spec.code)
    for part in parts[:TABLE_ROWS]:
        narrowed = replace(
            selection,
            region=part.key if by == "region" else selection.region,
            facility_id=part.facility_id if by == "facility" else selection.facility_id,
            facility_code=part.key if by == "facility" else selection.facility_code,
            key=part.key if by == "key" else selection.key,
        )
        href = figure_link(
            spec, narrowed, facility_code=part.key if by == "facility" else facility_code, page=page
        )
        rows.append(Row(part.label, href, [cell_text(spec, part.total, c) for c in columns]))
        if len(data) < CHART_ROWS:
            data.append(Datum(part.label, part_value(spec, part.total), headline(spec, part.total), href))
    title = breakdown_title(spec, by)
    return Table(
        name=f"{by}-{spec.code}",
        title=title,
        first=breakdown_first(spec, by),
        headers=[str(COLUMN_NAMES[c]) for c in columns],
        rows=rows,
        chart=bar_chart(title=title, data=data) if data else "",
        exports=export_query(params, table=by, code=spec.code),
        more=max(len(parts) - TABLE_ROWS, 0),
    )


def area_label(area: str) -> str:
    try:
        return str(Area(area).label)
    except ValueError:
        return ""


# ------------------------------------------------------------------------------------------- exports


def totals_export(specs: Iterable[Indicator], totals: dict[str, Total]) -> tuple[list[Any], list[list[Any]]]:
    header = [
        gettext_lazy("Area"),
        gettext_lazy("Indicator"),
        *(COLUMN_NAMES[c] for c in COLUMNS),
        gettext_lazy("Unit of time"),
    ]
    rows = []
    for spec in specs:
        total = totals[spec.code]
        shown = columns_of(spec)
        rows.append(
            [area_label(spec.area), str(spec.label)]
            + [cell_value(total, c) if c in shown else None for c in COLUMNS]
            + [unit_text(spec)]
        )
    return header, rows


def trend_export(spec: Indicator, points: Sequence[Point]) -> tuple[list[Any], list[list[Any]]]:
    columns = columns_of(spec)
    header = [gettext_lazy("Month"), *(COLUMN_NAMES[c] for c in columns)]
    rows = [[month_text(p.month), *(cell_value(p.total, c) for c in columns)] for p in points]
    return header, rows


def breakdown_export(spec: Indicator, parts: Sequence[Part], *, by: str) -> tuple[list[Any], list[list[Any]]]:
    columns = columns_of(spec)
    header = [breakdown_first(spec, by), *(COLUMN_NAMES[c] for c in columns)]
    rows = [[part.label, *(cell_value(part.total, c) for c in columns)] for part in parts]
    return header, rows


def period_text(selection: Selection) -> str:
    return _("from %(start)s to %(end)s") % {
        "start": date_format(selection.start, "DATE_FORMAT"),
        "end": date_format(selection.end, "DATE_FORMAT"),
    }
