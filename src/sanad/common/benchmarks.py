"""The benchmark harness: every `sanad.<package>.bench` module registers its benchmarks.

A bench module defines `BENCHES = {"name": run}` where `run(scale: float)` yields
`(metric, value, unit)` tuples; a module that needs the database also sets `NEEDS_DATABASE = {"name"}`,
and the harness then runs it on a throwaway copy of the database, never on the real one.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

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
