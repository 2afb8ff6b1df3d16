"""Drill `load`: a sustained load on the rights check and the file submission, with no error.

Client threads, each signed in as the demo's facility account (session and CSRF token), call for
`seconds`: four times in five the rights check of a member covered today
(GET /api/v1/registry/members/{number}/rights), once in five a file submission (POST a care sheet, then
POST its billing file, each with an Idempotency-Key). An error is a 5xx or no answer at all; a refusal
(4xx) is counted apart. Figures: requests per second, median and 99th percentile, errors.
"""

from __future__ import annotations

import dataclasses
import os
import random
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from sanad.operations.drill import Outcome
from sanad.operations.drill.client import Answer, Session

THREADS = int(os.environ.get("DRILL_THREADS", "6"))
SUBMIT_SHARE = 0.2


def _sheet(prepared: dict[str, Any], number: str) -> dict[str, Any]:
    day = prepared["today"]
    line = {"kind": "act", "code": prepared["act"], "quantity": 1, "billed": "1000.00", "service_date": day}
    return {
        "registration_number": number,
        "care_type": "outpatient",
        "care_date": day,
        "diagnosis": "J06.9",
        "practitioner": "Dr Drill",
        "lines": [line],
    }


def _retried(call: Callable[[], Answer], retry: bool) -> list[Answer]:
    """The call, and when `retry` is set one retry of a failed call (a facility's software does so, with
    the same Idempotency-Key for a write): both answers are kept, the retry marked in its kind."""
    first = call()
    if not (retry and first.failed):
        return [first]
    time.sleep(0.2)
    second = call()
    return [first, dataclasses.replace(second, kind=f"{second.kind}_retry")]


class Load:
    """The client threads of one load; `answers` gathers every answer, thread-safely."""

    def __init__(self, port: int, prepared: dict[str, Any], *, retry: bool = False) -> None:
        self.port, self.prepared, self.retry = port, prepared, retry
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.tag = uuid.uuid4().hex[:6]

    def _keep(self, answers: list[Answer]) -> list[Answer]:
        with self.lock:
            self.answers.extend(answers)
        return answers

    def _client(self, n: int, ready: threading.Barrier) -> None:
        rng = random.Random(n)
        session = Session("127.0.0.1", self.port)
        try:
            session.login(self.prepared["username"], self.prepared["password"])
        except Exception as error:  # a client that cannot sign in is an error of the drill
            self._keep([Answer("login", 0, 0.0, False, f"{type(error).__name__}: {error}")])
            ready.abort()
            return
        try:
            ready.wait()  # every client signed in: the clock (and a cut) starts for all at once
        except threading.BrokenBarrierError:
            return
        deadline = self.deadline
        covered, today = self.prepared["covered"], self.prepared["today"]
        count = 0
        while time.monotonic() < deadline:
            number = rng.choice(covered)
            if rng.random() >= SUBMIT_SHARE:
                path = f"/api/v1/registry/members/{number}/rights?on={today}"
                self._keep(_retried(partial(session.call, "rights", "GET", path), self.retry))
                continue
            count += 1
            key = f"drill-{self.tag}-{n}-{count}"
            sheet_body = _sheet(self.prepared, number)
            call = partial(
                session.call, "submit", "POST", "/api/v1/claims/care-sheets", sheet_body, key + "s"
            )
            sheet = self._keep(_retried(call, self.retry))[-1]
            if sheet.status != 201:
                continue
            body = {"care_sheet_id": sheet.created, "invoice_number": f"DR{self.tag}{n}-{count}"}
            call = partial(session.call, "submit", "POST", "/api/v1/claims/billing-files", body, key + "f")
            self._keep(_retried(call, self.retry))

    def run(
        self, seconds: float, threads: int = THREADS, on_ready: Callable[[], None] | None = None
    ) -> float:
        """Sign every client in, then drive the load for `seconds` (calling `on_ready` as it starts);
        returns the time the load ran."""
        self.deadline = 0.0
        started = [0.0]

        def start() -> None:
            self.deadline = time.monotonic() + seconds
            started[0] = time.perf_counter()
            if on_ready is not None:
                on_ready()

        ready = threading.Barrier(threads, action=start)
        workers = [threading.Thread(target=self._client, args=(n, ready)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return time.perf_counter() - started[0] if started[0] else 0.0


def _ms(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def figures(outcome: Outcome, answers: list[Answer], elapsed: float) -> None:
    """The load's figures into the outcome: rate, latencies per kind, errors and refusals."""
    outcome.add("requests", len(answers), "requests")
    outcome.add("requests_per_s", len(answers) / elapsed if elapsed else 0.0, "req/s")
    for kind in ("rights", "submit"):
        seconds = [a.seconds for a in answers if a.kind == kind and not a.failed]
        outcome.add(f"{kind}_p50", _ms(seconds, 50), "ms")
        outcome.add(f"{kind}_p99", _ms(seconds, 99), "ms")
    outcome.add("errors", sum(1 for a in answers if a.failed), "requests")
    outcome.add("refused_4xx", sum(1 for a in answers if 400 <= a.status < 500), "requests")


def load_drill(port: int, prepared: dict[str, Any], seconds: float) -> Outcome:
    outcome = Outcome("load")
    load = Load(port, prepared)
    elapsed = load.run(seconds)
    figures(outcome, load.answers, elapsed)
    failed = [a for a in load.answers if a.failed]
    if failed:
        said = sorted({f"{a.status} {a.error[:60]}" for a in failed})[:3]
        outcome.fail(f"{len(failed)} errors under load: {'; '.join(said)}")
    if not any(a.kind == "submit" and a.status == 201 for a in load.answers):
        outcome.fail("no file was submitted under load")
    return outcome
