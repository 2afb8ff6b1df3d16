"""The `reports` benchmark (issue 20, §4) runs at a tiny scale: it loads its files, lines, members and what
the indicators count, computes a busy day, times each computation module, fills a year of figures, reads
the pages that exist, prints its figures (no timing threshold) and leaves the database as it found it."""

from __future__ import annotations

import json

from sanad.claims.models import BillingFile, FileDecision
from sanad.common.benchmarks import discover, run_benches
from sanad.reports import bench as reports_bench
from sanad.reports.models import Figure


def test_the_bench_prints_its_figures_and_leaves_nothing(db, capsys, monkeypatch):
    # The year of figures is copied from the busy day rather than computed day by day (the large-scale way).
    monkeypatch.setattr(reports_bench, "_MONTHS_UP_TO", 0.0)
    bench = discover()["reports"]

    harness = [json.loads(line) for line in run_benches([bench], scale=0.0003)]
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]

    assert bench.needs_database
    assert [f["metric"] for f in harness] == [
        "load_seconds",
        "day_seconds",
        "day_first_seconds",
        "reference_ms",
    ]
    assert all(f["bench"] == "reports" and f["value"] >= 0 for f in harness + printed)
    modules = {f["module"] for f in printed if f["metric"] == "module_seconds"}
    assert modules  # every computation module that runs is timed on its own
    assert all("page" in f for f in printed if f["metric"] == "page_p95_ms")
    assert not BillingFile.objects.exists()
    assert not FileDecision.objects.exists()
    assert not Figure.objects.exists()


def test_the_load_spreads_the_files_over_400_days(db):
    from sanad.funds.active import active_profile
    from sanad.reports.bench_data import reports_load

    loaded = reports_load(active_profile(), 0.0003)

    days = BillingFile.objects.dates("received_on", "day")
    assert (loaded.last - loaded.first).days == 399
    assert days.first() == loaded.first
    assert len(days) >= 390  # 1,000 files over 400 days: two or three a day
    assert loaded.lines == 3 * loaded.files == 3_000
    assert loaded.members == 300
    assert loaded.decisions == FileDecision.objects.count() > 0.9 * loaded.files
    assert loaded.complaints > 0 and loaded.tickets > 0 and loaded.contributions > 0
