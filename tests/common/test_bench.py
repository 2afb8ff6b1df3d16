import json

import pytest
from django.core.management import CommandError, call_command

from sanad.common.benchmarks import discover, figure_line, run_benches


def test_it_discovers_the_benchmarks_every_app_registers():
    benches = discover()

    assert {"engine", "demo"} <= set(benches)
    assert benches["demo"].needs_database
    assert not benches["engine"].needs_database


def test_each_figure_is_one_json_line_in_the_promised_shape():
    line = figure_line("engine", "lines_per_s", 123456.789, "lines/s")

    assert json.loads(line) == {
        "bench": "engine",
        "metric": "lines_per_s",
        "value": 123456.8,
        "unit": "lines/s",
    }


def test_a_database_bench_runs_and_reports_positive_figures(db):
    lines = [json.loads(line) for line in run_benches([discover()["demo"]], scale=0.005)]

    assert [f["metric"] for f in lines] == ["members_per_s", "persons_per_s"]
    assert all(f["bench"] == "demo" and f["value"] > 0 for f in lines)


def test_an_unknown_benchmark_is_refused_with_the_known_names():
    with pytest.raises(CommandError, match=r"unknown benchmark.*engine"):
        call_command("bench", "nope")


def test_database_benches_leave_the_database_as_they_found_it(db):
    from sanad.registry.models import Member

    list(run_benches([discover()["demo"], discover()["snapshot"]], scale=0.005))

    assert not Member.objects.exists()
