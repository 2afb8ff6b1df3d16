"""FHIR subscriptions of a facility's software (rest-hook) and their notifications: subscribe and stop
(audited), write a decision's notifications in the decision's own transaction, and send them with the
exchange's delivery rules: the same backoff (`services.backoff`), the same number of tries
(`SANAD_HCX_CALLBACK_ATTEMPTS`), the same timeout, and the same sweep (`services.exchanges_sweep`, run by
`hcx_sweep`).

Sending (FHIR R4 rest-hook): with a payload, the resource is PUT at `<endpoint>/<type>/<id>` (the endpoint
is the client's FHIR base); without one, an empty POST at the endpoint. After the last failed try the
subscription's status becomes `error`, the failure in its `error`, and nothing more is sent to it.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.credentials.models import ApiClient
from sanad.exchange import transport
from sanad.exchange.models import Notification, Subscription
from sanad.exchange.services import backoff
from sanad.exchange.statuses import DeliveryStatus, SubscriptionStatus

logger = logging.getLogger(__name__)

FHIR_JSON = "application/fhir+json"
USES = ("claim", "preauthorization")
_LOCAL_HOSTS = frozenset({"localhost"})
# A header the client may add: a token name and a value without control characters; never one that
# would change how the notification is carried.
_HEADER = re.compile(r"^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}):[ \t]*([^\x00-\x1f\x7f]{0,1000})$")
_RESERVED = frozenset({"content-type", "content-length", "host", "transfer-encoding", "connection"})
_SWEEP = 200


def _local(host: str) -> bool:
    if host in _LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _internal(host: str) -> bool:
    """An address of this machine or of a private network, written as such: an API client must not make
    the fund's server call into its own network."""
    if host in _LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return False


def endpoint_check(endpoint: str) -> str:
    """The notifications' address: https to a public host, or http to this machine on a developer's
    machine or in the tests (`SANAD_FHIR_HOOK_LOCAL_HTTP`, DEBUG by default); never another scheme, an
    address of a private network, a user or a fragment."""
    endpoint = endpoint.strip()
    parts = urllib.parse.urlsplit(endpoint)
    local_http = settings.SANAD_FHIR_HOOK_LOCAL_HTTP
    host = parts.hostname or ""
    if local_http and _local(host):
        allowed = parts.scheme in ("http", "https")
    else:
        allowed = parts.scheme == "https" and not _internal(host)
    if not allowed or not parts.hostname or parts.username or parts.fragment or len(endpoint) > 255:
        message = _("Give the address that receives the notifications, in https://.")
        raise DomainError(ErrorCode.INVALID, message, field="endpoint")
    return endpoint


def headers_check(headers: Iterable[str]) -> list[str]:
    """The headers sent with every notification, each `Name: value`."""
    found = []
    for position, header in enumerate(headers):
        match = _HEADER.match(header or "")
        if match is None or match.group(1).lower() in _RESERVED:
            message = _("Each header is written Name: value (and cannot be Content-Type or Host).")
            raise DomainError(ErrorCode.INVALID, message, field=f"header[{position}]")
        found.append(f"{match.group(1)}: {match.group(2)}")
    if len(found) > 10:
        raise DomainError(ErrorCode.INVALID, _("At most 10 headers."), field="header")
    return found


@dataclass(frozen=True, slots=True)
class SubscriptionAsk:
    """What a client asks: the criteria as written and what they keep, where and how to notify it."""

    reason: str
    criteria: str
    request_value: str
    use: str
    endpoint: str
    payload: str
    headers: tuple[str, ...]
    end: datetime.datetime | None


@transaction.atomic
def subscription_create(*, client: ApiClient, ask: SubscriptionAsk) -> Subscription:
    """Subscribe a client to its facility's ClaimResponses: asked (`requested`), then `active` at once,
    the address and headers checked first. Audited under the client's account."""
    endpoint = endpoint_check(ask.endpoint)
    headers = headers_check(ask.headers)
    if ask.payload not in ("", FHIR_JSON):
        raise DomainError(
            ErrorCode.INVALID, _("The payload is application/fhir+json or none."), field="payload"
        )
    if ask.use not in ("", *USES):
        raise DomainError(ErrorCode.INVALID, field="criteria")
    now = timezone.now()
    if ask.end is not None and ask.end <= now:
        raise DomainError(ErrorCode.INVALID, _("The end is already past."), field="end")
    subscription = Subscription.objects.create(
        client=client,
        facility_id=client.facility_id,
        reason=ask.reason.strip()[:255],
        criteria=ask.criteria,
        request_value=ask.request_value,
        use=ask.use,
        endpoint=endpoint,
        payload=ask.payload,
        headers=headers,
        end=ask.end,
    )
    subscription.status = SubscriptionStatus.ACTIVE
    subscription.save(update_fields=["status"])
    audit_record(
        actor=client.account,
        action="exchange.subscription_create",
        obj=subscription,
        after={"criteria": ask.criteria, "endpoint": endpoint, "payload": ask.payload, "status": "active"},
    )
    return subscription


@transaction.atomic
def subscription_stop(*, client: ApiClient, subscription_id: int) -> Subscription:
    """Stop a client's own subscription (`off`): its pending notifications are not sent. Audited."""
    subscription = (
        subscriptions_of_client(client=client).select_for_update().filter(pk=subscription_id).first()
    )
    if subscription is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    if subscription.status != SubscriptionStatus.OFF:
        before = subscription.status
        subscription.status, subscription.stopped_at = SubscriptionStatus.OFF, timezone.now()
        subscription.save(update_fields=["status", "stopped_at"])
        audit_record(
            actor=client.account,
            action="exchange.subscription_stop",
            obj=subscription,
            before={"status": before},
            after={"status": SubscriptionStatus.OFF},
        )
    return subscription


def subscriptions_of_client(*, client: ApiClient) -> QuerySet[Subscription]:
    """A client's own subscriptions, the newest first: no other client's exists for it."""
    return Subscription.objects.filter(client=client).order_by("-pk")


def subscriptions_listening(*, facility_ids: Iterable[int], now: datetime.datetime) -> list[Subscription]:
    """The active subscriptions of these facilities, not past their end, of a client not revoked."""
    return list(
        Subscription.objects.select_related("client", "client__account")
        .filter(
            Q(end__isnull=True) | Q(end__gt=now),
            facility_id__in=set(facility_ids),
            status=SubscriptionStatus.ACTIVE,
            client__revoked_at__isnull=True,
        )
        .order_by("pk")
    )


@dataclass(frozen=True, slots=True)
class NotificationInput:
    subscription: Subscription
    event_key: str
    resource_id: str
    body: str


def notifications_write(rows: list[NotificationInput]) -> list[int]:
    """Write these notifications in the current transaction (the decision's): a notification already
    written for the same subscription and event is kept as it is. Each is sent once the transaction
    commits; the ids of those waiting to be sent."""
    if not rows:
        return []
    Notification.objects.bulk_create(
        [
            Notification(
                subscription=row.subscription,
                event_key=row.event_key[:64],
                resource_id=row.resource_id[:32],
                body=row.body if row.subscription.payload else "",
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )
    wanted = Q()
    for row in rows:
        wanted |= Q(subscription=row.subscription, event_key=row.event_key[:64])
    ids = list(
        Notification.objects.filter(wanted, status=DeliveryStatus.PENDING, attempts=0).values_list(
            "pk", flat=True
        )
    )
    transaction.on_commit(lambda: [notification_send_later(pk) for pk in ids])
    return ids


def notification_send_later(notification_id: int, run_after: datetime.datetime | None = None) -> None:
    """Enqueue the sending task; a backend that cannot defer leaves a retry to the sweep."""
    from sanad.exchange.tasks import notification_send_task

    task = notification_send_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    task.enqueue(notification_id)


def _request(notification: Notification) -> tuple[str, str, bytes, dict[str, str]]:
    """The HTTP request of a notification: method, address, body and headers."""
    subscription = notification.subscription
    headers = {}
    for header in subscription.headers:
        name, _colon, value = header.partition(":")
        headers[name.strip()] = value.strip()
    if subscription.payload and notification.body:
        url = f"{subscription.endpoint.rstrip('/')}/ClaimResponse/{notification.resource_id}"
        headers["Content-Type"] = f"{FHIR_JSON}; charset=utf-8"
        return "PUT", url, notification.body.encode("utf-8"), headers
    return "POST", subscription.endpoint, b"", headers


@transaction.atomic
def notification_send(*, notification_id: int, now: datetime.datetime | None = None) -> Notification:
    """Try a notification once if due; on failure, retry after the exchange's backoff, and after the
    last try mark it failed and its subscription `error`. The row stays locked while it is sent, and a
    notification sent is never sent again."""
    now = now or timezone.now()
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    subscription = Subscription.objects.select_for_update().get(pk=notification.subscription_id)
    notification.subscription = subscription
    if notification.status != DeliveryStatus.PENDING or (
        notification.next_attempt_at and notification.next_attempt_at > now
    ):
        return notification
    if subscription.status != SubscriptionStatus.ACTIVE:
        # Stopped (by the client, or by an earlier failure): what was waiting is not sent.
        notification.status, notification.next_attempt_at = DeliveryStatus.FAILED, None
        notification.last_error = f"subscription {subscription.status}"
        notification.save(update_fields=["status", "next_attempt_at", "last_error"])
        return notification
    method, url, body, headers = _request(notification)
    notification.attempts += 1
    status, error = 0, ""
    try:
        status = transport.hook_send(
            method, url, body, headers, loopback_allowed=settings.SANAD_FHIR_HOOK_LOCAL_HTTP
        )
    except transport.CallbackError as failure:
        status, error = failure.status, str(failure)[:500]
    except Exception as failure:  # a bug of ours is retried too, and logged
        logger.exception("Notification %s of subscription %s crashed", notification.pk, subscription.pk)
        error = f"{type(failure).__name__}: {failure}"[:500]
    notification.last_status, notification.last_error = status, error
    if not error:
        notification.status, notification.delivered_at, notification.next_attempt_at = (
            DeliveryStatus.DELIVERED,
            now,
            None,
        )
    elif notification.attempts >= settings.SANAD_HCX_CALLBACK_ATTEMPTS:
        notification.status, notification.next_attempt_at = DeliveryStatus.FAILED, None
        subscription.status, subscription.error = SubscriptionStatus.ERROR, error[:500]
        subscription.save(update_fields=["status", "error"])
        audit_record(
            actor=None,
            action="exchange.subscription_error",
            obj=subscription,
            before={"status": SubscriptionStatus.ACTIVE},
            after={"status": SubscriptionStatus.ERROR, "error": error, "attempts": notification.attempts},
        )
    else:
        notification.next_attempt_at = now + backoff(notification.attempts)
    notification.save(
        update_fields=["status", "attempts", "next_attempt_at", "last_status", "last_error", "delivered_at"]
    )
    if notification.status == DeliveryStatus.PENDING:
        retry_at = notification.next_attempt_at
        transaction.on_commit(lambda: notification_send_later(notification.pk, run_after=retry_at))
    return notification


def notifications_due(*, now: datetime.datetime, limit: int) -> list[int]:
    """The pending notifications whose try is due (the first one, or a retry whose time has come)."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    rows = Notification.objects.filter(due, status=DeliveryStatus.PENDING).order_by("pk")[:limit]
    return list(rows.values_list("pk", flat=True))


def notifications_sweep(*, now: datetime.datetime | None = None, limit: int = _SWEEP) -> int:
    """Send the notifications that are due (a lost task, or a backend that cannot defer); how many tried."""
    now = now or timezone.now()
    due = notifications_due(now=now, limit=limit)
    for notification_id in due:
        notification_send(notification_id=notification_id, now=now)
    return len(due)


def subscription_summary(subscription: Subscription, *, now: datetime.datetime | None = None) -> Any:
    """The status a reader sees: an active subscription past its end is `off`."""
    now = now or timezone.now()
    if subscription.status == SubscriptionStatus.ACTIVE and subscription.end and subscription.end <= now:
        return SubscriptionStatus.OFF
    return subscription.status
