"""Benchmark `settle`: the batch runner deciding scale × 1,000,000 received files of 3 lines each.

The files, their beneficiaries, facilities and catalogue are written first (`runner.bench_data`, not
timed); the clock covers the whole run as `sanad claims_adjudicate` does it: streaming the files by key,
snapshots, anomaly signals, the engine, the decisions written and the statuses moved, chunk after chunk.

On PostgreSQL the run is the production one: the data is committed (on the harness's throwaway
database, then vacuumed, analysed and checkpointed before the clock starts), `WORKERS` runner processes
share it and each chunk commits on its own; everything written is truncated afterwards, so the next
benchmark starts clean. On SQLite one runner decides everything inside the harness's transaction, which
is rolled back.
Messages are on, as in production: every member has a phone number, and the notifications app's
receivers of `billing_files_decided` queue a 'file decided' SMS per validated or rejected file inside each
chunk's transaction (the outbox); the figure includes them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from sanad.claims.models import BillingFile
from sanad.claims.runner.bench_data import ON, bench_load
from sanad.claims.runner.decide import RunResult, claims_adjudicate_run
from sanad.claims.statuses import FileStatus
from sanad.common.benchmarks import committed
from sanad.funds import load_profile

# Runner processes: three on two cores, as each runner waits on its server process about half the time.
WORKERS = 3
_APPS = ("claims", "registry", "providers", "catalog", "notifications")


def _messages() -> int:
    """The 'file decided' messages queued (by the notifications' receivers of `billing_files_decided`)."""
    return (
        apps.get_model("notifications", "Message")
        .objects.filter(dedupe_key__startswith="claims.decided:")
        .count()
    )


def _checkpoint() -> None:
    """Write out what the load left in the server's buffers before the clock starts: otherwise the
    checkpoint that the load's write-ahead log calls for runs during the run, and the figure measures the
    load as much as the run. Skipped where the account may not ask for one."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:
        print(f"settle: no checkpoint before the run ({error})", file=sys.stderr)


def _measure(scale: float, workers: int) -> tuple[Any, RunResult, float]:
    profile = load_profile(settings.SANAD_FUND)
    files = max(1_000, int(1_000_000 * scale))
    started = time.perf_counter()
    with transaction.atomic():
        loaded = bench_load(profile, files)
    if connection.vendor == "postgresql" and workers > 1:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        _checkpoint()
    print(
        f"settle: {loaded.files} files, {loaded.lines} lines loaded in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    started = time.perf_counter()
    result = claims_adjudicate_run(on=ON, workers=workers)
    elapsed = time.perf_counter() - started
    print(
        f"settle: {result.files} files decided in {elapsed:.1f} s: {dict(result.statuses)}, "
        f"{_messages()} messages queued",
        file=sys.stderr,
    )
    if result.files != loaded.files or BillingFile.objects.filter(status=FileStatus.RECEIVED).exists():
        raise AssertionError(f"the runner decided {result.files} of {loaded.files} files")
    return loaded, result, elapsed


def _committed(scale: float) -> tuple[Any, RunResult, float]:
    """Load, run and clean up on a connection of its own, outside the harness's transaction."""
    return committed(lambda: _measure(scale, WORKERS), app_labels=_APPS, models=("common.AuditEvent",))


def run(scale: float) -> Iterator[tuple[str, float, str]]:
    if connection.vendor == "postgresql":
        _loaded, result, elapsed = _committed(scale)
    else:
        _loaded, result, elapsed = _measure(scale, 1)
    yield "lines_per_s", result.lines / elapsed, "lines/s"
    yield "files_per_s", result.files / elapsed, "files/s"


BENCHES = {"settle": run}
NEEDS_DATABASE = {"settle"}
