"""Issue 16, §5: `make drill` prints one JSON line per figure, fails when a drill fails, and runs only
against 127.0.0.1."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from sanad.operations.drill import Outcome, figure_line, outcome_lines
from sanad.operations.drill.__main__ import main
from sanad.operations.drill.client import Answer
from sanad.operations.drill.load import figures
from sanad.operations.drill.pg import DrillRefused, database_url, server_url


def test_each_figure_is_one_json_line_shaped_like_the_benchmarks():
    line = figure_line("load", "requests_per_s", 41.26, "req/s")

    assert json.loads(line) == {"drill": "load", "metric": "requests_per_s", "value": 41.3, "unit": "req/s"}


def test_a_drill_ends_with_its_verdict_as_a_figure():
    passed, failed = Outcome("restore"), Outcome("runner_kill")
    passed.add("differences", 0, "differences")
    failed.fail("2 files decided twice")

    assert [json.loads(x) for x in outcome_lines(passed)] == [
        {"drill": "restore", "metric": "differences", "value": 0, "unit": "differences"},
        {"drill": "restore", "metric": "passed", "value": 1, "unit": "bool"},
    ]
    assert json.loads(outcome_lines(failed)[-1])["value"] == 0 and not failed.ok


def test_an_error_under_load_is_a_5xx_or_no_answer_and_a_refusal_is_counted_apart():
    answers = [
        Answer("rights", 200, 0.010, True),
        Answer("rights", 200, 0.030, True),
        Answer("submit", 201, 0.050, True, created=7),
        Answer("submit", 400, 0.020, True),
        Answer("rights", 500, 0.040, True, "Server Error"),
        Answer("rights", 0, 30.0, False, "TimeoutError"),
    ]
    outcome = Outcome("load")

    figures(outcome, answers, elapsed=2.0)

    found = {metric: value for metric, value, _unit in outcome.figures}
    assert found["requests"] == 6 and found["requests_per_s"] == 3.0
    assert found["errors"] == 2 and found["refused_4xx"] == 1
    assert found["rights_p50"] == pytest.approx(20.0)


def test_it_runs_only_against_postgresql_on_127_0_0_1(monkeypatch):
    monkeypatch.setenv("DRILL_POSTGRES", "postgresql://root@db.fund.example:5432")
    with pytest.raises(DrillRefused):
        server_url()
    assert main(["--only", "restore"]) == 2

    monkeypatch.setenv("DRILL_POSTGRES", "postgresql://root@127.0.0.1:5432")
    assert database_url("drill_base_1") == "postgresql://root@127.0.0.1:5432/drill_base_1"
    with pytest.raises(DrillRefused):
        database_url('sanad"; DROP DATABASE sanad; --')


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the drills need PostgreSQL")
@pytest.mark.django_db
def test_a_short_load_drill_passes_and_prints_its_figures(capsys, monkeypatch):
    monkeypatch.delenv("DRILL_POSTGRES", raising=False)
    assert connection.vendor == "postgresql"

    status = main(["--only", "load", "--seconds", "3", "--members", "20"])

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 0
    assert {"drill": "load", "metric": "passed", "value": 1, "unit": "bool"} in lines
    assert next(x for x in lines if x["metric"] == "errors")["value"] == 0
