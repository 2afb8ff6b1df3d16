"""Benchmark `payments`: a settlement run over a generated day of scale × 60,600 validated files (a CNSS
day), from its start to its orders totalled, chunk after chunk as `sanad payments_settle` runs it.

The reference, measured in the same run on the same data, is the database alone: every file the run
gathers read by the same query in one go, without locks or writes (`read_files_per_s`). The ratio says how
much the settling (the files written, the orders added, one transaction per chunk) costs over reading.
The data is written first (not timed) inside the harness's transaction, which is rolled back.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection

from sanad.funds import load_profile
from sanad.payments.benchdata import DAY, payments_load
from sanad.payments.gathering import Scope, files_next
from sanad.payments.services import settlement_run_gather, settlement_run_start

CNSS_DAY = 60_600


def run(scale: float) -> Iterator[tuple[str, float, str]]:
    profile = load_profile(settings.SANAD_FUND)
    files = max(600, int(CNSS_DAY * scale))
    started = time.perf_counter()
    payments_load(profile, files)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner sees the day just written
    print(f"payments: {files} files loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    started = time.perf_counter()
    read = len(files_next(Scope(start=DAY, end=DAY), (None, 0), files, lock=False))
    reading = time.perf_counter() - started
    started = time.perf_counter()
    settled = settlement_run_start(actor=None, period_start=DAY, period_end=DAY, on=DAY)
    settled = settlement_run_gather(run_id=settled.pk)
    elapsed = time.perf_counter() - started
    print(
        f"payments: {settled.files} files, {settled.orders} orders settled in {elapsed:.1f} s "
        f"(read alone: {reading:.2f} s)",
        file=sys.stderr,
    )
    if settled.files != files or read != files:
        raise AssertionError(f"the run settled {settled.files} of {files} files (read {read})")
    yield "files_per_s", settled.files / elapsed, "files/s"
    yield "read_files_per_s", read / reading, "files/s"
    yield "ratio_to_read", elapsed / reading, "x"


BENCHES = {"payments": run}
NEEDS_DATABASE = {"payments"}
