"""Benchmarks of the facilities' interfaces (issue 19, §4): `eligibility` and `fhir_claim`.

`eligibility`: scale × 1,000,000 members with rights in force (`bench_data`), committed and analysed, served
by gunicorn as deployed (deploy/gunicorn.conf.py, 3 sync workers on 127.0.0.1, DEBUG off, the production
middleware stack; settings `sanad.api.bench_site`, which add the bare view and lift the per-client rate
limit) and driven by client threads (`BENCH_THREADS`, 6 by default) with the drills' HTTP/1.1 client
(keep-alive asked; gunicorn's sync workers close after each answer, as behind nginx in production), each
phase `BENCH_SECONDS` (10 by default) after a warm-up, random members among those loaded:
- the bare view `bench/bare/<number>/` (one indexed query, a small JSON): `bare_req_per_s`, `bare_p99_ms`;
- the REST rights check with the centre's API key: `req_per_s`, `p99_ms`;
- the FHIR CoverageEligibilityRequest with the same key: `fhir_req_per_s`, `fhir_p99_ms`;
and the ratios to the bare view in the same run (`ratio_pct`, `fhir_ratio_pct`). PostgreSQL only: on
SQLite (an in-memory test database no server process can open) it is skipped with a message.
gunicorn's worker recycling (`max_requests` 1000) is turned off for the run (`BENCH_MAX_REQUESTS`, 0 by
default): otherwise a worker restarts every second at the bare view's pace and the figures measure the
restarts.

`fhir_claim`: a Claim `$submit` (use `claim`) of 20 acts, validated, billed as a draft file and answered
with the engine's ClaimResponse, one after the other in-process through Django's test client with the
API key (one worker, no HTTP server: the figure is the application's own time): `p50_ms`, `p99_ms`,
`req_per_s`. After the warm-up, what is alive is frozen for the collector, as a served worker does once
loaded (`post_worker_init` in deploy/gunicorn.conf.py). Runs on SQLite and PostgreSQL, inside the
harness's transaction (rolled back).
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from sanad.api.bench_data import ACTS, CONSULTATION, World, world_load
from sanad.api.fhir.identifiers import fund_id, identifier_system
from sanad.common.benchmarks import committed
from sanad.funds import load_profile
from sanad.operations.drill import client as drill_client
from sanad.operations.drill import server as drill_server

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
THREADS = int(os.environ.get("BENCH_THREADS", "6"))
FHIR_JSON = "application/fhir+json"
# The tables the committed load fills, emptied afterwards so that the next benchmark starts clean.
_APPS = ("registry", "providers", "credentials", "catalog", "claims", "api", "authorizations")
Figure = tuple[str, float, str]


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


def eligibility_body(number: str, facility_code: str) -> dict[str, Any]:
    """A facility's question before a visit: is this member covered today, and does a consultation need
    the fund's prior approval."""
    return {
        "resourceType": "CoverageEligibilityRequest",
        "status": "active",
        "purpose": ["validation", "auth-requirements"],
        "patient": {"reference": f"Patient/{number}"},
        "created": timezone.localdate().isoformat(),
        "insurer": {"reference": f"Organization/{fund_id()}"},
        "provider": {"reference": f"Organization/{facility_code}"},
        "item": [
            {"productOrService": {"coding": [{"system": identifier_system("act"), "code": CONSULTATION}]}}
        ],
    }


def claim_body(number: str, facility_code: str, invoice: str) -> dict[str, Any]:
    """A Claim (use `claim`) of the twenty acts of `bench_data`, billed today at their tariff."""
    day = timezone.localdate().isoformat()
    items = [
        {
            "sequence": n,
            "productOrService": {"coding": [{"system": identifier_system("act"), "code": code}]},
            "quantity": {"value": 1},
            "net": {"value": "1000.00", "currency": load_profile(settings.SANAD_FUND).money.currency},
            "servicedDate": day,
        }
        for n, code in enumerate(ACTS, start=1)
    ]
    coding = [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]
    return {
        "resourceType": "Claim",
        "status": "active",
        "type": {"coding": coding},
        "use": "claim",
        "identifier": [{"system": "urn:example:his:claims", "value": invoice}],
        "patient": {"reference": f"Patient/{number}"},
        "created": day,
        "insurer": {"reference": f"Organization/{fund_id()}"},
        "provider": {"reference": f"Organization/{facility_code}"},
        "priority": {"coding": [{"code": "normal"}]},
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"reference": f"Coverage/{number}"}}],
        "diagnosis": [
            {
                "sequence": 1,
                "diagnosisCodeableConcept": {
                    "coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "J06.9"}]
                },
            }
        ],
        "careTeam": [{"sequence": 1, "provider": {"display": "Dr Sidi Mohamed"}}],
        "item": items,
    }


# ---------------------------------------------------------------------------------------------- eligibility

Call = Callable[[Any, str], tuple[int, bytes]]  # (session, registration number) -> (status, body)


def _calls(world: World) -> dict[str, Call]:
    """The three calls compared, each as a facility's software (or any client, for the bare view) makes it."""
    proxy = {"X-Forwarded-Proto": "https"}  # what nginx adds in production (HTTPS is enforced)
    machine = proxy | {"Authorization": f"Bearer {world.key}"}
    fhir = machine | {"Content-Type": FHIR_JSON, "Accept": FHIR_JSON}
    today = timezone.localdate().isoformat()
    code = world.facility.code

    def bare(session: Any, number: str) -> tuple[int, bytes]:
        return session.request("GET", f"/bench/bare/{number}/", None, proxy)

    def rest(session: Any, number: str) -> tuple[int, bytes]:
        return session.request("GET", f"/api/v1/registry/members/{number}/rights?on={today}", None, machine)

    def fhir_check(session: Any, number: str) -> tuple[int, bytes]:
        body = json.dumps(eligibility_body(number, code)).encode()
        return session.request("POST", "/fhir/CoverageEligibilityRequest", body, fhir)

    return {"bare": bare, "rest": rest, "fhir": fhir_check}


class Phase:
    """`threads` clients calling `call` for `seconds` on random members; their latencies (ms) and errors."""

    def __init__(self, port: int, call: Call, numbers: list[str]) -> None:
        self.port, self.call, self.numbers = port, call, numbers
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def _client(self, n: int, until: list[float], ready: threading.Barrier) -> None:
        rng, mine, failed = random.Random(n), [], []
        session = drill_client.Session("127.0.0.1", self.port)
        ready.wait()
        while time.perf_counter() < until[0]:
            number = self.numbers[rng.randrange(len(self.numbers))]
            started = time.perf_counter()
            try:
                status, data = self.call(session, number)
            except OSError as error:
                failed.append(type(error).__name__)
                continue
            if status != 200:
                failed.append(f"HTTP {status}: {data[:200]!r}")
                continue
            mine.append((time.perf_counter() - started) * 1000)
        session.connection.close()
        with self.lock:
            self.latencies.extend(mine)
            self.errors.extend(failed)

    def run(self, seconds: float, threads: int) -> float:
        """Run; the elapsed seconds."""
        until = [float("inf")]
        ready = threading.Barrier(threads + 1)
        workers = [threading.Thread(target=self._client, args=(n, until, ready)) for n in range(threads)]
        for worker in workers:
            worker.start()
        ready.wait()
        started = time.perf_counter()
        until[0] = started + seconds
        for worker in workers:
            worker.join()
        return time.perf_counter() - started


def _measure(port: int, world: World, seconds: float, threads: int) -> list[Figure]:
    calls = _calls(world)
    for name, call in calls.items():  # every worker imports, connects and fills its caches first
        warm = Phase(port, call, world.numbers)
        warm.run(min(2.0, seconds), threads)
        if warm.errors:
            raise AssertionError(f"eligibility: the {name} call fails: {warm.errors[:3]}")
    found: dict[str, tuple[float, float, float]] = {}
    for name, call in calls.items():
        phase = Phase(port, call, world.numbers)
        elapsed = phase.run(seconds, threads)
        if phase.errors or not phase.latencies:
            raise AssertionError(f"eligibility: {len(phase.errors)} errors on {name}: {phase.errors[:3]}")
        rate = len(phase.latencies) / elapsed
        found[name] = (rate, p99(phase.latencies), statistics.median(phase.latencies))
        print(
            f"eligibility: {name}: {len(phase.latencies)} calls in {elapsed:.1f} s, "
            f"p50 {found[name][2]:.1f} ms",
            file=sys.stderr,
        )
    bare, rest, fhir = found["bare"], found["rest"], found["fhir"]
    return [
        ("req_per_s", rest[0], "req/s"),
        ("p99_ms", rest[1], "ms"),
        ("p50_ms", rest[2], "ms"),
        ("fhir_req_per_s", fhir[0], "req/s"),
        ("fhir_p99_ms", fhir[1], "ms"),
        ("fhir_p50_ms", fhir[2], "ms"),
        ("bare_req_per_s", bare[0], "req/s"),
        ("bare_p99_ms", bare[1], "ms"),
        ("bare_p50_ms", bare[2], "ms"),
        ("ratio_pct", 100 * rest[0] / bare[0], "%"),
        ("fhir_ratio_pct", 100 * fhir[0] / bare[0], "%"),
    ]


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "root"
    return f"postgresql://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _served_environment(metrics_dir: str) -> dict[str, str]:
    """Production's settings (DEBUG off: secret key, hosts, HTTPS behind the proxy, two-factor sign-in, JSON
    request logs, multi-process metrics), the bench's URL map, the harness's database."""
    recycle = os.environ.get("BENCH_MAX_REQUESTS", "0")
    return {
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "sanad.api.bench_site",
        "SANAD_DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SANAD_FUND": settings.SANAD_FUND,
        "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
        "GUNICORN_CMD_ARGS": f"--max-requests {int(recycle)}",
    }


def _eligibility_committed(members: int) -> list[Figure]:
    started = time.perf_counter()
    world = world_load(members, scopes=["eligibility"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # autovacuum is off: the planner must know what was loaded
    print(
        f"eligibility: {len(world.numbers)} members loaded in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    connection.close()  # the server's workers need no competition for the data's locks
    server = drill_server
    name = connection.settings_dict["NAME"]
    with (
        tempfile.TemporaryDirectory(prefix="sanad-bench-metrics-") as metrics,
        server.served(name, **_served_environment(metrics)) as port,
    ):
        return _measure(port, world, SECONDS, THREADS)


def eligibility(scale: float) -> Iterator[Figure]:
    if connection.vendor != "postgresql":
        print(
            "eligibility: skipped, it needs PostgreSQL (DATABASE_URL=postgresql://...): the server's "
            "processes cannot open the benchmark's SQLite database",
            file=sys.stderr,
        )
        return
    members = max(1_000, int(1_000_000 * scale))
    # On a connection of its own, outside the harness's transaction: the data is committed for the server.
    yield from committed(
        lambda: _eligibility_committed(members),
        app_labels=_APPS,
        models=("common.AuditEvent", settings.AUTH_USER_MODEL),
    )


# ----------------------------------------------------------------------------------------------- fhir_claim


@contextmanager
def _frozen_after(warm: int) -> Iterator[Callable[[int], None]]:
    """As a served worker does once loaded (deploy/gunicorn.conf.py, `post_worker_init`): once `warm` calls
    have loaded what the calls use, collect and freeze what is alive, so that the collector's full passes
    walk only what the calls make; unfrozen afterwards."""

    def counted(n: int) -> None:
        if n == warm:
            gc.collect()
            gc.freeze()

    try:
        yield counted
    finally:
        gc.unfreeze()


def fhir_claim(scale: float) -> Iterator[Figure]:
    world = world_load(200, scopes=["claims"])
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {world.key}")
    calls, warm = max(30, int(1_000 * min(scale, 1.0))), 5
    latencies: list[float] = []
    stamp = datetime.datetime.now().strftime("%H%M%S")
    with override_settings(DEBUG=False, SANAD_API_RATE_CLIENT=10**9), _frozen_after(warm) as counted:
        for n in range(warm + calls):
            counted(n)
            number = world.numbers[n % len(world.numbers)]
            body = json.dumps(claim_body(number, world.facility.code, f"BENCH-{stamp}-{n}"))
            started = time.perf_counter()
            response = client.post("/fhir/Claim/$submit", body, content_type=FHIR_JSON)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200 or response.json().get("resourceType") != "ClaimResponse":
                raise AssertionError(f"fhir_claim: HTTP {response.status_code}: {response.content[:400]!r}")
            if n >= warm:
                latencies.append(elapsed)
    yield "p50_ms", statistics.median(latencies), "ms"
    yield "p99_ms", p99(latencies), "ms"
    yield "req_per_s", 1000 * len(latencies) / sum(latencies), "req/s"


BENCHES = {"eligibility": eligibility, "fhir_claim": fhir_claim}
NEEDS_DATABASE = {"eligibility", "fhir_claim"}
