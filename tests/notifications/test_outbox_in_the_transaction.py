"""A transactional outbox (issue #16, section 3): every message is written in the transaction of the change
it announces, so that a run killed at any point loses no SMS and sends none twice.

"Killed after the commit" is simulated by dropping the on-commit callbacks (the send tasks): the messages
must be in the outbox all the same, and `outbox_sweep` must send each of them exactly once.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import logging
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from sanad.adjudication import CareType
from sanad.catalog.models import Act, BenefitPackageEntry, KeyLetterValue
from sanad.claims.models import Batch, BillingFile
from sanad.claims.services import billing_file_register, billing_file_validate, billing_files_adjudicate
from sanad.claims.services.batches import batch_create, batch_files_add, batch_receive, batch_submit
from sanad.claims.services.complaints import complaint_answer, complaint_register
from sanad.claims.signals import billing_files_decided
from sanad.claims.statuses import BatchStatus, FileStatus
from sanad.common.permissions import Role
from sanad.notifications import services
from sanad.notifications.models import Message
from sanad.notifications.services import MessageInput, message_queue_many, outbox_sweep
from sanad.notifications.statuses import MessageStatus
from sanad.notifications.texts import ClaimTemplate, MessageTemplate
from sanad.providers.models import FacilityStaff
from sanad.registry.models import Enrollment, Member
from tests.claims.batches.conftest import SUBMITTED, draft_make
from tests.claims.complaints import conftest as cnss
from tests.notifications.conftest import DATABASE
from tests.notifications.test_receivers import _enroll

CNSS_PHONE = "+212612345678"
CNASS_PHONE = "+22236123456"
BATCH_TODAY = datetime.date(2026, 4, 6)
BATCH_RECEIVED = datetime.date(2026, 4, 3)


def _killed_after_commit(django_capture_on_commit_callbacks):
    """The change commits, then the process dies: the on-commit callbacks (the send tasks) never run."""
    return django_capture_on_commit_callbacks(execute=False)


def _sweep_sends_each_once(sms_file) -> list[Message]:
    """The sweep finds every message whose task was lost and sends it once; a second sweep sends none."""
    queued = list(Message.objects.filter(status=MessageStatus.QUEUED))
    assert outbox_sweep() == len(queued)
    assert outbox_sweep() == 0
    sent = list(Message.objects.order_by("pk"))
    assert {m.status for m in sent} == {MessageStatus.SENT}
    references = [line["reference"] for line in sms_file()]
    assert sorted(references) == sorted(str(m.pk) for m in sent)  # each once, none twice
    return sent


# ---- The CNSS world: a file decided by a checker, a complaint answered ----------------------------------


@pytest.fixture
def cnss_world(settings, tmp_path, make_user, monkeypatch, db):
    """The CNSS centre and its tariff; outpatient files need the invoice (a file without it waits for the
    checker), no random review sample."""
    from sanad.catalog import snapshot

    settings.SANAD_FUND = cnss.FUND
    settings.MEDIA_ROOT = tmp_path / "media"
    rules = snapshot.profile_rules
    required = {CareType.OUTPATIENT: frozenset({"invoice"})}
    monkeypatch.setattr(
        snapshot,
        "profile_rules",
        lambda profile: dataclasses.replace(
            rules(profile), required_documents=required, review_sample_rate=0
        ),
    )
    _tariff(cnss.FUND, cnss.CONSULTATION, cnss.START)
    return {
        "centre": cnss.centre_create(),
        "checker": make_user("khadija", Role.CLAIMS_CHECKER),
        "member": cnss.make_member(phone=CNSS_PHONE),
    }


def _tariff(fund: str, consultation: Decimal, start: datetime.date) -> None:
    """The consultation CON-C (key letter C) in the fund's benefit package."""
    KeyLetterValue.objects.create(letter="C", value=consultation, valid_from=start)
    Act.objects.create(
        code="CON-C",
        label_fr="Consultation",
        category="consultation",
        key_letter="C",
        coefficient=Decimal("1"),
        valid_from=start,
    )
    BenefitPackageEntry.objects.create(fund=fund, code="CON-C", kind="act", valid_from=start)


def _waiting_for_the_checker(world) -> BillingFile:
    billing_file = billing_file_register(
        actor=None,
        sheet=cnss.sheet_for(world["centre"], member=world["member"]),
        invoice_number="F-00042",
        received_on=cnss.TODAY,
    )
    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=cnss.TODAY)
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.ADMIN_CHECK
    return billing_file


def test_messages_written_in_the_transaction_of_a_file_decided_by_a_checker(
    cnss_world, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    billing_file = _waiting_for_the_checker(cnss_world)
    before = set(Message.objects.values_list("pk", flat=True))  # the SMS of the file received

    with _killed_after_commit(django_capture_on_commit_callbacks):
        decision = billing_file_validate(
            actor=cnss_world["checker"], file_id=billing_file.pk, note="Facture reçue", on=cnss.TODAY
        )

    [message] = Message.objects.exclude(pk__in=before)
    assert message.template == ClaimTemplate.FILE_VALIDATED_FACILITY
    assert message.dedupe_key == f"claims.decided:{billing_file.pk}:{decision.pk}"
    assert message.status == MessageStatus.QUEUED and sms_file() == []  # its send task was lost
    _sweep_sends_each_once(sms_file)


def test_messages_written_in_the_transaction_of_a_complaint_answered(
    cnss_world, alice, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    complaint = complaint_register(
        actor=alice,
        complainant="insured",
        region=cnss.REGION,
        subject="The consultation was not reimbursed.",
        received_on=cnss.TODAY,
        member_id=cnss_world["member"].pk,
    )

    with _killed_after_commit(django_capture_on_commit_callbacks):
        complaint_answer(actor=alice, complaint_id=complaint.pk, answer="Paid.", uphold=False, on=cnss.TODAY)

    [message] = Message.objects.all()
    assert (message.template, message.object_id) == (ClaimTemplate.COMPLAINT_ANSWERED, str(complaint.pk))
    _sweep_sends_each_once(sms_file)


def test_a_receiver_failure_does_not_undo_the_decision(cnss_world, monkeypatch, caplog):
    from sanad.notifications import receivers_claims

    billing_file = _waiting_for_the_checker(cnss_world)
    before = Message.objects.count()
    monkeypatch.setattr(
        receivers_claims, "files_decided_messages", lambda ids: (_ for _ in ()).throw(RuntimeError("bug"))
    )

    with caplog.at_level(logging.ERROR, logger="sanad.notifications.services"):
        billing_file_validate(actor=cnss_world["checker"], file_id=billing_file.pk, on=cnss.TODAY)

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED  # the decision stands
    assert Message.objects.count() == before
    assert "Could not queue the messages of billing_files_decided" in caplog.text


def test_a_failed_write_of_the_outbox_is_rolled_back_alone_and_the_change_stands(cnss_world, monkeypatch):
    # The messages are inserted, then the audit of them fails in the database: the savepoint takes back
    # the messages, never the decision (on PostgreSQL the transaction stays usable).
    billing_file = _waiting_for_the_checker(cnss_world)
    before = Message.objects.count()

    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(services, "audit_record_many", broken)

    billing_file_validate(actor=cnss_world["checker"], file_id=billing_file.pk, on=cnss.TODAY)

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED
    assert Message.objects.count() == before


def test_a_rerun_queues_nothing_twice(
    cnss_world, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    billing_file = _waiting_for_the_checker(cnss_world)
    billing_file_validate(actor=cnss_world["checker"], file_id=billing_file.pk, on=cnss.TODAY)
    count = Message.objects.count()

    # A runner killed after its chunk committed, run again: the same files are announced again.
    with _killed_after_commit(django_capture_on_commit_callbacks) as callbacks, transaction.atomic():
        billing_files_decided.send(sender=None, file_ids=[billing_file.pk, billing_file.pk])
    billing_files_decided.send(sender=None, file_ids=[billing_file.pk])

    assert Message.objects.count() == count
    assert callbacks == []  # nothing new, nothing to send
    _sweep_sends_each_once(sms_file)


# ---- The CNASS world: a batch received, an enrollment ---------------------------------------------------


@pytest.fixture
def cnass_batch(settings, tmp_path, make_user, db):
    """A submitted batch of two outpatient files of a CNASS centre, for members with a phone."""
    from tests.claims.conftest import agreed_centre, make_member

    settings.SANAD_FUND = "cnass-mr"
    settings.MEDIA_ROOT = tmp_path / "media"
    centre = agreed_centre("CS-001", "Centre de santé de Teyarett", "MR-12", "DRS de Nouakchott-Nord")
    desk = make_user("fatimetou", Role.FACILITY_STAFF)
    FacilityStaff.objects.create(user=desk, facility=centre)
    members = [make_member(), make_member()]
    Member.objects.filter(pk__in=[m.pk for m in members]).update(phone=CNASS_PHONE)
    files = [draft_make(centre, member) for member in members]
    batch = batch_create(actor=desk, group="outpatient", on=SUBMITTED)
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[f.pk for f in files])
    batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)
    return {"batch": batch, "files": files, "checker": make_user("khadija", Role.CLAIMS_CHECKER)}


@pytest.mark.django_db(transaction=True)
def test_messages_and_task_written_in_the_transaction_of_a_batch_receipt(
    cnass_batch, settings, sms_file, monkeypatch
):
    # A real commit, and every on-commit callback dropped: the process died just after the receipt.
    settings.TASKS = DATABASE
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: None)

    batch_receive(
        actor=cnass_batch["checker"],
        batch_id=cnass_batch["batch"].pk,
        received_on=BATCH_RECEIVED,
        today=BATCH_TODAY,
    )

    assert Batch.objects.get(pk=cnass_batch["batch"].pk).status == BatchStatus.RECEIVED
    file_ids = sorted(f.pk for f in cnass_batch["files"])
    messages = Message.objects.filter(template=ClaimTemplate.FILE_RECEIVED)
    assert sorted(int(m.object_id) for m in messages) == file_ids
    # The engine's task is a row of the database queue, committed with the receipt: a worker runs it.
    [task] = DBTaskResult.objects.filter(task_path__endswith="billing_files_adjudicate_task")
    assert sorted(task.args_kwargs["args"][0]) == file_ids
    assert task.args_kwargs["args"][1] == BATCH_TODAY.isoformat()
    _sweep_sends_each_once(sms_file)


def test_a_batch_receipt_with_tasks_run_at_once_decides_its_files_in_the_receipt(
    cnass_batch, immediate_tasks, django_capture_on_commit_callbacks
):
    from tests.claims.conftest import CONSULTATION, START

    _tariff("cnass-mr", CONSULTATION, START)

    with _killed_after_commit(django_capture_on_commit_callbacks):
        batch_receive(
            actor=cnass_batch["checker"],
            batch_id=cnass_batch["batch"].pk,
            received_on=BATCH_RECEIVED,
            today=BATCH_TODAY,
        )

    statuses = set(BillingFile.objects.filter(batch=cnass_batch["batch"]).values_list("status", flat=True))
    assert FileStatus.RECEIVED not in statuses  # the engine ran inside the receipt
    templates = list(Message.objects.order_by("pk").values_list("template", flat=True))
    assert templates[:2] == [ClaimTemplate.FILE_RECEIVED] * 2  # received before decided, in that order


def test_an_engine_failure_in_a_task_run_at_once_leaves_the_receipt_standing(
    cnass_batch, immediate_tasks, monkeypatch
):
    from sanad.claims import tasks

    def broken(**kwargs):
        with transaction.atomic():
            BillingFile.objects.update(status=FileStatus.REJECTED)  # half done, then it breaks
            raise RuntimeError("engine bug")

    monkeypatch.setattr(tasks, "billing_files_adjudicate", broken)

    batch_receive(
        actor=cnass_batch["checker"],
        batch_id=cnass_batch["batch"].pk,
        received_on=BATCH_RECEIVED,
        today=BATCH_TODAY,
    )

    assert Batch.objects.get(pk=cnass_batch["batch"].pk).status == BatchStatus.RECEIVED
    statuses = set(BillingFile.objects.filter(batch=cnass_batch["batch"]).values_list("status", flat=True))
    assert statuses == {FileStatus.RECEIVED}  # the engine's half-work undone, the receipt kept
    assert Message.objects.filter(template=ClaimTemplate.FILE_RECEIVED).count() == 2


def test_messages_written_in_the_transaction_of_an_enrollment(
    settings, tmp_path, alice, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    settings.SANAD_FUND = "cnass-mr"
    settings.MEDIA_ROOT = tmp_path / "media"

    with _killed_after_commit(django_capture_on_commit_callbacks):
        enrollment = _enroll(alice, "cnass-mr")

    [message] = Message.objects.all()
    assert message.template == MessageTemplate.REGISTRATION_NUMBER
    assert message.dedupe_key == f"enrollment:{enrollment.pk}"
    _sweep_sends_each_once(sms_file)


def test_a_receiver_failure_does_not_undo_the_enrollment(settings, tmp_path, alice, monkeypatch, caplog):
    from sanad.notifications import receivers

    settings.SANAD_FUND = "cnass-mr"
    settings.MEDIA_ROOT = tmp_path / "media"

    def broken(profile, member):
        raise RuntimeError("bug")

    monkeypatch.setattr(receivers, "message_language", broken)

    with caplog.at_level(logging.ERROR, logger="sanad.notifications.services"):
        enrollment = _enroll(alice, "cnass-mr")

    assert Enrollment.objects.filter(pk=enrollment.pk).exists()
    assert Message.objects.count() == 0
    assert "on_enrollment_submitted failed" in caplog.text


# ---- The sweep ----------------------------------------------------------------------------------------


def test_the_sweep_command_sends_every_due_message_however_many(db, settings, sms_file, monkeypatch):
    monkeypatch.setattr(services, "_SWEEP", 5)  # 12 messages: three sweeps of 5, 5 and 2
    message_queue_many(
        messages=[
            MessageInput(
                template=ClaimTemplate.FILE_REJECTED,
                recipient=f"+2126000000{n:02d}",
                language="fr",
                params={"fund": "CNSS", "file": n, "facility": "Clinique Anfa"},
                about=("claims.billingfile", str(n)),
                dedupe_key=f"k{n}",
            )
            for n in range(12)
        ]
    )

    call_command("outbox_sweep", stdout=io.StringIO())

    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert len(sms_file()) == 12
    call_command("outbox_sweep", stdout=io.StringIO())
    assert len(sms_file()) == 12


def test_a_lost_task_found_late_sends_nothing_twice(
    cnss_world, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    # The sweep sent the message; then the send task, thought lost, runs after all: it finds it sent.
    billing_file = _waiting_for_the_checker(cnss_world)
    with _killed_after_commit(django_capture_on_commit_callbacks) as callbacks:
        billing_file_validate(actor=cnss_world["checker"], file_id=billing_file.pk, on=cnss.TODAY)
    sent = _sweep_sends_each_once(sms_file)

    for callback in callbacks:
        callback()

    assert len(sms_file()) == len(sent)


# ---- Scale: a chunk of the batch runner ---------------------------------------------------------------


def _inputs(count: int, start: int = 0) -> list[MessageInput]:
    return [
        MessageInput(
            template=ClaimTemplate.FILE_REJECTED,
            recipient="+212600000000",
            language="fr",
            params={"fund": "CNSS", "file": n, "facility": "Clinique Anfa"},
            about=("claims.billingfile", str(n)),
            dedupe_key=f"claims.decided:{n}:{n}",
        )
        for n in range(start, start + count)
    ]


def test_queuing_costs_a_constant_number_of_queries_per_1000_messages(db, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as thousand:
        message_queue_many(messages=_inputs(1000))

    with django_assert_max_num_queries(3 * len(thousand.captured_queries)):
        message_queue_many(messages=_inputs(3000, start=1000))

    assert Message.objects.count() == 4000
    with django_assert_max_num_queries(3 * len(thousand.captured_queries)):  # a rerun: nothing new
        assert message_queue_many(messages=_inputs(3000, start=1000)) == []
    assert Message.objects.count() == 4000
