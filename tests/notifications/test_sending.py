"""Sending in the background: queued on commit, retried with exponential backoff, failed at the end."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sanad.common.models import AuditEvent
from sanad.notifications.models import Message
from sanad.notifications.services import (
    MAX_ATTEMPTS,
    backoff,
    message_queue,
    message_send,
    outbox_sweep,
)
from sanad.notifications.statuses import MessageStatus
from sanad.notifications.texts import MessageTemplate
from tests.notifications.conftest import DATABASE, FailingTransport, RecordingTransport

MINUTE = datetime.timedelta(minutes=1)


def _queue(member, **fields):
    return message_queue(
        template=MessageTemplate.REGISTRATION_NUMBER,
        recipient=member.phone,
        language="fr",
        params={"fund": "CNASS", "number": member.registration_number},
        about=member,
        member_id=member.pk,
        **fields,
    )


def test_the_backoff_doubles_from_one_minute_and_stops_at_six_hours():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]
    assert backoff(30) == datetime.timedelta(hours=6)


def test_a_queued_message_is_rendered_once_and_sent_by_a_task_on_commit(
    member, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(member)
        assert sms_file() == []  # nothing leaves before the commit

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.provider_message_id == sms_file()[0]["id"]
    assert sms_file()[0]["text"] == message.text
    assert (message.object_type, message.object_id) == ("registry.member", str(member.pk))
    assert AuditEvent.objects.filter(action="notifications.message_sent", object_id=str(message.pk)).exists()


def test_a_failed_try_is_retried_later_with_backoff_then_failed_after_the_last(member):
    message = _queue(member)
    gateway = FailingTransport()
    now = timezone.now()

    for attempt in range(1, MAX_ATTEMPTS):
        message = message_send(message_id=message.pk, transport=gateway, now=now)
        assert message.status == MessageStatus.QUEUED
        assert message.attempts == attempt
        assert message.next_attempt_at == now + backoff(attempt)
        assert "503" in message.last_error
        # Not due yet: a second try now does nothing.
        assert message_send(message_id=message.pk, transport=gateway, now=now).attempts == attempt
        now = message.next_attempt_at

    message = message_send(message_id=message.pk, transport=gateway, now=now)
    assert message.status == MessageStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert message.next_attempt_at is None
    assert gateway.tries == MAX_ATTEMPTS
    assert AuditEvent.objects.filter(action="notifications.message_failed").count() == 1


def test_a_message_sent_after_a_failure_forgets_the_error(member):
    message = _queue(member)
    now = timezone.now()
    message_send(message_id=message.pk, transport=FailingTransport(), now=now)

    message = message_send(message_id=message.pk, transport=RecordingTransport(), now=now + MINUTE)

    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 2, "")
    assert message.provider_message_id == "rec-1"


def test_a_sent_message_is_never_sent_again(member):
    message = _queue(member)
    gateway = RecordingTransport()
    message_send(message_id=message.pk, transport=gateway)
    message_send(message_id=message.pk, transport=gateway)

    assert len(gateway.sent) == 1


def test_the_retry_is_enqueued_for_the_worker_at_the_next_attempt_time(
    member, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    message = _queue(member)
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(message_id=message.pk, transport=FailingTransport())

    task = DBTaskResult.objects.get()
    assert task.task_path == "sanad.notifications.tasks.message_send_task"
    assert task.args_kwargs == {"args": [message.pk], "kwargs": {}}
    assert task.run_after == message.next_attempt_at


def test_the_sweep_sends_the_due_messages_only(member, settings, sms_file):
    due = _queue(member)
    later = _queue(member, dedupe_key="later")
    Message.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + MINUTE)

    assert outbox_sweep() == 1
    assert [line["reference"] for line in sms_file()] == [str(due.pk)]


def test_the_same_event_queues_one_message(member):
    first = _queue(member, dedupe_key="enrollment:1")
    again = _queue(member, dedupe_key="enrollment:1")

    assert first.pk == again.pk
    assert Message.objects.count() == 1


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_text_is_kept_in_the_language_of_the_message(member, language):
    message = message_queue(
        template=MessageTemplate.REGISTRATION_NUMBER,
        recipient=member.phone,
        language=language,
        params={"fund": "CNASS", "number": "MR0000011"},
        about=member,
    )
    assert "MR0000011" in message.text
    assert message.language == language
