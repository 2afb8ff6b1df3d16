"""Issue 19, §4: the `eligibility` and `fhir_claim` benchmarks. The bare view they compare the API with is
served only by the benchmark's settings; the benchmarks run (or, `eligibility` on SQLite, say why not)."""

from __future__ import annotations

import gc
import importlib
import runpy
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from sanad.api import bench
from sanad.api.bench_data import world_load
from sanad.api.bench_urls import bare
from sanad.common.benchmarks import discover
from sanad.registry.models import Member

pytestmark = pytest.mark.django_db


def test_both_benchmarks_are_registered_and_need_a_database():
    found = discover()

    assert found["eligibility"].needs_database and found["fhir_claim"].needs_database


def test_the_bench_settings_serve_the_bare_view_and_production_never_does():
    settings = importlib.import_module("sanad.api.bench_site")

    assert resolve("/bench/bare/123/", urlconf=settings.ROOT_URLCONF).func is bare
    assert resolve("/health/live", urlconf=settings.ROOT_URLCONF).url_name  # the site's own, unchanged
    with pytest.raises(Resolver404):
        resolve("/bench/bare/123/", urlconf="sanad.urls")


def test_the_bare_view_reads_a_member_by_registration_number(django_assert_num_queries):
    world = world_load(3, scopes=["eligibility"])
    number = world.numbers[1]

    with override_settings(ROOT_URLCONF="sanad.api.bench_urls"), django_assert_num_queries(1):
        found = Client().get(f"/bench/bare/{number}/")

    assert found.status_code == 200
    assert found.json()["id"] == Member.objects.get(registration_number=number).pk


@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="on PostgreSQL it serves a million members")
def test_eligibility_on_sqlite_is_skipped_with_a_message(capsys):
    assert connection.vendor == "sqlite"

    assert list(bench.eligibility(0.001)) == []
    assert "needs PostgreSQL" in capsys.readouterr().err


def test_a_claim_of_twenty_items_is_answered_and_timed():
    figures = {metric: value for metric, value, _unit in bench.fhir_claim(0.001)}

    assert set(figures) == {"p50_ms", "p99_ms", "req_per_s"}
    assert figures["p99_ms"] >= figures["p50_ms"] > 0


def test_a_served_worker_freezes_what_it_loaded_once_loaded():
    # deploy/gunicorn.conf.py: the collector's full passes no longer walk what a worker loads at start.
    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        config["post_worker_init"](None)

        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
