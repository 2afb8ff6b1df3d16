"""Drill `connection_cut`: the application's database sessions terminated under load.

While the load runs (its clients retry a failed call once, as a facility's software does, a write with
the same Idempotency-Key), every `EVERY` seconds `pg_terminate_backend` ends every session of the drill's
database but the drill's own. Each call must be answered: a success, or a clean error (a 5xx with its
error page or JSON body), never a hang nor a dropped connection; and once the cuts stop the application
answers again at once (20 rights checks in a row, all successful). A retry that fails again is counted,
not a failure: it too was answered cleanly.
"""

from __future__ import annotations

import threading
from typing import Any

import psycopg

from sanad.operations.drill import Outcome
from sanad.operations.drill.client import HANG_SECONDS, Session
from sanad.operations.drill.load import Load
from sanad.operations.drill.pg import server_url

EVERY = 3.0
_TERMINATE = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = %s AND pid <> pg_backend_pid()"
)


def _cutter(name: str, stop: threading.Event, counts: dict[str, int]) -> None:
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as admin:
        while not stop.wait(EVERY):
            (ended,) = admin.execute(_TERMINATE, [name]).fetchone()
            counts["cuts"] += 1
            counts["sessions"] += int(ended or 0)


def _recovered(port: int, prepared: dict[str, Any]) -> int:
    """How many of 20 rights checks in a row succeed once the cuts stopped."""
    session = Session("127.0.0.1", port)
    session.login(prepared["username"], prepared["password"])
    number, on = prepared["covered"][0], prepared["today"]
    path = f"/api/v1/registry/members/{number}/rights?on={on}"
    return sum(1 for _n in range(20) if session.call("rights", "GET", path).status == 200)


def connection_cut_drill(name: str, port: int, prepared: dict[str, Any], seconds: float) -> Outcome:
    outcome = Outcome("connection_cut")
    counts = {"cuts": 0, "sessions": 0}
    stop = threading.Event()
    cutter = threading.Thread(target=_cutter, args=(name, stop, counts))
    load = Load(port, prepared, retry=True)
    try:
        load.run(seconds, on_ready=cutter.start)  # the cuts start once every client is signed in
    finally:
        stop.set()
        if cutter.is_alive():
            cutter.join()
    answers = load.answers
    first = [a for a in answers if not a.kind.endswith("_retry")]
    retries = [a for a in answers if a.kind.endswith("_retry")]
    unanswered = [a for a in answers if a.status == 0]
    hangs = [a for a in answers if a.seconds >= HANG_SECONDS]
    unclean = [a for a in answers if a.status >= 500 and not a.clean]
    recovered = _recovered(port, prepared)
    outcome.add("cuts", counts["cuts"], "cuts")
    outcome.add("sessions_terminated", counts["sessions"], "sessions")
    outcome.add("requests", len(first), "requests")
    outcome.add("answered_ok", sum(1 for a in first if a.status < 500 and a.status != 0), "requests")
    outcome.add("answered_5xx_clean", sum(1 for a in first if a.status >= 500 and a.clean), "requests")
    outcome.add("retried", len(retries), "requests")
    outcome.add("retried_ok", sum(1 for a in retries if 0 < a.status < 500), "requests")
    outcome.add("unanswered", len(unanswered), "requests")
    outcome.add("hangs", len(hangs), "requests")
    outcome.add("recovered_after_cuts", recovered, "of 20")
    if counts["cuts"] == 0 or counts["sessions"] == 0:
        outcome.fail("no session of the application was cut")
    if unanswered or hangs or unclean:
        outcome.fail(f"{len(unanswered)} unanswered, {len(hangs)} hung, {len(unclean)} 5xx without a body")
    if recovered < 20:
        outcome.fail(f"only {recovered} of 20 rights checks succeeded once the cuts stopped")
    return outcome
