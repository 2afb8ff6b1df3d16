"""The `authorizations` benchmark (issue 17, §4): it runs on a generated mix for each fund, prints its
figures (requests checked and decided or routed per second, the share decided automatically, and the
reference measured in the same run) and leaves the database as it found it."""

from __future__ import annotations

import json

import pytest

from sanad.authorizations.models import AuthorizationRequest
from sanad.common.benchmarks import discover, run_benches


@pytest.mark.parametrize("fund", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_the_bench_prints_its_figures_for_every_fund(db, settings, fund):
    settings.SANAD_FUND = fund
    bench = discover()["authorizations"]

    figures = {f["metric"]: f for f in map(json.loads, run_benches([bench], scale=0.01))}

    assert bench.needs_database
    assert list(figures) == ["requests_per_s", "auto_share", "reference_inserts_per_s", "inserts_per_request"]
    assert all(f["bench"] == "authorizations" and f["value"] > 0 for f in figures.values())
    assert 0 < figures["auto_share"]["value"] < 100  # some approved at once, the rest to the adviser
    assert not AuthorizationRequest.objects.exists()
