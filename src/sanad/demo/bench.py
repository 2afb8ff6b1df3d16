"""Benchmark of the demo loader: how fast a register of members with dependants is created."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

from django.conf import settings

from sanad.demo.loader import demo_load
from sanad.registry.models import Dependant, Member


def run_demo(scale: float) -> Iterator[tuple[str, float, str]]:
    members = max(100, int(20_000 * scale))
    started = time.perf_counter()
    demo_load(fund=settings.SANAD_FUND, members=members, seed=7, today=datetime.date(2026, 1, 15))
    elapsed = time.perf_counter() - started
    yield "members_per_s", members / elapsed, "members/s"
    yield "persons_per_s", (Member.objects.count() + Dependant.objects.count()) / elapsed, "persons/s"


BENCHES = {"demo": run_demo}
NEEDS_DATABASE = {"demo"}
