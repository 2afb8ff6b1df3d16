"""A settlement run is resumable: killed at any point (between chunks or in the middle of one) and started
again, it ends with the same totals and the same orders as a run never interrupted, none of them twice."""

from __future__ import annotations

import pytest

from sanad.payments.models import PaymentOrder, SettledFile
from sanad.payments.services import runs as runs_module
from sanad.payments.services import (
    settlement_run_cancel,
    settlement_run_gather,
    settlement_run_start,
)
from sanad.payments.statuses import RunStatus
from tests.payments.conftest import RECEIVED, TODAY, make_member, validated_file

pytestmark = pytest.mark.django_db


class Killed(Exception):
    """The process dies: whatever its transaction held is rolled back."""


@pytest.fixture
def files(centre, rib_centre):
    members = [make_member() for _ in range(3)]
    for n in range(23):
        if n % 4 == 3:
            validated_file(
                centre, member=members[n % 3], reimbursement=True, billed="120.50", fund_share="96.40"
            )
        else:
            validated_file(centre if n % 2 else rib_centre, billed=f"{100 + n}.15", fund_share=f"{80 + n}.12")


def outcome(run):
    orders = sorted(
        PaymentOrder.objects.filter(run=run).values_list("payee_key", "files", "billed", "fund_share")
    )
    return (run.files, run.orders, run.billed, run.fund_share, run.patient_share), orders


def start(actor):
    return settlement_run_start(actor=actor, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)


def test_a_run_killed_half_way_and_started_again_ends_with_the_same_totals_and_no_order_twice(
    officer, files, monkeypatch
):
    run = start(officer)
    settlement_run_gather(run_id=run.pk, chunk=4, chunks=2)  # killed after two chunks
    run.refresh_from_db()
    assert (run.status, run.files_done) == (RunStatus.PREPARING, 8)
    # Killed again, in the middle of a chunk: its orders were added, its files not yet written.
    real_insert = runs_module.rows_insert

    def dies(*args, **kwargs):
        raise Killed

    monkeypatch.setattr(runs_module, "rows_insert", dies)
    with pytest.raises(Killed):
        settlement_run_gather(run_id=run.pk, chunk=4)
    monkeypatch.setattr(runs_module, "rows_insert", real_insert)
    run.refresh_from_db()
    assert run.files_done == 8
    interrupted = outcome(settlement_run_gather(run_id=run.pk, chunk=4))
    # The same files settled by a run never interrupted.
    settlement_run_cancel(actor=officer, run_id=run.pk)
    whole = outcome(settlement_run_gather(run_id=start(officer).pk, chunk=100))

    assert interrupted == whole
    assert whole[0][:2] == (23, 5)
    keys = [key for key, *_rest in whole[1]]
    assert len(keys) == len(set(keys))


def test_a_run_started_again_once_prepared_changes_nothing(officer, files):
    run = settlement_run_gather(run_id=start(officer).pk, chunk=5)
    before = outcome(run)

    again = settlement_run_gather(run_id=run.pk, chunk=5)

    assert outcome(again) == before
    assert SettledFile.objects.filter(run=run).count() == 23


def test_a_cancelled_run_gives_its_files_back_to_the_next_run(officer, files):
    run = settlement_run_gather(run_id=start(officer).pk)
    settlement_run_cancel(actor=officer, run_id=run.pk)

    assert not SettledFile.objects.filter(run=run).exists()
    assert settlement_run_gather(run_id=start(officer).pk).files == 23
