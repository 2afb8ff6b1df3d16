"""The facility's batches: at most 30 files of one type, its own drafts only, each file in one batch,
submitted all or nothing (DOMAIN.md, CNOPS: batches of at most 30 grouped by type, with a slip)."""

from __future__ import annotations

import pytest

from sanad.claims.models import Batch, BillingFile
from sanad.claims.services.batches import (
    batch_create,
    batch_files_add,
    batch_files_remove,
    batch_submit,
)
from sanad.claims.statuses import BatchStatus, FileStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.claims.batches.conftest import SUBMITTED, TODAY
from tests.concurrency import at_once, errors_of, postgres_only


def ids(files: list[BillingFile]) -> list[int]:
    return [f.pk for f in files]


def statuses(files: list[BillingFile]) -> set[str]:
    return set(BillingFile.objects.filter(pk__in=ids(files)).values_list("status", flat=True))


def test_a_batch_is_numbered_per_facility_and_year(desk, hospital_desk):
    first = batch_create(actor=desk, group="outpatient", on=TODAY)
    second = batch_create(actor=desk, group="inpatient", on=TODAY)
    elsewhere = batch_create(actor=hospital_desk, group="outpatient", on=TODAY)

    assert (first.number, second.number, elsewhere.number) == ("B-2026-00001", "B-2026-00002", "B-2026-00001")
    assert (first.status, first.group, first.created_by) == (BatchStatus.OPEN, "outpatient", desk)
    assert AuditEvent.objects.filter(action="batch_create").count() == 3


def test_a_batch_is_of_one_of_the_profiles_groups(desk):
    with pytest.raises(DomainError) as error:
        batch_create(actor=desk, group="pharmacy", on=TODAY)

    assert error.value.field == "group"
    assert not Batch.objects.exists()


def test_a_batch_of_31_files_is_refused(desk, drafts):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    files = drafts(31)

    with pytest.raises(DomainError) as error:
        batch_files_add(actor=desk, batch_id=batch.pk, file_ids=ids(files))

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID, "files")
    assert not BillingFile.objects.filter(batch=batch).exists()  # nothing added


def test_a_batch_holds_at_most_the_profiles_number_of_files(desk, drafts):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    files = drafts(31)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=ids(files[:30]))

    with pytest.raises(DomainError) as error:
        batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[files[30].pk])

    assert error.value.field == "files"
    assert BillingFile.objects.filter(batch=batch).count() == 30


def test_a_batch_of_mixed_types_is_refused(desk, draft):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    consultation, stay = draft(), draft(care_type="inpatient")

    with pytest.raises(DomainError) as error:
        batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[consultation.pk, stay.pk])

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID, "files")
    assert not BillingFile.objects.filter(batch=batch).exists()


def test_a_day_hospital_file_goes_with_the_inpatient_files(desk, draft):
    # The profile's groups: inpatient = inpatient + day hospital.
    batch = batch_create(actor=desk, group="inpatient", on=TODAY)
    files = [draft(care_type="inpatient"), draft(care_type="day_hospital")]

    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=ids(files))

    assert BillingFile.objects.filter(batch=batch).count() == 2


def test_only_the_facilitys_own_files_may_join_its_batch(desk, draft, hospital):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    theirs = draft(facility=hospital)

    with pytest.raises(DomainError) as error:
        batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[theirs.pk])

    assert (error.value.code, error.value.field) == (ErrorCode.NOT_FOUND, "files")
    theirs.refresh_from_db()
    assert theirs.batch_id is None


def test_only_draft_files_may_join_a_batch(desk, draft):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    received = draft()
    BillingFile.objects.filter(pk=received.pk).update(status=FileStatus.RECEIVED)

    with pytest.raises(DomainError) as error:
        batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[received.pk])

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID, "files")


def test_a_file_is_in_one_batch_only(desk, draft):
    first = batch_create(actor=desk, group="outpatient", on=TODAY)
    second = batch_create(actor=desk, group="outpatient", on=TODAY)
    billing_file = draft()
    batch_files_add(actor=desk, batch_id=first.pk, file_ids=[billing_file.pk])

    with pytest.raises(DomainError) as error:
        batch_files_add(actor=desk, batch_id=second.pk, file_ids=[billing_file.pk])

    assert (error.value.code, error.value.field) == (ErrorCode.CONFLICT, "files")
    billing_file.refresh_from_db()
    assert billing_file.batch_id == first.pk


def test_a_file_taken_out_may_join_another_batch(desk, draft):
    first = batch_create(actor=desk, group="outpatient", on=TODAY)
    second = batch_create(actor=desk, group="outpatient", on=TODAY)
    billing_file = draft()
    batch_files_add(actor=desk, batch_id=first.pk, file_ids=[billing_file.pk])

    batch_files_remove(actor=desk, batch_id=first.pk, file_ids=[billing_file.pk])
    batch_files_add(actor=desk, batch_id=second.pk, file_ids=[billing_file.pk])

    billing_file.refresh_from_db()
    assert (billing_file.batch_id, billing_file.status) == (second.pk, FileStatus.DRAFT)
    assert AuditEvent.objects.filter(action="batch_files_remove", object_id=str(first.pk)).exists()


def test_only_files_of_the_batch_can_be_taken_out(desk, draft):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    outside = draft()

    with pytest.raises(DomainError) as error:
        batch_files_remove(actor=desk, batch_id=batch.pk, file_ids=[outside.pk])

    assert error.value.field == "files"


def test_an_empty_batch_cannot_be_submitted(desk):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)

    with pytest.raises(DomainError) as error:
        batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)

    assert (error.value.code, error.value.field) == (ErrorCode.REQUIRED, "files")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.OPEN


def test_submitting_moves_the_batch_and_every_file_to_submitted(desk, drafts):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    files = drafts(3)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=ids(files))

    batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)

    batch.refresh_from_db()
    assert (batch.status, batch.submitted_on) == (BatchStatus.SUBMITTED, SUBMITTED)
    assert statuses(files) == {FileStatus.SUBMITTED}
    events = AuditEvent.objects.filter(action="billing_file_submit")
    assert sorted(int(e.object_id) for e in events) == sorted(ids(files))
    assert {e.before["status"] for e in events} == {"draft"}
    assert AuditEvent.objects.get(action="batch_submit").actor == desk


def test_submitting_is_all_or_nothing(desk, drafts):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    files = drafts(3)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=ids(files))
    # A file that moved on meanwhile (an illegal start for the submit step).
    BillingFile.objects.filter(pk=files[1].pk).update(status=FileStatus.RECEIVED)

    with pytest.raises(DomainError) as error:
        batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)

    assert error.value.code == ErrorCode.ILLEGAL_TRANSITION
    batch.refresh_from_db()
    assert (batch.status, batch.submitted_on) == (BatchStatus.OPEN, None)
    assert statuses([files[0], files[2]]) == {FileStatus.DRAFT}
    assert not AuditEvent.objects.filter(action__in=["billing_file_submit", "batch_submit"]).exists()


def test_a_submitted_batch_is_closed_to_changes(desk, drafts):
    batch = batch_create(actor=desk, group="outpatient", on=TODAY)
    files = drafts(2)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[files[0].pk])
    batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)

    for call, file_id in ((batch_files_add, files[1].pk), (batch_files_remove, files[0].pk)):
        with pytest.raises(DomainError) as error:
            call(actor=desk, batch_id=batch.pk, file_ids=[file_id])
        assert (error.value.code, error.value.field) == (ErrorCode.ILLEGAL_TRANSITION, "status")
    with pytest.raises(DomainError):
        batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)
    assert BillingFile.objects.filter(batch=batch).count() == 1


def test_a_claims_checker_cannot_create_a_batch(checker):
    with pytest.raises(DomainError) as error:
        batch_create(actor=checker, group="outpatient", on=TODAY)

    assert error.value.code == ErrorCode.FORBIDDEN
    assert not Batch.objects.exists()


def test_a_facility_cannot_change_another_facilitys_batch(desk, hospital_desk, draft, hospital):
    theirs = batch_create(actor=hospital_desk, group="outpatient", on=TODAY)
    their_file = draft(facility=hospital)
    batch_files_add(actor=hospital_desk, batch_id=theirs.pk, file_ids=[their_file.pk])

    for call in (batch_files_add, batch_files_remove):
        with pytest.raises(DomainError) as error:
            call(actor=desk, batch_id=theirs.pk, file_ids=[their_file.pk])
        assert (error.value.code, error.value.field) == (ErrorCode.NOT_FOUND, "batch")
    with pytest.raises(DomainError) as error:
        batch_submit(actor=desk, batch_id=theirs.pk, on=SUBMITTED)
    assert error.value.code == ErrorCode.NOT_FOUND
    theirs.refresh_from_db()
    assert theirs.status == BatchStatus.OPEN


@pytest.mark.django_db(transaction=True)
def test_batch_numbers_have_no_duplicate_under_concurrency(desk):
    postgres_only()

    def open_batches() -> None:
        for _ in range(4):
            batch_create(actor=desk, group="outpatient", on=TODAY)

    errors = errors_of(at_once([open_batches] * 3))

    assert not errors
    numbers = sorted(Batch.objects.values_list("number", flat=True))
    assert numbers == [f"B-2026-{n:05d}" for n in range(1, 13)]
