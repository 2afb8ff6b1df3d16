"""The benchmark harness: every `sanad.<package>.bench` module registers its benchmarks.

A bench module defines `BENCHES = {"name": run}` where `run(scale: float)` yields
`(metric, value, unit)` tuples; a module that needs the database also sets `NEEDS_DATABASE = {"name"}`,
and the harness then runs it on a throwaway copy of the database, never on the real one.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.db import connection, transaction

import sanad

Figure = tuple[str, float, str]
Runner = Callable[[float], Iterable[Figure]]


@dataclass(frozen=True)
class Bench:
    name: str
    run: Runner
    needs_database: bool


def discover() -> dict[str, Bench]:
    """Every benchmark of every Sanad package, by name."""
    found: dict[str, Bench] = {}
    for module_info in pkgutil.iter_modules(sanad.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"sanad.{module_info.name}.bench")
        except ModuleNotFoundError as error:
            if error.name == f"sanad.{module_info.name}.bench":
                continue
            raise
        needs_db = set(getattr(module, "NEEDS_DATABASE", ()))
        for name, run in module.BENCHES.items():
            if name in found:
                raise ValueError(f"benchmark {name!r} is registered twice")
            found[name] = Bench(name=name, run=run, needs_database=name in needs_db)
    return dict(sorted(found.items()))


def figure_line(bench: str, metric: str, value: float, unit: str) -> str:
    """One JSON line per figure, in the exact shape the README and CI read."""
    return json.dumps({"bench": bench, "metric": metric, "value": round(float(value), 1), "unit": unit})


def run_benches(benches: Iterable[Bench], scale: float) -> Iterator[str]:
    """Run each benchmark; a database benchmark's writes are rolled back so the next starts clean."""
    for bench in benches:
        if not bench.needs_database:
            figures = list(bench.run(scale))
        else:
            with transaction.atomic():
                figures = list(bench.run(scale))
                transaction.set_rollback(True)
        for metric, value, unit in figures:
            yield figure_line(bench.name, metric, value, unit)


T = TypeVar("T")


def tables_empty(app_labels: Sequence[str], models: Sequence[str] = ()) -> None:
    """Empty every table of the apps `app_labels` and the models `models` ("app.Model")."""
    tables = [m._meta.db_table for label in app_labels for m in apps.get_app_config(label).get_models()]
    tables += [apps.get_model(label)._meta.db_table for label in models]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(t) for t in tables)} CASCADE")


def committed(measure: Callable[[], T], *, app_labels: Sequence[str], models: Sequence[str] = ()) -> T:
    """`measure()` on a connection of its own (a thread's), outside the harness's transaction, so that what
    it loads is committed and other processes (workers, a server) see it; then the tables of `app_labels`
    and `models` are emptied, so that the next benchmark starts clean, whatever happened."""
    outcome: dict[str, Any] = {}

    def body() -> None:
        try:
            outcome["value"] = measure()
        except BaseException as error:
            outcome["error"] = error
        finally:
            try:
                tables_empty(app_labels, models)
            finally:
                connection.close()

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
