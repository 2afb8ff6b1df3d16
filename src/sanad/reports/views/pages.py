"""The dashboards (issue 20, §2): the overview of the reader's work, a page per area and a page per
indicator, each drawn from the catalogue of indicators (never a hard-coded list) and the daily tables. Every
figure leads to the rows it counts; every table has its chart and exports with the page's filters. A role
sees the indicators of its own work; facility staff their facility's rows only (the selectors decide)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sanad.common.export import export_format, export_response
from sanad.common.permissions import capability_required
from sanad.providers.models import Facility
from sanad.providers.selectors.facilities import facility_of_user
from sanad.reports import selectors
from sanad.reports.indicators import Area, Indicator, Measure, Selection
from sanad.reports.selectors import AREA_ORDER, facility_label, region_label
from sanad.reports.views import tables
from sanad.reports.views.filters import ReportFilterForm

# The areas the overview draws month by month: the clocks and the money (issue 20, §2).
TREND_AREAS = (Area.CLOCKS, Area.MONEY)


def _filters(request: Any) -> tuple[ReportFilterForm, Selection, Facility | None, Facility | None]:
    """The form, the selection the reader may read, the facility chosen, and the reader's own facility."""
    own = facility_of_user(user=request.user)
    own_region = selectors.region_of_user(request.user)
    form = ReportFilterForm(request.GET or None, own_facility=own is not None, own_region=own_region)
    selection = selectors.selection_scoped(user=request.user, selection=form.selection())
    chosen = own if own is not None else (form.facility_found if selection.facility_id else None)
    return form, selection, chosen, own


def _scope_text(selection: Selection, facility: Facility | None) -> list[str]:
    """The selection in words, under the page's title."""
    words = [tables.period_text(selection)]
    if facility is not None:
        words.append(facility_label(facility))
    if selection.region:
        words.append(region_label(selection.region))
    if selection.facility_kind:
        from sanad.common.vocabulary import FacilityKind

        words.append(str(dict(FacilityKind.choices).get(selection.facility_kind, "")))
    if selection.care_type:
        from sanad.catalog.choices import CareTypeChoice

        words.append(str(dict(CareTypeChoice.choices).get(selection.care_type, "")))
    return [w for w in words if w]


def _summary(
    specs: list[Indicator], totals: dict[str, selectors.Total], selection: Selection, code: str
) -> dict[str, Any]:
    """One line per indicator: its label, its headline figure with its link, and its other measures."""
    rows = []
    columns = tables.section_columns(specs)
    for spec in specs:
        total = totals[spec.code]
        shown = tables.columns_of(spec)
        rows.append(
            {
                "spec": spec,
                "label": spec.label,
                "href": tables.figure_link(spec, selection, facility_code=code),
                "headline": tables.headline(spec, total),
                "cells": [tables.cell_text(spec, total, c) if c in shown else "" for c in columns],
                "snapshot": spec.snapshot,
            }
        )
    return {"rows": rows, "column_names": [tables.COLUMN_NAMES[c] for c in columns]}


def _context(
    request: Any, form: ReportFilterForm, selection: Selection, chosen: Facility | None, own: Facility | None
) -> dict[str, Any]:
    return {
        "form": form,
        "selection": selection,
        "scope": _scope_text(selection, chosen),
        "own_facility": own,
        "areas_menu": [
            {"value": area.value, "label": area.label}
            for area in AREA_ORDER
            if selectors.indicators_visible(user=request.user, area=area)
        ],
        # The links to the other pages keep the period and dimensions, never one indicator's key.
        "query": tables.selection_query(
            replace(selection, key=""), facility_code=chosen.code if chosen else ""
        ),
    }


def _export(
    request: Any, fmt: str, *, specs: list[Indicator], selection: Selection, title: str
) -> HttpResponse:
    """The table named by `?table=` (totals, trend, key, facility, region; `code` names the indicator)."""
    table = request.GET.get("table", "totals")
    if table == "totals":
        totals = selectors.figure_totals(
            user=request.user, selection=selection, codes=[s.code for s in specs]
        )
        header, rows = tables.totals_export(specs, totals)
        return export_response(fmt=fmt, title=title, header=header, rows=rows, day=selection.end)
    spec = next((s for s in specs if s.code == request.GET.get("code")), None)
    if spec is None or table not in ("trend", "key", "facility", "region"):
        raise Http404
    if table == "trend":
        points = selectors.figure_trend(user=request.user, selection=selection, codes=[spec.code])[spec.code]
        header, rows = tables.trend_export(spec, points)
        name = _("%(indicator)s, month by month") % {"indicator": spec.label}
    else:
        parts = selectors.figure_breakdown(user=request.user, selection=selection, code=spec.code, by=table)
        header, rows = tables.breakdown_export(spec, parts, by=table)
        name = tables.breakdown_title(spec, table)
    return export_response(fmt=fmt, title=name, header=header, rows=rows, day=selection.end)


def _status(form: ReportFilterForm) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
@capability_required("reports.view")
def overview(request: Any) -> HttpResponse:
    """The reader's one page: each area's figures for the period, and the clocks and money month by month."""
    form, selection, chosen, own = _filters(request)
    specs = selectors.indicators_visible(user=request.user)
    fmt = export_format(request.GET)
    if fmt and not form.errors:
        return _export(request, fmt, specs=specs, selection=selection, title=_("Indicators"))
    totals = selectors.figure_totals(user=request.user, selection=selection, codes=[s.code for s in specs])
    code = chosen.code if chosen else ""
    sections = []
    for area in AREA_ORDER:
        mine = [spec for spec in specs if spec.area == area]
        if mine:
            sections.append({"area": area, "label": area.label, **_summary(mine, totals, selection, code)})
    # Month by month: the clocks and the money, or the reader's own areas when it has neither.
    charted = [spec for spec in specs if spec.area in TREND_AREAS] or specs
    trends = selectors.figure_trend(user=request.user, selection=selection, codes=[s.code for s in charted])
    charts = [
        tables.trend_table(
            spec, trends[spec.code], selection=selection, params=request.GET, facility_code=code
        )
        for spec in charted
    ]
    context = {
        **_context(request, form, selection, chosen, own),
        "sections": sections,
        "charts": charts,
        "exports": tables.export_query(request.GET, table="totals"),
    }
    return render(request, "reports/overview.html", context, status=_status(form))


@login_required
@capability_required("reports.view")
def area(request: Any, area: str) -> HttpResponse:
    """One area: each indicator's total, month by month, and its breakdown by key (by facility and region
    on the indicator's own page, a click away: an area of ten indicators stays a page that opens at once)."""
    try:
        chosen_area = Area(area)
    except ValueError:
        raise Http404 from None
    form, selection, chosen, own = _filters(request)
    specs = selectors.indicators_visible(user=request.user, area=chosen_area)
    fmt = export_format(request.GET)
    if fmt and not form.errors:
        return _export(request, fmt, specs=specs, selection=selection, title=str(chosen_area.label))
    codes = [s.code for s in specs]
    totals, keys = selectors.figure_totals_by_key(user=request.user, selection=selection, codes=codes)
    trends = selectors.figure_trend(user=request.user, selection=selection, codes=codes)
    code = chosen.code if chosen else ""
    blocks = [
        _indicator_block(
            request,
            spec,
            totals[spec.code],
            trends[spec.code],
            selection,
            code,
            by=("key",),
            keys=keys[spec.code],
        )
        for spec in specs
    ]
    context = {
        **_context(request, form, selection, chosen, own),
        "area": chosen_area,
        "area_label": chosen_area.label,
        **_summary(specs, totals, selection, code),
        "blocks": blocks,
        "exports": tables.export_query(request.GET, table="totals"),
    }
    return render(request, "reports/area.html", context, status=_status(form))


def _indicator_block(
    request: Any,
    spec: Indicator,
    total: selectors.Total,
    points: list[selectors.Point],
    selection: Selection,
    code: str,
    *,
    by: tuple[str, ...],
    keys: list[selectors.Part] | None = None,
) -> dict[str, Any]:
    """An indicator's figures, its trend and its breakdowns (`keys`: its breakdown by key, when the caller
    read it with the totals)."""
    tables_shown = [
        tables.trend_table(spec, points, selection=selection, params=request.GET, facility_code=code)
    ]
    for dimension in by:
        if dimension != "key" and selection.facility_id is not None and dimension == "facility":
            continue  # one facility chosen: its own line only would repeat the total
        parts = (
            keys
            if dimension == "key" and keys is not None
            else selectors.figure_breakdown(
                user=request.user, selection=selection, code=spec.code, by=dimension
            )
        )
        if dimension == "key" and not any(part.key for part in parts):
            continue  # an indicator without a further dimension
        if parts:
            tables_shown.append(
                tables.breakdown_table(
                    spec, parts, by=dimension, selection=selection, params=request.GET, facility_code=code
                )
            )
    return {
        "spec": spec,
        "label": spec.label,
        "description": spec.description,
        "headline": tables.headline(spec, total),
        "href": tables.figure_link(spec, selection, facility_code=code),
        "facts": [
            (tables.COLUMN_NAMES[c], tables.cell_text(spec, total, c)) for c in tables.columns_of(spec)
        ],
        "on_time": spec.measure == Measure.ON_TIME,
        "tables": tables_shown,
    }


@login_required
@capability_required("reports.view")
def indicator(request: Any, code: str) -> HttpResponse:
    """One indicator: its total, month by month, and by key, facility and region."""
    spec = selectors.indicator_visible(user=request.user, code=code)
    if spec is None:
        raise Http404
    form, selection, chosen, own = _filters(request)
    fmt = export_format(request.GET)
    if fmt and not form.errors:
        return _export(request, fmt, specs=[spec], selection=selection, title=str(spec.label))
    total = selectors.figure_totals(user=request.user, selection=selection, codes=[code])[code]
    points = selectors.figure_trend(user=request.user, selection=selection, codes=[code])[code]
    by = ("key", "facility") if own is not None else ("key", "facility", "region")
    context = {
        **_context(request, form, selection, chosen, own),
        "area_label": tables.area_label(spec.area),
        "area": spec.area,
        "item": _indicator_block(
            request, spec, total, points, selection, chosen.code if chosen else "", by=by
        ),
        "exports": tables.export_query(request.GET, table="totals"),
    }
    return render(request, "reports/indicator.html", context, status=_status(form))
