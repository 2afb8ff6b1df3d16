"""Every write of the outbox: queue a message (sent on commit), send one, retry with backoff, give up.

A transactional outbox (issue #16, section 3): a message is written in the transaction of the change it
announces, so that both commit or neither does; a process killed at any point loses no message. Sending
is a background task enqueued once that transaction commits; when the task is lost (a kill between the
commit and the callback), `outbox_sweep` sends the message, and the row's lock and status make sure it is
sent once. A repeated event (a rerun) finds its `dedupe_key` taken and queues nothing.

A message is rendered once, when queued, in the recipient's language: what was sent is what the member
page shows. A failure to send is retried after 1, 2, 4, 8... minutes (capped) until MAX_ATTEMPTS, then the
message is failed and stays in the outbox for an agent to see.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from sanad.common.audit import audit_record, audit_record_many
from sanad.common.logging import redact
from sanad.notifications.models import Message
from sanad.notifications.statuses import MessageStatus
from sanad.notifications.texts import ONE_TIME_CODE, message_render
from sanad.notifications.transports import Sms, Transport, TransportError, transport_get

logger = logging.getLogger(__name__)

P = ParamSpec("P")

MAX_ATTEMPTS = 6
BACKOFF_BASE = datetime.timedelta(minutes=1)
BACKOFF_CAP = datetime.timedelta(hours=6)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before the next try after `attempts` failed ones: 1, 2, 4, 8... minutes, at most 6 hours."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def _send_later(message_id: int, run_after: datetime.datetime | None = None) -> None:
    """Enqueue the send task; a backend that cannot defer leaves a retry to the sweep."""
    from sanad.notifications.tasks import message_send_task

    task = message_send_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    task.enqueue(message_id)


@transaction.atomic
def message_queue(
    *,
    template: str,
    recipient: str,
    language: str,
    params: Mapping[str, Any],
    about: models.Model,
    member_id: int | None = None,
    dedupe_key: str | None = None,
) -> Message:
    """Put a message in the outbox, rendered now; it is sent by a background task once this commits.

    A second message with the same `dedupe_key` is not created: the first one is returned.
    """
    if dedupe_key:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            message = Message.objects.create(
                recipient=recipient,
                language=language,
                template=template,
                text=message_render(template, language=language, params=params),
                object_type=about._meta.label_lower,
                object_id=str(about.pk),
                member_id=member_id,
                dedupe_key=dedupe_key or None,
            )
    except IntegrityError:
        # Another process queued the same event in the meantime: theirs stands.
        return Message.objects.get(dedupe_key=dedupe_key)
    audit_record(
        actor=None,
        action="notifications.message_queue",
        obj=message,
        after={
            "template": template,
            "language": language,
            "about": f"{message.object_type}:{message.object_id}",
        },
    )
    transaction.on_commit(lambda: _send_later(message.pk))
    return message


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageInput:
    """One message to queue with `message_queue_many`; `about` as (object type, object id), so that a caller
    queuing thousands need not load the objects."""

    template: str
    recipient: str
    language: str
    params: Mapping[str, Any] = field(default_factory=dict)
    about: tuple[str, str]
    member_id: int | None = None
    dedupe_key: str | None = None


_BULK = 1000  # messages per insert, and dedupe keys per lookup
_SWEEP = 500  # messages one outbox sweep sends (its default limit)
SEND_EACH_MAX = 100  # up to this many, one send task per message; beyond, sweeps of the outbox


def _rows_new(batch: list[MessageInput]) -> list[Message]:
    keys = [m.dedupe_key for m in batch if m.dedupe_key]
    taken = (
        set(Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        if keys
        else set()
    )
    return [
        Message(
            recipient=m.recipient,
            language=m.language,
            template=m.template,
            text=message_render(m.template, language=m.language, params=m.params),
            object_type=m.about[0],
            object_id=str(m.about[1]),
            member_id=m.member_id,
            dedupe_key=m.dedupe_key or None,
        )
        for m in batch
        if not (m.dedupe_key and m.dedupe_key in taken)
    ]


def _insert(batch: list[MessageInput]) -> list[Message]:
    """Insert the batch's messages whose dedupe key is free; when another process takes one of the keys
    between the lookup and the insert, look again and insert the rest (theirs stand)."""
    for _try in range(3):
        rows = _rows_new(batch)
        try:
            with transaction.atomic():
                return Message.objects.bulk_create(rows)
        except IntegrityError:
            continue
    raise IntegrityError("the outbox's deduplication keys kept changing during the insert")


def _send_many_later(ids: list[int]) -> None:
    """A few messages get their own send task at once; thousands are left to sweeps of the outbox, one per
    500 messages, so that queuing them costs no query per message."""
    from sanad.notifications.tasks import outbox_sweep_task

    if len(ids) <= SEND_EACH_MAX:
        for message_id in ids:
            _send_later(message_id)
        return
    for _start in range(0, len(ids), _SWEEP):
        outbox_sweep_task.enqueue()


# No savepoint of its own (two queries less per call, the receivers of a chunk of 5,000 files call it five
# times): a failure leaves by an exception, and the caller's savepoint (`message_queue_many_guarded`) or
# transaction takes the messages back.
@transaction.atomic(savepoint=False)
def message_queue_many(*, messages: Sequence[MessageInput]) -> list[Message]:
    """Put many messages in the outbox at once, rendered now, with the rule of `message_queue`: a message
    whose `dedupe_key` is already in the outbox (or earlier in `messages`) is not created.

    A constant number of queries per 1,000 messages: the dedupe keys taken, one insert of the messages and
    one of their audit events. Returns the messages created; they are sent once this commits.
    """
    seen: set[str] = set()
    wanted = []
    for m in messages:
        if m.dedupe_key:
            if m.dedupe_key in seen:
                continue
            seen.add(m.dedupe_key)
        wanted.append(m)
    created: list[Message] = []
    for start in range(0, len(wanted), _BULK):
        rows = _insert(wanted[start : start + _BULK])
        audit_record_many(
            actor=None,
            action="notifications.message_queue",
            changes=[
                (
                    row,
                    None,
                    {
                        "template": row.template,
                        "language": row.language,
                        "about": f"{row.object_type}:{row.object_id}",
                    },
                )
                for row in rows
            ],
        )
        created += rows
    if created:
        ids = [row.pk for row in created]
        transaction.on_commit(lambda: _send_many_later(ids))
    return created


@transaction.atomic
def message_send(
    *, message_id: int, transport: Transport | None = None, now: datetime.datetime | None = None
) -> Message:
    """Try to send one queued message that is due; record the outcome and schedule the retry if any.

    The row stays locked during the try, so that two workers never send the same message twice.
    A message not queued, or not yet due, is left as it is.
    """
    now = now or timezone.now()
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.status != MessageStatus.QUEUED or (message.next_attempt_at and message.next_attempt_at > now):
        return message
    transport = transport or transport_get()
    sms = Sms(
        recipient=message.recipient, text=message.text, sender=settings.SMS_SENDER, reference=str(message.pk)
    )
    message.attempts += 1
    try:
        provider_id = transport.send(sms)
    except Exception as error:  # any failure of a transport is retried, a bug included, up to MAX_ATTEMPTS
        if not isinstance(error, TransportError):
            logger.exception("SMS transport %s crashed on message %s", transport.name, message.pk)
        message.last_error = f"{type(error).__name__}: {error}"[:500]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
            message.next_attempt_at = None
        else:
            message.next_attempt_at = now + backoff(message.attempts)
    else:
        message.status = MessageStatus.SENT
        message.provider_message_id = provider_id[:120]
        message.sent_at = now
        message.next_attempt_at = None
        message.last_error = ""
    message.save(
        update_fields=[
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "provider_message_id",
            "sent_at",
        ]
    )
    if message.status != MessageStatus.QUEUED and message.template == ONE_TIME_CODE:
        # A log-in code is a secret: once it has gone out (or never will), it is not kept in clear.
        message.text = redact(message.text)
        message.save(update_fields=["text"])
    if message.status != MessageStatus.QUEUED:
        audit_record(
            actor=None,
            action=f"notifications.message_{message.status}",
            obj=message,
            before={"status": MessageStatus.QUEUED},
            after={"status": message.status, "attempts": message.attempts, "error": message.last_error},
        )
    else:
        retry_at = message.next_attempt_at
        transaction.on_commit(lambda: _send_later(message.pk, run_after=retry_at))
    return message


def outbox_sweep(*, now: datetime.datetime | None = None, limit: int = _SWEEP) -> int:
    """Send the queued messages that are due (those whose task was lost, or whose backend cannot defer).

    Each is sent at most once: `message_send` locks its row and leaves a message no longer queued alone,
    so a sweep running beside the send tasks (or another sweep) never sends a message twice.
    """
    from sanad.notifications.selectors import messages_due

    now = now or timezone.now()
    ids = messages_due(now=now, limit=limit)
    for message_id in ids:
        message_send(message_id=message_id, now=now)
    return len(ids)


def outbox_drain(*, now: datetime.datetime | None = None, rounds: int = 1000) -> int:
    """Sweep until no message is due (4,741 lost SMS are ten sweeps, not one a day); at most `rounds`
    sweeps. A message tried is sent, failed, or due again only later: each round takes new ones."""
    now = now or timezone.now()
    tried = 0
    for _round in range(rounds):
        count = outbox_sweep(now=now, limit=_SWEEP)
        tried += count
        if count < _SWEEP:
            break
    return tried


def message_queue_guarded(**kwargs: Any) -> Message | None:
    """Queue a message (`message_queue`'s arguments) without ever breaking the change it announces: in a
    savepoint of that change's transaction, so that a failure is logged and the change goes on."""
    try:
        with transaction.atomic():
            return message_queue(**kwargs)
    except Exception:
        about = kwargs.get("about")
        logger.exception(
            "Could not queue the %s message about %s %s",
            kwargs.get("template"),
            type(about).__name__,
            getattr(about, "pk", ""),
        )
        return None


def message_queue_many_guarded(*, event: str, build: Callable[[], Sequence[MessageInput]]) -> list[Message]:
    """Build and queue many messages (`message_queue_many`) without ever breaking the change they announce:
    in a savepoint of that change's transaction, so that a failure (of the reads that build them, or of the
    insert) is logged with `event`, rolls back these messages only, and the change goes on.

    On PostgreSQL the savepoint is what keeps the change's transaction usable after a failed statement.
    """
    try:
        with transaction.atomic():
            return message_queue_many(messages=build())
    except Exception:
        logger.exception("Could not queue the messages of %s", event)
        return []


def receiver_guarded(receiver: Callable[P, None]) -> Callable[P, None]:
    """A receiver of an event sent inside the transaction of the change: whatever it does runs in a
    savepoint, and an exception is logged and swallowed, so that a notification never undoes the change
    (a failed message is one message less, never a change lost)."""

    @functools.wraps(receiver)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            with transaction.atomic():
                receiver(*args, **kwargs)
        except Exception:
            logger.exception("The receiver %s failed; the change it was told of stands", receiver.__name__)

    return guarded
