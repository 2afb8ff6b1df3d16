"""The batch pages: the facility's list and batch page, the fund's reception desk; who sees what."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sanad.claims.models import Batch, BillingFile
from sanad.claims.selectors.batches import batch_list_facility, batch_queue
from sanad.claims.services.batches import batch_create, batch_files_add, batch_receive, batch_submit
from sanad.claims.statuses import BatchStatus, FileStatus
from tests.claims.batches.conftest import SUBMITTED, TODAY


@pytest.fixture
def their_batch(hospital_desk, hospital, draft):
    """The national hospital's batch of one file, open."""
    batch = batch_create(actor=hospital_desk, group="outpatient", on=TODAY)
    batch_files_add(actor=hospital_desk, batch_id=batch.pk, file_ids=[draft(facility=hospital).pk])
    return batch


def test_the_facility_prepares_submits_and_prints_its_batch_through_the_pages(client, desk, drafts, draft):
    files = drafts(3)
    stay = draft(care_type="inpatient")  # another type: never offered for an outpatient batch
    client.force_login(desk)

    response = client.post("/claims/batches/new/", {"group": "outpatient"})
    batch = Batch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/claims/batches/{batch.pk}/"
    page = client.get(f"/claims/batches/{batch.pk}/").content.decode()
    assert all(f.invoice_number in page for f in files) and stay.invoice_number not in page

    client.post(f"/claims/batches/{batch.pk}/add/", {"files": [f.pk for f in files]})
    client.post(f"/claims/batches/{batch.pk}/remove/", {"files": [files[2].pk]})
    assert set(BillingFile.objects.filter(batch=batch).values_list("pk", flat=True)) == {
        files[0].pk,
        files[1].pk,
    }

    response = client.post(f"/claims/batches/{batch.pk}/submit/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.submitted_on) == (BatchStatus.SUBMITTED, timezone.localdate())
    slip = client.get(f"/claims/batches/{batch.pk}/slip.pdf")
    assert slip["Content-Type"] == "application/pdf" and slip.content.startswith(b"%PDF-")


def test_a_broken_rule_shows_next_to_the_files(client, desk, draft):
    client.force_login(desk)
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    stay = draft(care_type="inpatient")

    response = client.post(f"/claims/batches/{batch.pk}/add/", {"files": [stay.pk]})
    assert response.status_code == 400
    assert 'data-field="files"' in response.content.decode()
    response = client.post(f"/claims/batches/{batch.pk}/submit/")
    assert response.status_code == 400  # empty
    assert Batch.objects.get().status == BatchStatus.OPEN


def test_a_facility_never_sees_or_changes_another_facilitys_batch(client, desk, their_batch):
    client.force_login(desk)
    pk = their_batch.pk

    for url in (
        f"/claims/batches/{pk}/",
        f"/claims/batches/{pk}/slip.pdf",
        f"/claims/batches/{pk}/receipt.pdf",
    ):
        assert client.get(url).status_code == 404
    for url in (
        f"/claims/batches/{pk}/add/",
        f"/claims/batches/{pk}/remove/",
        f"/claims/batches/{pk}/submit/",
    ):
        assert client.post(url, {"files": []}).status_code == 404
    assert their_batch.number not in client.get("/claims/batches/").content.decode()
    their_batch.refresh_from_db()
    assert their_batch.status == BatchStatus.OPEN


def test_a_claims_checker_cannot_create_a_batch(client, checker, their_batch):
    client.force_login(checker)
    # A batch still being prepared is the facility's business: the fund does not see it.
    assert client.get(f"/claims/batches/{their_batch.pk}/").status_code == 404

    assert client.post("/claims/batches/new/", {"group": "outpatient"}).status_code == 403
    assert client.get("/claims/batches/").status_code == 403
    assert Batch.objects.get() == their_batch


def test_facility_staff_cannot_register_a_receipt(client, desk, drafts):
    batch = batch_create(actor=desk, group="outpatient", on=SUBMITTED)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[f.pk for f in drafts(1)])
    batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)
    client.force_login(desk)

    assert (
        client.post(f"/claims/batches/{batch.pk}/receive/", {"received_on": "2026-04-02"}).status_code == 403
    )
    assert client.get("/claims/reception/").status_code == 403
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SUBMITTED


def test_the_reception_desk_registers_the_receipt_and_the_facility_sees_it(client, desk, checker, drafts):
    batch = batch_create(actor=desk, group="outpatient", on=SUBMITTED)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[f.pk for f in drafts(2)])
    batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)
    client.force_login(desk)
    assert 'id="form-receive"' not in client.get(f"/claims/batches/{batch.pk}/").content.decode()
    client.force_login(checker)
    queue = client.get("/claims/reception/").content.decode()
    assert batch.number in queue and "Centre de santé de Teyarett" in queue
    assert 'id="form-receive"' in client.get(f"/claims/batches/{batch.pk}/").content.decode()

    response = client.post(f"/claims/batches/{batch.pk}/receive/", {"received_on": SUBMITTED.isoformat()})

    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.received_on, batch.received_by) == (BatchStatus.RECEIVED, SUBMITTED, checker)
    assert set(BillingFile.objects.filter(batch=batch).values_list("status", flat=True)) == {
        FileStatus.RECEIVED
    }
    assert batch.number not in client.get("/claims/reception/").content.decode()
    client.force_login(desk)
    page = client.get(f"/claims/batches/{batch.pk}/").content.decode()
    assert batch.receipt_number in page and 'id="receipt-link"' in page
    receipt = client.get(f"/claims/batches/{batch.pk}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF-")


def test_a_date_of_receipt_in_the_future_is_shown_at_its_field(client, desk, checker, drafts):
    batch = batch_create(actor=desk, group="outpatient", on=SUBMITTED)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[f.pk for f in drafts(1)])
    batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)
    client.force_login(checker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(f"/claims/batches/{batch.pk}/receive/", {"received_on": tomorrow.isoformat()})

    assert response.status_code == 400
    assert 'data-field="received_on"' in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SUBMITTED


def test_the_receipt_pdf_exists_once_the_batch_is_received(client, desk, drafts):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[f.pk for f in drafts(1)])
    client.force_login(desk)

    assert client.get(f"/claims/batches/{batch.pk}/receipt.pdf").status_code == 404


def test_the_facilitys_batches_page_by_key_newest_first_and_filter_by_status(desk, hospital_desk, drafts):
    batches = [batch_create(actor=desk, group="outpatient", on=TODAY) for _ in range(5)]
    batch_create(actor=hospital_desk, group="outpatient", on=TODAY)
    batch_files_add(actor=desk, batch_id=batches[1].pk, file_ids=[f.pk for f in drafts(2)])
    batch_submit(actor=desk, batch_id=batches[1].pk, on=TODAY)
    newest_first = [b.pk for b in reversed(batches)]

    first = batch_list_facility(user=desk, size=2)
    second = batch_list_facility(user=desk, after=first.next_after, size=2)
    third = batch_list_facility(user=desk, after=second.next_after, size=2)
    back = batch_list_facility(user=desk, before=third.prev_before, size=2)
    submitted = batch_list_facility(user=desk, status=BatchStatus.SUBMITTED)

    assert [b.pk for b in first.rows + second.rows + third.rows] == newest_first
    assert third.next_after is None and first.prev_before is None
    assert [b.pk for b in back.rows] == [b.pk for b in second.rows]
    assert [b.pk for b in batch_list_facility(user=desk, after=back.next_after, size=2).rows] == [
        b.pk for b in third.rows
    ]
    assert [(b.pk, b.file_count) for b in submitted.rows] == [(batches[1].pk, 2)]


def test_the_reception_desk_lists_submitted_batches_oldest_first(
    checker, desk, hospital_desk, drafts, draft, hospital
):
    early = batch_create(actor=hospital_desk, group="outpatient", on=TODAY)
    batch_files_add(actor=hospital_desk, batch_id=early.pk, file_ids=[draft(facility=hospital).pk])
    batch_submit(actor=hospital_desk, batch_id=early.pk, on=datetime.date(2026, 3, 30))
    late = batch_create(actor=desk, group="outpatient", on=TODAY)
    batch_files_add(actor=desk, batch_id=late.pk, file_ids=[f.pk for f in drafts(3)])
    batch_submit(actor=desk, batch_id=late.pk, on=SUBMITTED)
    batch_create(actor=desk, group="outpatient", on=TODAY)  # open: not at the desk yet
    received = batch_create(actor=desk, group="outpatient", on=TODAY)
    batch_files_add(actor=desk, batch_id=received.pk, file_ids=[f.pk for f in drafts(1)])
    batch_submit(actor=desk, batch_id=received.pk, on=datetime.date(2026, 3, 1))
    batch_receive(actor=checker, batch_id=received.pk, today=TODAY)

    page = batch_queue(user=checker)
    first = batch_queue(user=checker, size=1)

    assert [(b.pk, b.facility.code, b.file_count) for b in page.rows] == [
        (early.pk, "CHN-01", 1),
        (late.pk, "CS-001", 3),
    ]
    assert [b.pk for b in batch_queue(user=checker, after=first.next_after, size=1).rows] == [late.pk]
