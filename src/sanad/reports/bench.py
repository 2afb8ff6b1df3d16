"""Benchmark `reports` (issue 20, §4): the nightly computation of a busy day's figures and the dashboard
pages, over scale × 10 M claim lines and 1 M members received over 400 days (`reports.bench_data`).

Figures (one JSON line each; those with a "module" or a "page" field are printed by this module, in the
harness's shape plus that field, as the harness's figures carry no dimension):
- `day_seconds`: `day_compute` of the day with the most decisions, first run and best of three;
- `module_seconds`: each computation module's `figures_of_day` alone on that day, with its slowest
  queries EXPLAINed on stderr;
- `months_seconds` (small scales only): the 400 days computed one by one with `days_compute`;
- `page_p95_ms`: each dashboard page as a logged-in manager (20 requests after 3 to warm up), after 13
  months of figures (computed at small scales; at large ones, the busy day's rows copied to every day,
  then each month summed); `reference_ms`: the p95 of reading one figure by its primary key.

On PostgreSQL the data is committed on the harness's throwaway database (then vacuumed and analysed, as
autovacuum is off here) and truncated afterwards; on SQLite everything stays in the harness's transaction.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from sanad.claims.models import FileDecision
from sanad.common.benchmarks import committed, figure_line
from sanad.common.bulk_sql import rows_insert
from sanad.common.permissions import Role, role_groups_ensure
from sanad.funds.active import active_profile
from sanad.reports import compute
from sanad.reports.bench_data import reports_load
from sanad.reports.compute import area_modules, day_compute, days_compute, month_sum
from sanad.reports.indicators import Area, catalogue
from sanad.reports.models import FUND_GRAIN, Figure, Grain

_APPS = ("claims", "registry", "providers", "catalog", "notifications", "reports")
_REQUESTS = 20
_WARM = 3
# Computing every day of the period is measured up to this scale (400 days × a day's computation).
_MONTHS_UP_TO = float(os.environ.get("BENCH_REPORTS_MONTHS_SCALE", "0.02"))
_SLOW_SHOWN = 3
_SLOW_QUERY = 0.05  # seconds: a query of a module slower than this is explained on stderr
_FIGURE_COLUMNS = (
    *("grain", "day", "indicator", "region", "facility_id", "facility_kind", "care_type", "key", "count"),
    *("amount", "on_time", "hours"),
)

Line = str


def _say(text: str) -> None:
    print(f"reports: {text}", file=sys.stderr, flush=True)


def _line(metric: str, value: float, unit: str, **extra: Any) -> Line:
    figure = json.loads(figure_line("reports", metric, value, unit))
    if extra:  # printed here, to the millisecond (the harness rounds its own figures to a tenth)
        figure["value"] = round(float(value), 3)
    return json.dumps({**figure, **extra})


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _analyze(*, vacuum: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _busy_day() -> datetime.date:
    """The day with the most decisions (the clock indicators' heaviest day)."""
    top = (
        FileDecision.objects.values("decided_on")
        .annotate(n=Count("id"))
        .order_by("-n", "-decided_on")
        .first()
    )
    return top["decided_on"]


def _explained(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}" if connection.vendor == "postgresql" else f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join("  " + " | ".join(str(c) for c in row) for row in cursor.fetchall())


def _modules(day: datetime.date, lines: list[Line]) -> list[ModuleType]:
    """Each module's `figures_of_day` alone, and its slowest queries explained; returns the modules that
    ran (a module being written may fail: it is named on stderr and left out)."""
    profile = active_profile()
    working = []
    for module in area_modules():
        name = module.__name__.rsplit(".", 1)[-1]
        try:
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                rows = list(module.figures_of_day(day=day, profile=profile))
                elapsed = time.perf_counter() - started
        except Exception as error:
            _say(f"module {name} left out: {type(error).__name__}: {error}")
            continue
        working.append(module)
        lines.append(_line("module_seconds", elapsed, "s", module=name, rows=len(rows), queries=len(queries)))
        _say(f"module {name}: {len(rows)} rows in {elapsed:.2f} s, {len(queries)} queries")
        slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:_SLOW_SHOWN]
        for query in slow:
            if float(query["time"]) < _SLOW_QUERY:
                continue
            _say(f"  {float(query['time']):.2f} s: {query['sql'][:800]}")
            try:
                # The captured text has its parameters inlined: it is explained as it is.
                with transaction.atomic():
                    _say(_explained(query["sql"]))
            except Exception as error:
                _say(f"  (no plan: {error})")
    return working


def _day_runs(day: datetime.date, lines: list[Line]) -> list[ModuleType]:
    """`day_compute` three times, the first right after the load, then each module alone; if the first run
    fails, the modules failing alone are left out of the runs (named on stderr). Returns the modules kept."""
    runs: list[float] = []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            day_compute(day=day)
            runs.append(time.perf_counter() - started)
    except Exception as error:
        _say(f"day_compute failed ({type(error).__name__}: {error}): the modules are tried one by one")
        working = _modules(day, lines)
    else:
        working = []
    with mock.patch.object(compute, "area_modules", (lambda: working) if working else area_modules):
        while len(runs) < 3:
            started = time.perf_counter()
            computed = day_compute(day=day)
            runs.append(time.perf_counter() - started)
    _say(f"day {day}: {computed.rows} figures; runs {', '.join(f'{r:.2f} s' for r in runs)}")
    lines.append(_line("day_seconds", min(runs), "s"))
    if not working:
        lines.append(_line("day_first_seconds", runs[0], "s"))
        working = _modules(day, lines)
    return working


def _history(loaded: Any, busy: datetime.date, scale: float, lines: list[Line]) -> None:
    """13 months of figures before the pages are read: computed day by day at small scales; at large ones,
    the busy day's rows copied to every other day (a realistic size), then each month summed."""
    first = loaded.last - datetime.timedelta(days=395)
    if scale <= _MONTHS_UP_TO:
        started = time.perf_counter()
        days_compute(start=first, end=loaded.last)
        elapsed = time.perf_counter() - started
        lines.append(_line("months_seconds", elapsed, "s"))
        _say(f"{(loaded.last - first).days + 1} days computed in {elapsed:.1f} s")
        return
    day_grains = (Grain.DAY, FUND_GRAIN[Grain.DAY])
    template = list(
        Figure.objects.filter(grain__in=day_grains, day=busy).values_list(
            *[c for c in _FIGURE_COLUMNS if c != "day"]
        )
    )
    day, written, months = first, 0, set()
    while day <= loaded.last:
        months.add(day.replace(day=1))
        if day != busy:
            Figure.objects.filter(grain__in=day_grains, day=day).delete()
            rows_insert(Figure, _FIGURE_COLUMNS, [(row[0], day, *row[1:]) for row in template])
            written += len(template)
        day += datetime.timedelta(days=1)
    for month in sorted(months):
        month_sum(month=month)
    _say(f"history: {written} day rows copied from {busy}, {len(months)} months summed")


def _pages() -> list[tuple[str, str]]:
    """(label, URL) of every dashboard page whose URL name resolves; the others are named on stderr."""
    wanted: list[tuple[str, str, dict[str, str]]] = [("overview", "reports:overview", {})]
    wanted += [(f"area:{area}", "reports:area", {"area": area}) for area in Area.values]
    wanted += [(f"indicator:{code}", "reports:indicator", {"code": code}) for code in sorted(catalogue())]
    wanted += [("transparency", "reports_public:transparency", {})]
    found = []
    for label, name, kwargs in wanted:
        try:
            found.append((label, reverse(name, kwargs=kwargs or None)))
        except NoReverseMatch:
            try:
                found.append((label, reverse(name, args=list(kwargs.values()))))
            except NoReverseMatch:
                _say(f"page {label} skipped: the URL name {name!r} does not resolve")
    return found


def _timed(call: Callable[[], Any], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


class _QueryClock:
    """An execute wrapper noting each query's time."""

    def __init__(self, times: list[float]) -> None:
        self.times = times

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append(time.perf_counter() - started)


def _page_times(lines: list[Line]) -> None:
    # DEBUG off as in production (no query log).
    with override_settings(DEBUG=False):
        _pages_timed(lines)


def _pages_timed(lines: list[Line]) -> None:
    user = get_user_model().objects.create_user(username="bench-reports-manager", password=None)
    user.groups.add(role_groups_ensure()[Role.MANAGER])
    client = Client()
    client.force_login(user)
    reference_pk = Figure.objects.order_by("pk").values_list("pk", flat=True).first()
    if reference_pk is not None:
        reference = _p95(_timed(lambda: Figure.objects.get(pk=reference_pk), 200))
        lines.append(_line("reference_ms", reference, "ms"))
    for label, url in _pages():
        try:
            # Counted by a wrapper: a request's start clears the connection's query log.
            queries: list[float] = []
            with connection.execute_wrapper(_QueryClock(queries)):
                answer = client.get(url)
            if answer.status_code != 200:
                _say(f"page {label} ({url}) skipped: HTTP {answer.status_code}")
                continue
            _timed(lambda url=url: client.get(url), _WARM - 1)
            samples = _timed(lambda url=url: client.get(url), _REQUESTS)
        except Exception as error:
            _say(f"page {label} ({url}) skipped: {type(error).__name__}: {error}")
            continue
        lines.append(
            _line(
                "page_p95_ms",
                _p95(samples),
                "ms",
                page=label,
                p50=round(sorted(samples)[len(samples) // 2], 1),
                queries=len(queries),
                query_ms=round(sum(queries) * 1000, 1),
            )
        )
    user.delete()


def _measure(scale: float) -> list[Line]:
    profile = active_profile()
    lines: list[Line] = []
    started = time.perf_counter()
    with transaction.atomic():
        loaded = reports_load(profile, scale)
    load_seconds = time.perf_counter() - started
    _say(
        f"loaded in {load_seconds:.1f} s: {loaded.files} files, {loaded.lines} lines, "
        f"{loaded.members} members, "
        f"{loaded.decisions} decisions, {loaded.outcomes} line outcomes, {loaded.complaints} complaints, "
        f"{loaded.settled} files settled in {loaded.orders} orders, "
        f"{loaded.tickets} tickets, {loaded.contributions} contributions ({loaded.first} to {loaded.last})"
    )
    started = time.perf_counter()
    _analyze(vacuum=not connection.in_atomic_block)
    _say(f"analysed in {time.perf_counter() - started:.1f} s")
    lines.append(_line("load_seconds", load_seconds, "s"))
    busy = _busy_day()
    working = _day_runs(busy, lines)
    with mock.patch.object(compute, "area_modules", lambda: working):
        _history(loaded, busy, scale, lines)
        _analyze(vacuum=not connection.in_atomic_block)
        _page_times(lines)
    return lines


def run(scale: float) -> Iterator[tuple[str, float, str]]:
    if connection.vendor == "postgresql":
        lines = committed(lambda: _measure(scale), app_labels=_APPS, models=("common.AuditEvent",))
    else:
        lines = _measure(scale)
    # Figures with a dimension (a module, a page) are printed here, in the harness's shape plus that field;
    # the others go through the harness.
    for text in lines:
        figure = json.loads(text)
        if set(figure) == {"bench", "metric", "value", "unit"}:
            yield figure["metric"], figure["value"], figure["unit"]
        else:
            print(text, flush=True)


BENCHES = {"reports": run}
NEEDS_DATABASE = {"reports"}
