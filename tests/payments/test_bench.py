"""The `payments` benchmark runs on a small day and leaves the database as it found it."""

from __future__ import annotations

import json

from sanad.common.benchmarks import discover, run_benches
from sanad.payments.models import SettlementRun


def test_the_payments_bench_reports_its_run_and_its_reference_and_leaves_nothing_behind(db):
    lines = [json.loads(line) for line in run_benches([discover()["payments"]], scale=0.01)]

    assert [f["metric"] for f in lines] == ["files_per_s", "read_files_per_s", "ratio_to_read"]
    assert all(f["bench"] == "payments" and f["value"] > 0 for f in lines)
    assert not SettlementRun.objects.exists()
