"""The fund's receipt of a batch: numbered, dated when the papers arrived, every file received with its
processing clock; then the engine decides (the time bar is judged on the date received)."""

from __future__ import annotations

import datetime

import pytest

from sanad.claims.models import Batch, BillingFile, FileDecision
from sanad.claims.services.batches import batch_create, batch_files_add, batch_receive, batch_submit
from sanad.claims.signals import billing_files_received
from sanad.claims.statuses import BatchStatus, FileStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.claims.batches.conftest import SUBMITTED, TODAY
from tests.concurrency import at_once, errors_of, postgres_only

RECEIVED = datetime.date(2026, 4, 3)
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def submitted(desk, drafts):
    """`submitted(n)`: a batch of n outpatient files of the centre, submitted on 1 April 2026."""

    def make(n: int = 2, *, on: datetime.date = SUBMITTED, **fields) -> Batch:
        batch = batch_create(actor=desk, group="outpatient", on=on)
        batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[f.pk for f in drafts(n, **fields)])
        return batch_submit(actor=desk, batch_id=batch.pk, on=on)

    return make


@pytest.fixture
def dummy_tasks(settings):
    """Tasks are only recorded by the backend, never run."""
    settings.TASKS = DUMMY
    from django_tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend


def test_the_receipt_sets_received_on_and_due_on_on_every_file(checker, submitted):
    batch = submitted(3)

    batch_receive(actor=checker, batch_id=batch.pk, received_on=RECEIVED, today=TODAY)

    batch.refresh_from_db()
    assert (batch.status, batch.received_on, batch.received_by) == (BatchStatus.RECEIVED, RECEIVED, checker)
    assert batch.receipt_number == "R-2026-0000001"
    files = BillingFile.objects.filter(batch=batch)
    # The processing clock: 30 calendar days from the day the papers arrived (CNASS profile).
    assert {(f.status, f.received_on, f.due_on) for f in files} == {
        (FileStatus.RECEIVED, RECEIVED, datetime.date(2026, 5, 3))
    }
    events = AuditEvent.objects.filter(action="billing_file_receive")
    assert sorted(int(e.object_id) for e in events) == sorted(f.pk for f in files)
    event = AuditEvent.objects.get(action="batch_receive")
    assert (event.actor, event.after["receipt_number"]) == (checker, "R-2026-0000001")


def test_receipt_numbers_are_unique_and_follow_each_other(checker, submitted):
    first, second = submitted(1), submitted(1)

    batch_receive(actor=checker, batch_id=first.pk, received_on=RECEIVED, today=TODAY)
    batch_receive(actor=checker, batch_id=second.pk, received_on=RECEIVED, today=TODAY)

    numbers = list(Batch.objects.order_by("id").values_list("receipt_number", flat=True))
    assert numbers == ["R-2026-0000001", "R-2026-0000002"]


def test_the_date_of_receipt_defaults_to_today(checker, submitted):
    batch = submitted(1)

    batch_receive(actor=checker, batch_id=batch.pk, today=TODAY)

    assert BillingFile.objects.get(batch=batch).received_on == TODAY


def test_the_date_of_receipt_cannot_be_in_the_future(checker, submitted):
    batch = submitted(1)

    with pytest.raises(DomainError) as error:
        batch_receive(
            actor=checker, batch_id=batch.pk, received_on=TODAY + datetime.timedelta(days=1), today=TODAY
        )

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID, "received_on")


def test_the_date_of_receipt_cannot_precede_the_submission(checker, submitted):
    batch = submitted(1)

    with pytest.raises(DomainError) as error:
        batch_receive(
            actor=checker, batch_id=batch.pk, received_on=SUBMITTED - datetime.timedelta(days=1), today=TODAY
        )

    assert error.value.field == "received_on"
    batch.refresh_from_db()
    assert (batch.status, batch.receipt_number) == (BatchStatus.SUBMITTED, "")


def test_a_batch_is_received_once(checker, submitted):
    batch = submitted(1)
    batch_receive(actor=checker, batch_id=batch.pk, received_on=RECEIVED, today=TODAY)

    with pytest.raises(DomainError) as error:
        batch_receive(actor=checker, batch_id=batch.pk, received_on=TODAY, today=TODAY)

    assert (error.value.code, error.value.field) == (ErrorCode.CONFLICT, "status")
    batch.refresh_from_db()
    assert (batch.receipt_number, batch.received_on) == ("R-2026-0000001", RECEIVED)


def test_only_a_submitted_batch_can_be_received(checker, desk):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)

    with pytest.raises(DomainError) as error:
        batch_receive(actor=checker, batch_id=batch.pk, today=TODAY)

    assert (error.value.code, error.value.field) == (ErrorCode.ILLEGAL_TRANSITION, "status")


def test_facility_staff_cannot_register_a_receipt(desk, submitted):
    batch = submitted(1)

    with pytest.raises(DomainError) as error:
        batch_receive(actor=desk, batch_id=batch.pk, today=TODAY)

    assert error.value.code == ErrorCode.FORBIDDEN
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SUBMITTED


def test_the_receipt_is_all_or_nothing(checker, submitted):
    batch = submitted(3)
    files = list(BillingFile.objects.filter(batch=batch).order_by("id"))
    # One file is no longer waiting for its receipt: its step is illegal, so nothing may change.
    BillingFile.objects.filter(pk=files[2].pk).update(status=FileStatus.DRAFT)

    with pytest.raises(DomainError) as error:
        batch_receive(actor=checker, batch_id=batch.pk, received_on=RECEIVED, today=TODAY)

    assert error.value.code == ErrorCode.ILLEGAL_TRANSITION
    batch.refresh_from_db()
    assert (batch.status, batch.received_on, batch.receipt_number) == (BatchStatus.SUBMITTED, None, "")
    assert set(BillingFile.objects.filter(batch=batch).values_list("received_on", "due_on")) == {(None, None)}
    assert not AuditEvent.objects.filter(action__in=["billing_file_receive", "batch_receive"]).exists()


def test_in_the_receipts_transaction_the_fund_is_told_and_the_engine_is_enqueued(
    checker, submitted, dummy_tasks, django_capture_on_commit_callbacks
):
    batch = submitted(2)
    heard: list[list[int]] = []

    def listen(sender, file_ids, **kwargs):
        heard.append(sorted(file_ids))

    billing_files_received.connect(listen)
    try:
        # Nothing waits for the commit (a transactional outbox): a kill after it loses neither.
        with django_capture_on_commit_callbacks(execute=False):
            batch_receive(actor=checker, batch_id=batch.pk, received_on=RECEIVED, today=TODAY)
            file_ids = sorted(BillingFile.objects.filter(batch=batch).values_list("id", flat=True))
            assert heard == [file_ids]
            [result] = dummy_tasks.results
    finally:
        billing_files_received.disconnect(listen)

    assert result.task.name == "billing_files_adjudicate_task"
    assert (sorted(result.args[0]), result.args[1]) == (file_ids, TODAY.isoformat())


def test_the_time_bar_is_judged_on_the_date_received(
    checker, desk, draft, settings, tariff, django_capture_on_commit_callbacks
):
    # Care on 10 March 2026, a 3-month time bar: 10 June is the last day. Both batches were submitted
    # on 9 June; the papers of one arrived on the 10th, of the other on the 11th.
    settings.TASKS = IMMEDIATE
    june_9, june_10, june_11 = (datetime.date(2026, 6, d) for d in (9, 10, 11))
    on_time = batch_create(actor=desk, group="outpatient", on=june_9)
    late = batch_create(actor=desk, group="outpatient", on=june_9)
    first = draft()
    from tests.claims.conftest import make_member

    second = draft(member=make_member())
    batch_files_add(actor=desk, batch_id=on_time.pk, file_ids=[first.pk])
    batch_files_add(actor=desk, batch_id=late.pk, file_ids=[second.pk])
    for batch in (on_time, late):
        batch_submit(actor=desk, batch_id=batch.pk, on=june_9)

    with django_capture_on_commit_callbacks(execute=True):
        batch_receive(actor=checker, batch_id=on_time.pk, received_on=june_10, today=june_11)
    with django_capture_on_commit_callbacks(execute=True):
        batch_receive(actor=checker, batch_id=late.pk, received_on=june_11, today=june_11)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.received_on, second.received_on) == (june_10, june_11)
    assert "time_barred" not in reasons(first)
    assert "time_barred" in reasons(second)
    assert second.status == FileStatus.REJECTED


def reasons(billing_file: BillingFile) -> set[str]:
    """The reason codes of the file's current decision, on the file and on its lines."""
    decision = FileDecision.objects.get(billing_file=billing_file, is_current=True)
    codes = {f["code"] for f in decision.findings}
    for outcome in decision.lines.all():
        codes |= {f["code"] for f in outcome.findings}
    return codes


@pytest.mark.django_db(transaction=True)
def test_two_clerks_receiving_the_same_batch_give_one_receipt(checker, submitted, make_user):
    postgres_only()
    from sanad.common.permissions import Role

    clerks = [checker, make_user("ahmed", Role.CLAIMS_CHECKER)]
    batch = submitted(3)

    errors = errors_of(
        at_once(
            [
                lambda clerk=clerk: batch_receive(
                    actor=clerk, batch_id=batch.pk, received_on=RECEIVED, today=TODAY
                )
                for clerk in clerks
            ]
        )
    )

    assert len(errors) == 1
    assert isinstance(errors[0], DomainError) and errors[0].code == ErrorCode.CONFLICT
    batch.refresh_from_db()
    assert batch.receipt_number == "R-2026-0000001"
    assert AuditEvent.objects.filter(action="batch_receive").count() == 1
    assert AuditEvent.objects.filter(action="billing_file_receive").count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_clerks_receiving_two_batches_give_two_receipt_numbers(checker, submitted, make_user):
    postgres_only()
    from sanad.common.permissions import Role

    clerks = [checker, make_user("ahmed", Role.CLAIMS_CHECKER)]
    batches = [submitted(2), submitted(2)]

    errors = errors_of(
        at_once(
            [
                lambda clerk=clerk, batch=batch: batch_receive(
                    actor=clerk, batch_id=batch.pk, received_on=RECEIVED, today=TODAY
                )
                for clerk, batch in zip(clerks, batches, strict=True)
            ]
        )
    )

    assert not errors
    numbers = sorted(Batch.objects.values_list("receipt_number", flat=True))
    assert numbers == ["R-2026-0000001", "R-2026-0000002"]


def test_a_number_taken_meanwhile_by_another_clerk_is_skipped(checker, submitted, monkeypatch):
    # What a concurrent clerk causes: the serial read is already taken when the receipt is written.
    from sanad.claims.services import batches

    first, second = submitted(1), submitted(1)
    batch_receive(actor=checker, batch_id=first.pk, received_on=RECEIVED, today=TODAY)
    real, stale = batches._serial_next, iter([1])
    monkeypatch.setattr(batches, "_serial_next", lambda *args: next(stale, None) or real(*args))

    batch_receive(actor=checker, batch_id=second.pk, received_on=RECEIVED, today=TODAY)

    second.refresh_from_db()
    assert (second.status, second.receipt_number) == (BatchStatus.RECEIVED, "R-2026-0000002")
    assert set(BillingFile.objects.filter(batch=second).values_list("status", flat=True)) == {
        FileStatus.RECEIVED
    }
