"""`make drill` (issue 16, §5): the failure drills of an installation, run against a throwaway PostgreSQL
database on 127.0.0.1 only, each printing one JSON line per figure like `make bench`.

- `load`: a sustained load on the rights check and the file submission, through gunicorn;
- `runner_kill`: the claims runner killed at random points three times, then run to the end, compared
  with a clean run of the same files;
- `connection_cut`: the application's database sessions terminated under load;
- `restore`: a backup restored into a new database, its row counts and money totals compared.

Run with `python -m sanad.operations.drill [--seconds N] [--only NAME ...]`; see docs/operations.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

DRILLS = ("load", "runner_kill", "connection_cut", "restore")


@dataclass
class Outcome:
    """What one drill measured: its figures and, when it failed, why (in words for the operator)."""

    drill: str
    figures: list[tuple[str, float, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, metric: str, value: float, unit: str) -> None:
        self.figures.append((metric, value, unit))

    def fail(self, why: str) -> None:
        self.failures.append(why)

    @property
    def ok(self) -> bool:
        return not self.failures


def figure_line(drill: str, metric: str, value: float, unit: str) -> str:
    """One JSON line per figure, the shape of `make bench` with `drill` in place of `bench`."""
    number = round(float(value), 1) if isinstance(value, float) else value
    return json.dumps({"drill": drill, "metric": metric, "value": number, "unit": unit})


def outcome_lines(outcome: Outcome) -> list[str]:
    """The outcome's figures, then its verdict as a figure of its own (1 passed, 0 failed)."""
    lines = [figure_line(outcome.drill, m, v, u) for m, v, u in outcome.figures]
    lines.append(figure_line(outcome.drill, "passed", 1 if outcome.ok else 0, "bool"))
    return lines
