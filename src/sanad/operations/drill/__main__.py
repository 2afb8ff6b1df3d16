"""`python -m sanad.operations.drill [--seconds N] [--only NAME ...]`: run the drills (`make drill`).

One throwaway database on 127.0.0.1 is migrated; the runner drill copies it while it is still empty,
then the demo register fills it for the load, the connection cut and the restore. Every database the
drills create is dropped at the end. One JSON line per figure on stdout, the reasons of a failure on
stderr; the exit status is 1 if any drill failed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from collections.abc import Callable

from sanad.operations.drill import DRILLS, Outcome, outcome_lines
from sanad.operations.drill.pg import DrillRefused, python, sanad, throwaway


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sanad-drill", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("DRILL_SECONDS", "60")),
        help="length of the sustained load (default: DRILL_SECONDS or 60); the cut lasts a quarter of it",
    )
    parser.add_argument("--only", action="append", choices=DRILLS, help="run only this drill (repeatable)")
    parser.add_argument("--members", type=int, default=200, help="members of the demo register")
    parser.add_argument("--files", type=int, default=600, help="received files of the runner drill")
    parser.add_argument("--seed", type=int, default=None, help="seed of the kill points")
    return parser.parse_args(argv)


def _guarded(drill: str, run: Callable[[], Outcome]) -> Outcome:
    """A drill that breaks down (an exception) is a failed drill, reported like the others."""
    started = time.monotonic()
    try:
        outcome = run()
    except Exception as error:  # every breakdown is reported, then the next drill runs
        outcome = Outcome(drill)
        outcome.fail(f"{type(error).__name__}: {error}")
    outcome.add("duration", time.monotonic() - started, "s")
    return outcome


def _step(what: str, run: Callable[[], object]) -> None:
    """A set-up step, its time told on stderr (not a figure: it measures the machine, not a drill)."""
    started = time.monotonic()
    run()
    print(f"drill: {what} in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)


def _emit(outcome: Outcome) -> None:
    for line in outcome_lines(outcome):
        print(line, flush=True)
    for why in outcome.failures:
        print(f"drill {outcome.drill} FAILED: {why}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    # `timeout` (make drill) stops with SIGTERM: exit through the `finally`s that drop the databases.
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(143))
    chosen = args.only or list(DRILLS)
    if args.seconds <= 0:
        print("--seconds must be greater than 0", file=sys.stderr)
        return 2
    outcomes: list[Outcome] = []
    try:
        with throwaway("drill_base") as base:
            _step("migrate", lambda: sanad(base, "migrate", "--noinput", "--verbosity", "0"))
            if "runner_kill" in chosen:
                from sanad.operations.drill.runner_kill import runner_kill_drill

                outcomes.append(
                    _guarded("runner_kill", lambda: runner_kill_drill(base, args.files, seed=args.seed))
                )
                _emit(outcomes[-1])
            served = [d for d in ("load", "connection_cut") if d in chosen]
            if served or "restore" in chosen:
                _step("demo", lambda: sanad(base, "demo", "--members", str(args.members), "--seed", "1"))
            if served:
                outcomes.extend(_served(base, served, args.seconds))
            if "restore" in chosen:
                from sanad.operations.drill.restore import restore_drill

                outcomes.append(_guarded("restore", lambda: restore_drill(base)))
                _emit(outcomes[-1])
    except DrillRefused as error:
        print(f"drill refused: {error}", file=sys.stderr)
        return 2
    return 0 if outcomes and all(o.ok for o in outcomes) else 1


def _served(base: str, drills: list[str], seconds: float) -> list[Outcome]:
    """The drills that need the application served: gunicorn up once for both."""
    from sanad.operations.drill.connection_cut import connection_cut_drill
    from sanad.operations.drill.load import load_drill
    from sanad.operations.drill.server import served

    prepared = json.loads(python(base, "sanad.operations.drill.prepare"))
    outcomes = []
    with served(base) as port:
        if "load" in drills:
            outcomes.append(_guarded("load", lambda: load_drill(port, prepared, seconds)))
            _emit(outcomes[-1])
        if "connection_cut" in drills:
            cut = max(10.0, seconds / 4)
            outcomes.append(
                _guarded("connection_cut", lambda: connection_cut_drill(base, port, prepared, cut))
            )
            _emit(outcomes[-1])
    return outcomes


if __name__ == "__main__":
    sys.exit(main())
