"""Benchmark of the engine's reference snapshot: how fast the catalog in force over a year is loaded."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

from django.conf import settings

from sanad.catalog.demo import catalog_build
from sanad.catalog.snapshot import reference_snapshot
from sanad.common.demo import DemoContext
from sanad.funds import load_profile


def run(scale: float) -> Iterator[tuple[str, float, str]]:
    fund = settings.SANAD_FUND
    ctx = DemoContext(profile=load_profile(fund), seed=11, members=0)
    catalog_build(ctx, acts=max(300, int(20_000 * scale)), drugs=max(300, int(10_000 * scale)))
    rows = sum(
        ctx.counts[k] for k in ("acts", "drugs", "devices", "key_letters", "benefit_package", "protocols")
    )
    started = time.perf_counter()
    reference_snapshot(fund=fund, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    elapsed = time.perf_counter() - started
    yield "rows_per_s", rows / elapsed, "rows/s"


BENCHES = {"snapshot": run}
NEEDS_DATABASE = {"snapshot"}
