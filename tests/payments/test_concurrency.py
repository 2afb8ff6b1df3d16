"""Two settlement runs started at the same moment over the same files: one is refused cleanly (or, if the
first was already over, finds nothing left), and no file is settled twice (PostgreSQL's locks; SQLite's
in-memory test database cannot hold two writers)."""

from __future__ import annotations

import pytest

from sanad.common.errors import DomainError
from sanad.payments.models import SettledFile
from sanad.payments.services import settlement_run_gather, settlement_run_start
from tests.concurrency import at_once, postgres_only
from tests.payments.conftest import RECEIVED, TODAY, validated_file


@pytest.mark.django_db(transaction=True)
def test_two_runs_started_at_once_settle_every_file_once(officer, approver, centre, rib_centre):
    postgres_only()
    files = [validated_file(centre if n % 2 else rib_centre) for n in range(30)]

    def run_by(actor, region):
        def call():
            run = settlement_run_start(
                actor=actor, period_start=RECEIVED, period_end=RECEIVED, region=region, on=TODAY
            )
            return settlement_run_gather(run_id=run.pk, chunk=4)

        return call

    # Both over every region: whichever starts first settles every file; the other is refused cleanly (one
    # run in preparation at a time) or, started after it, finds nothing left to settle.
    outcomes = at_once([run_by(officer, ""), run_by(approver, "")])

    errors = [error for _run, error in outcomes if error is not None]
    assert all(isinstance(error, DomainError) for error in errors), errors
    runs = [run for run, error in outcomes if error is None]
    assert runs
    assert sum(run.files for run in runs) == len(files)
    assert SettledFile.objects.count() == len(files)
    assert sorted(SettledFile.objects.values_list("billing_file", flat=True)) == sorted(f.pk for f in files)


@pytest.mark.django_db(transaction=True)
def test_the_same_run_resumed_twice_at_once_settles_every_file_once(officer, centre):
    postgres_only()
    for _n in range(20):
        validated_file(centre)
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)

    outcomes = at_once([lambda: settlement_run_gather(run_id=run.pk, chunk=3)] * 2)

    assert [error for _r, error in outcomes if error is not None] == []
    run.refresh_from_db()
    assert (run.files, run.orders) == (20, 1)
    assert SettledFile.objects.filter(run=run).count() == 20
