"""A submitted batch is recalled by its facility until the fund has received it: the batch is being prepared
again and its files are drafts again, each with its audit event; after the receipt it can no longer be
recalled. Of the facility recalling and the fund receiving at once, the second is told who acted first."""

from __future__ import annotations

import datetime

import pytest

from sanad.claims.models import Batch, BillingFile
from sanad.claims.services.batches import (
    batch_create,
    batch_files_add,
    batch_files_remove,
    batch_recall,
    batch_receive,
    batch_submit,
)
from sanad.claims.statuses import BatchStatus, FileStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.claims.batches.conftest import SUBMITTED, TODAY
from tests.concurrency import at_once, errors_of, postgres_only

RECEIVED = datetime.date(2026, 4, 3)


@pytest.fixture(autouse=True)
def _no_background_work(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def submitted(desk, drafts):
    """A batch of two outpatient files of the centre, submitted on 1 April 2026."""
    batch = batch_create(actor=desk, group="outpatient", on=SUBMITTED)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[f.pk for f in drafts(2)])
    return batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)


def statuses(batch: Batch) -> set[str]:
    return set(BillingFile.objects.filter(batch=batch).values_list("status", flat=True))


def test_batch_recall_before_reception_gives_drafts_back_with_audit_events(desk, submitted):
    batch_recall(actor=desk, batch_id=submitted.pk)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.submitted_on) == (BatchStatus.OPEN, None)
    assert statuses(submitted) == {FileStatus.DRAFT}
    event = AuditEvent.objects.get(action="batch_recall", object_id=str(submitted.pk))
    assert (event.actor, event.before, event.after) == (
        desk,
        {"status": "submitted", "submitted_on": "2026-04-01"},
        {"status": "open", "files": 2},
    )
    recalled = AuditEvent.objects.filter(action="billing_file_recall")
    assert {(e.before["status"], e.after["status"]) for e in recalled} == {("submitted", "draft")}
    assert recalled.count() == 2


def test_a_recalled_batch_is_corrected_and_submitted_again(desk, submitted):
    batch_recall(actor=desk, batch_id=submitted.pk)
    first = BillingFile.objects.filter(batch=submitted).order_by("id").first()

    batch_files_remove(actor=desk, batch_id=submitted.pk, file_ids=[first.pk])
    batch_submit(actor=desk, batch_id=submitted.pk, on=TODAY)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.submitted_on) == (BatchStatus.SUBMITTED, TODAY)
    assert statuses(submitted) == {FileStatus.SUBMITTED}
    first.refresh_from_db()
    assert (first.status, first.batch_id) == (FileStatus.DRAFT, None)


def test_batch_recall_after_reception_is_refused_naming_who_received_it(desk, checker, submitted):
    batch_receive(actor=checker, batch_id=submitted.pk, received_on=RECEIVED, today=TODAY)

    with pytest.raises(DomainError) as caught:
        batch_recall(actor=desk, batch_id=submitted.pk)

    assert (caught.value.code, caught.value.field) == (ErrorCode.ILLEGAL_TRANSITION, "status")
    assert caught.value.message.startswith("Khadija a enregistré la réception de ce lot le ")
    assert "R-2026-0000001" in caught.value.message
    assert statuses(submitted) == {FileStatus.RECEIVED}


def test_the_fund_receiving_a_recalled_batch_is_told_who_recalled_it(desk, checker, submitted):
    batch_recall(actor=desk, batch_id=submitted.pk)

    with pytest.raises(DomainError) as caught:
        batch_receive(actor=checker, batch_id=submitted.pk, received_on=RECEIVED, today=TODAY)

    assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert caught.value.message.startswith("Mohamed a rappelé ce lot le ")
    submitted.refresh_from_db()
    assert (submitted.status, submitted.receipt_number) == (BatchStatus.OPEN, "")


def test_another_facility_cannot_recall_the_batch(hospital_desk, submitted):
    with pytest.raises(DomainError) as caught:
        batch_recall(actor=hospital_desk, batch_id=submitted.pk)

    assert caught.value.code == ErrorCode.NOT_FOUND
    submitted.refresh_from_db()
    assert submitted.status == BatchStatus.SUBMITTED


def test_the_facility_recalls_its_batch_from_its_page(client, desk, submitted):
    client.force_login(desk)
    shown = client.get(f"/claims/batches/{submitted.pk}/").content.decode()

    response = client.post(f"/claims/batches/{submitted.pk}/recall/")

    assert 'id="form-recall"' in shown
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == BatchStatus.OPEN


def test_the_reception_desk_is_told_on_its_page_who_recalled_the_batch(client, desk, checker, submitted):
    batch_recall(actor=desk, batch_id=submitted.pk)
    client.force_login(checker)

    response = client.post(
        f"/claims/batches/{submitted.pk}/receive/", {"received_on": RECEIVED.isoformat()}, follow=True
    )

    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert errors and errors[0].startswith("Mohamed a rappelé ce lot le ")


@pytest.mark.django_db(transaction=True)
def test_the_second_of_a_recall_and_a_receipt_at_once_is_told_who_acted(desk, checker, submitted):
    postgres_only()

    outcomes = at_once(
        [
            lambda: batch_recall(actor=desk, batch_id=submitted.pk),
            lambda: batch_receive(actor=checker, batch_id=submitted.pk, received_on=RECEIVED, today=TODAY),
        ]
    )

    errors = errors_of(outcomes)
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    assert errors[0].message.startswith(("Mohamed a rappelé ce lot", "Khadija a enregistré la réception"))
    submitted.refresh_from_db()
    assert submitted.status in (BatchStatus.OPEN, BatchStatus.RECEIVED)
    assert len(statuses(submitted)) == 1
