"""Every write of the exchange: register and deactivate participants (administrators), record a request
once per api_call_id, keep its encrypted answer, and deliver it to the participant's callback with
retries and backoff (each attempt recorded), as the notifications outbox sends its messages."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import require
from sanad.credentials.models import ApiClient
from sanad.exchange import transport
from sanad.exchange.keys import public_key_parse
from sanad.exchange.models import CallbackAttempt, Exchange, Participant
from sanad.exchange.selectors import exchange_of_call, exchanges_due
from sanad.exchange.statuses import CALLBACKS, ExchangeStatus

logger = logging.getLogger(__name__)

BACKOFF_BASE = datetime.timedelta(minutes=1)
BACKOFF_CAP = datetime.timedelta(hours=6)
_SWEEP = 200


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before the next try after `attempts` failed ones: 1, 2, 4, 8... minutes, at most 6 hours."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


@transaction.atomic
def participant_register(
    *, actor: Any, code: str, name: str, client: ApiClient, public_key: str, callback_url: str
) -> Participant:
    """A facility's system on the exchange, acting through its API client (and that client's facility)."""
    require(actor, "credentials.manage")
    code, name, callback_url = code.strip(), name.strip(), callback_url.strip()
    if not code:
        raise DomainError(ErrorCode.REQUIRED, field="code")
    if not name:
        raise DomainError(ErrorCode.REQUIRED, field="name")
    if client.revoked_at is not None:
        raise DomainError(ErrorCode.CONFLICT, _("This client was revoked: create a new one."), field="client")
    try:
        public_key_parse(public_key)
    except ValueError:
        message = _("Give the participant's RSA public key, as a JWK or in PEM.")
        raise DomainError(ErrorCode.INVALID, message, field="public_key") from None
    if not callback_url.startswith(("https://", "http://")):
        message = _("Give the address of the participant's callbacks (https://…).")
        raise DomainError(ErrorCode.INVALID, message, field="callback_url")
    if Participant.objects.filter(code=code).exists():
        message = _("A participant already has this code.")
        raise DomainError(ErrorCode.CONFLICT, message, field="code")
    participant = Participant.objects.create(
        code=code,
        name=name,
        facility=client.facility,
        client=client,
        public_key=public_key.strip(),
        callback_url=callback_url,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="exchange.participant_register",
        obj=participant,
        after={"code": code, "facility": client.facility.code, "callback_url": callback_url},
    )
    return participant


@transaction.atomic
def participant_deactivate(*, actor: Any, participant: Participant) -> Participant:
    """Stop a participant: its requests are refused from now on (its exchanges stay recorded)."""
    require(actor, "credentials.manage")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.active:
        participant.active = False
        participant.save(update_fields=["active"])
        audit_record(
            actor=actor,
            action="exchange.participant_deactivate",
            obj=participant,
            before={"active": True},
            after={"active": False},
        )
    return participant


def exchange_receive(
    *,
    participant: Participant,
    action: str,
    api_call_id: str,
    correlation_id: str,
    workflow_id: str,
    language: str,
    request_jwe: str,
) -> tuple[Exchange, bool]:
    """Record a request once per (participant, api_call_id): (the exchange, whether it is new). A repeat
    writes nothing and gives back the first exchange, so that the participant hears the same correlation."""
    earlier = exchange_of_call(participant=participant, api_call_id=api_call_id)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            exchange = Exchange.objects.create(
                participant=participant,
                action=action,
                api_call_id=api_call_id,
                correlation_id=correlation_id,
                workflow_id=workflow_id,
                language=language,
                request_jwe=request_jwe,
            )
            audit_record(
                actor=participant.client.account,
                action="exchange.receive",
                obj=exchange,
                after={"action": action, "api_call_id": api_call_id, "correlation_id": correlation_id},
            )
    except IntegrityError:  # the same call, posted twice at once: the other one won
        found = exchange_of_call(participant=participant, api_call_id=api_call_id)
        if found is None:
            raise
        return found, False
    return exchange, True


@transaction.atomic
def exchange_answer(*, exchange_id: int, answer_jwe: str, answer_status: str) -> Exchange:
    """Keep the encrypted answer of a received exchange; its delivery starts once this commits."""
    exchange = Exchange.objects.select_for_update().get(pk=exchange_id)
    if exchange.status != ExchangeStatus.RECEIVED:
        return exchange
    exchange.answer_jwe, exchange.answer_status = answer_jwe, answer_status
    exchange.status = ExchangeStatus.ANSWERED
    exchange.save(update_fields=["answer_jwe", "answer_status", "status"])
    audit_record(
        actor=None,
        action="exchange.answer",
        obj=exchange,
        before={"status": ExchangeStatus.RECEIVED},
        after={"status": exchange.status, "answer_status": answer_status},
    )
    transaction.on_commit(lambda: deliver_later(exchange.pk))
    return exchange


def deliver_later(exchange_id: int, run_after: datetime.datetime | None = None) -> None:
    """Enqueue the delivery task; a backend that cannot defer leaves a retry to the sweep."""
    from sanad.exchange.tasks import exchange_deliver_task

    task = exchange_deliver_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    task.enqueue(exchange_id)


def callback_url(exchange: Exchange) -> str:
    return f"{exchange.participant.callback_url.rstrip('/')}/{CALLBACKS[exchange.action]}"


@transaction.atomic
def exchange_deliver(*, exchange_id: int, now: datetime.datetime | None = None) -> Exchange:
    """Try the callback once if due; record the attempt, and the retry after a backoff, or the failure
    after `SANAD_HCX_CALLBACK_ATTEMPTS` tries. The row stays locked: two workers never send it twice."""
    now = now or timezone.now()
    exchange = Exchange.objects.select_for_update().select_related("participant").get(pk=exchange_id)
    if exchange.status != ExchangeStatus.ANSWERED or (
        exchange.next_attempt_at and exchange.next_attempt_at > now
    ):
        return exchange
    url = callback_url(exchange)
    exchange.attempts += 1
    status, error = 0, ""
    try:
        status = transport.callback_post(url, exchange.answer_jwe)
    except transport.CallbackError as failure:
        status, error = failure.status, str(failure)[:500]
    except Exception as failure:  # a bug of ours is retried too, and logged
        logger.exception("HCX callback of exchange %s crashed", exchange.pk)
        error = f"{type(failure).__name__}: {failure}"[:500]
    CallbackAttempt.objects.create(exchange=exchange, at=now, url=url[:255], status=status, error=error)
    if not error:
        exchange.status, exchange.delivered_at = ExchangeStatus.DELIVERED, now
        exchange.next_attempt_at, exchange.last_error = None, ""
    elif exchange.attempts >= settings.SANAD_HCX_CALLBACK_ATTEMPTS:
        exchange.status, exchange.next_attempt_at, exchange.last_error = ExchangeStatus.FAILED, None, error
    else:
        exchange.next_attempt_at, exchange.last_error = now + backoff(exchange.attempts), error
    exchange.save(update_fields=["status", "attempts", "next_attempt_at", "last_error", "delivered_at"])
    if exchange.status == ExchangeStatus.ANSWERED:
        retry_at = exchange.next_attempt_at
        transaction.on_commit(lambda: deliver_later(exchange.pk, run_after=retry_at))
    else:
        audit_record(
            actor=None,
            action=f"exchange.{exchange.status}",
            obj=exchange,
            before={"status": ExchangeStatus.ANSWERED},
            after={"status": exchange.status, "attempts": exchange.attempts, "error": exchange.last_error},
        )
    return exchange


def exchanges_sweep(*, now: datetime.datetime | None = None, limit: int = _SWEEP) -> int:
    """Deliver the answers that are due (a lost task, or a backend that cannot defer), then the FHIR
    subscriptions' notifications that are due, with the same rules; how many tried in all."""
    from sanad.exchange.subscriptions import notifications_sweep

    now = now or timezone.now()
    due = exchanges_due(now=now, limit=limit)
    for exchange_id in due:
        exchange_deliver(exchange_id=exchange_id, now=now)
    return len(due) + notifications_sweep(now=now, limit=limit)
