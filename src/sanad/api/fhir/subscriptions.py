"""FHIR R4 Subscription (rest-hook) on the caller's ClaimResponses, so that a pended answer reaches the
facility's software when it is decided (issue #19 §2), and the receivers that write its notifications.

- `POST /fhir/Subscription` by a facility's software (its API key, scope `claims` or `authorizations`):
  `criteria` is `ClaimResponse` (every answer to the facility's Claims) with at most `request=Claim/<id>`
  (the Claim's identifier: a prior authorization's reference or an invoice number) and `use=claim` or
  `use=preauthorization`; `channel.type` rest-hook, `channel.endpoint` https, `channel.payload`
  application/fhir+json (the whole ClaimResponse) or none (an empty notification), `channel.header`
  sent with each. Asked as `requested`, it is `active` at once; `end` ends it.
- `GET /fhir/Subscription/<id>`, `GET /fhir/Subscription?status=`, `DELETE` (or `PUT` with status off)
  stop it: each client sees and stops its own only.
- A notification is written IN the transaction of the decision it tells (the prior authorization's
  `decision_announced`, the billing files' `billing_files_decided`), once per subscription and decision,
  and sent by the exchange's task with its retries (`exchange.subscriptions`).
"""

from __future__ import annotations

import datetime
import json
import logging
import urllib.parse
from collections.abc import Iterator, Sequence
from typing import Any

import pydantic
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from fhir.resources.R4B.subscription import Subscription as FhirSubscription

from sanad.api.fhir.callers import replayed
from sanad.api.fhir.claim_response import FILE_PREFIX, preauthorization_to_fhir
from sanad.api.fhir.claim_submit import file_response
from sanad.api.fhir.http import body_json, fhir_response, fhir_view
from sanad.api.fhir.outcomes import FhirError, domain_refusal, invalid_resource
from sanad.api.fhir.search import parameter, searchset
from sanad.authorizations import signals as authorization_signals
from sanad.claims import signals as claim_signals
from sanad.claims.models import BillingFile, FileDecision
from sanad.common.errors import DomainError
from sanad.credentials.models import ApiClient
from sanad.exchange import subscriptions as service
from sanad.exchange.models import Subscription
from sanad.exchange.statuses import SubscriptionStatus

logger = logging.getLogger(__name__)

_SCOPES = {"claim": "claims", "preauthorization": "authorizations"}
_CHUNK = 1000
# A refused element of the exchange's rules, as the FHIRPath of the element sent.
_EXPRESSIONS = {
    "endpoint": "Subscription.channel.endpoint",
    "payload": "Subscription.channel.payload",
    "header": "Subscription.channel.header",
    "criteria": "Subscription.criteria",
    "end": "Subscription.end",
}


# ---- Who subscribes -----------------------------------------------------------------------------------


def _client(request: HttpRequest) -> ApiClient:
    """The facility's software calling, holding the scope of claims or of prior authorizations."""
    client = getattr(request, "api_client", None)
    if client is None:
        message = _("A subscription is made by a facility's software, with its API key.")
        raise FhirError(403, "forbidden", message)
    if not set(_SCOPES.values()) & set(client.scopes):
        raise FhirError(403, "forbidden", _("This client's key does not open this part of the API."))
    return client


# ---- FHIR in and out ----------------------------------------------------------------------------------


def _criteria(text: str, client: ApiClient) -> tuple[str, str]:
    """What the criteria keep: (the Claim's identifier or blank, the use or blank)."""
    expression = "Subscription.criteria"
    kind, _mark, query = text.strip().partition("?")
    if kind != "ClaimResponse":
        message = _(
            "A subscription follows ClaimResponse: write the criteria ClaimResponse?request=Claim/<id>."
        )
        raise FhirError(400, "not-supported", message, expression=expression)
    try:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError as error:
        raise FhirError(400, "value", _("The criteria could not be read."), expression=expression) from error
    found: dict[str, str] = {}
    for name, value in pairs:
        if name not in ("request", "use") or name in found or not value.strip():
            message = _(
                "The criteria may name request=Claim/<id> and use=claim or preauthorization only, once."
            )
            raise FhirError(400, "not-supported", message, expression=expression)
        found[name] = value.strip()
    request_value = found.get("request", "").rsplit("|", 1)[-1]
    kind, slash, request_value = request_value.rpartition("/")
    if (slash and kind.rsplit("/", 1)[-1] != "Claim") or len(request_value) > 64:
        message = _("The criteria's request names a Claim: request=Claim/<id>.")
        raise FhirError(400, "value", message, expression=expression)
    use = found.get("use", "")
    if use and use not in _SCOPES:
        raise FhirError(400, "value", _("The use is claim or preauthorization."), expression=expression)
    if use and _SCOPES[use] not in client.scopes:
        raise FhirError(403, "forbidden", _("This client's key does not open this part of the API."))
    return request_value, use


def _validated(body: dict[str, Any]) -> FhirSubscription:
    try:
        return FhirSubscription.model_validate(body)
    except pydantic.ValidationError as error:
        raise invalid_resource("Subscription", error) from error


def _ask(body: dict[str, Any], client: ApiClient) -> service.SubscriptionAsk:
    """A Subscription sent, read and checked: a 400 naming the element at fault."""
    resource = _validated(body)
    if resource.status not in ("requested", "active"):
        message = _("A new subscription is sent with the status requested.")
        raise FhirError(400, "value", message, expression="Subscription.status")
    channel = resource.channel
    if channel.type != "rest-hook":
        message = _("Only the rest-hook channel is served.")
        raise FhirError(400, "not-supported", message, expression="Subscription.channel.type")
    if not channel.endpoint:
        message = _("%(path)s is required.") % {"path": "Subscription.channel.endpoint"}
        raise FhirError(400, "required", message, expression="Subscription.channel.endpoint")
    end = resource.end
    if end is not None and timezone.is_naive(end):
        end = timezone.make_aware(end)
    request_value, use = _criteria(resource.criteria, client)
    return service.SubscriptionAsk(
        reason=resource.reason,
        criteria=resource.criteria.strip(),
        request_value=request_value,
        use=use,
        endpoint=str(channel.endpoint),
        payload=channel.payload or "",
        headers=tuple(channel.header or ()),
        end=end,
    )


def subscription_to_fhir(subscription: Subscription) -> dict[str, Any]:
    """A subscription as the FHIR R4 resource, validated by the R4B model."""
    channel: dict[str, Any] = {"type": "rest-hook", "endpoint": subscription.endpoint}
    if subscription.payload:
        channel["payload"] = subscription.payload
    if subscription.headers:
        channel["header"] = list(subscription.headers)
    resource: dict[str, Any] = {
        "resourceType": "Subscription",
        "id": str(subscription.pk),
        "status": str(service.subscription_summary(subscription)),
        "reason": subscription.reason,
        "criteria": subscription.criteria,
        "channel": channel,
    }
    if subscription.end is not None:
        resource["end"] = subscription.end.isoformat(timespec="seconds")
    if subscription.error:
        resource["error"] = subscription.error
    return FhirSubscription.model_validate(resource).model_dump(mode="json", exclude_none=True)


def _refused(error: DomainError) -> FhirError:
    field = (error.field or "").split("[", 1)
    expression = _EXPRESSIONS.get(field[0])
    if expression and len(field) > 1:
        expression += f"[{field[1]}"
    return domain_refusal(error, expression)


def _own(client: ApiClient, id: str) -> Subscription:
    found = None
    if id.isdigit() and len(id) <= 18:
        found = service.subscriptions_of_client(client=client).filter(pk=int(id)).first()
    if found is None:
        raise FhirError(404, "not-found", _("No such subscription."))
    return found


# ---- Views --------------------------------------------------------------------------------------------


def _create(request: HttpRequest, client: ApiClient):
    ask = _ask(body_json(request, "Subscription"), client)
    try:
        subscription = service.subscription_create(client=client, ask=ask)
    except DomainError as error:
        raise _refused(error) from error
    response = fhir_response(subscription_to_fhir(subscription), status=201)
    response["Location"] = request.build_absolute_uri(
        reverse("fhir:subscription", kwargs={"id": str(subscription.pk)})
    )
    return response


def _search(request: HttpRequest, client: ApiClient) -> dict[str, Any]:
    status = parameter(request, "status")
    if status is not None and status not in SubscriptionStatus.values:
        message = _("The status is requested, active, error or off.")
        raise FhirError(400, "value", message, expression="status")
    rows = service.subscriptions_of_client(client=client)[:100]
    found = [subscription_to_fhir(row) for row in rows]
    if status is not None:
        found = [resource for resource in found if resource["status"] == status]
    return searchset(request, found)


@fhir_view(methods=("GET", "POST"))
def subscription_list(request):
    """`POST /fhir/Subscription` subscribes (once per `Idempotency-Key`: a retry gets the first answer and
    subscribes nothing more); `GET /fhir/Subscription?status=` finds the caller's own."""
    client = _client(request)
    if request.method == "POST":
        response = replayed(request, lambda: _create(request, client))
        # A replay keeps the body, not the headers: the address is named again from the resource's id.
        if isinstance(response, HttpResponse) and response.status_code == 201 and "Location" not in response:
            resource_id = json.loads(response.content).get("id", "")
            response["Location"] = request.build_absolute_uri(
                reverse("fhir:subscription", kwargs={"id": str(resource_id)})
            )
        return response
    return _search(request, client)


@fhir_view(methods=("GET", "PUT", "DELETE"))
def subscription(request, id: str):
    """Read one of the caller's subscriptions; DELETE it, or PUT it with the status off, to stop it."""
    client = _client(request)
    found = _own(client, id)
    if request.method == "GET":
        return subscription_to_fhir(found)
    if request.method == "PUT":
        body = body_json(request, "Subscription")
        resource = _validated(body)
        if resource.id not in (None, id):
            message = _("The resource's id is not the address's.")
            raise FhirError(400, "invalid", message, expression="Subscription.id")
        if resource.status != "off":
            message = _("A subscription is changed only to stop it: send it with the status off.")
            raise FhirError(400, "not-supported", message, expression="Subscription.status")
    stopped = service.subscription_stop(client=client, subscription_id=found.pk)
    return subscription_to_fhir(stopped)


# ---- Receivers: a decision's notifications, in the decision's transaction -------------------------------


def _text(resource: dict[str, Any]) -> str:
    """The resource as the read of it answers it (the same JSON, decimals as numbers)."""
    return fhir_response(resource).content.decode("utf-8")


def _wanted(subscription: Subscription, use: str, values: tuple[str, ...]) -> bool:
    """Whether a subscription follows an answer of this use to a Claim known by these values."""
    if subscription.use and subscription.use != use:
        return False
    if _SCOPES[use] not in subscription.client.scopes:
        return False
    return not subscription.request_value or subscription.request_value in values


def _guarded(event: str, write) -> None:
    """Write in a savepoint: a failure is logged, loses these notifications only and never undoes the
    decision (the rule of every receiver of a decision's signal)."""
    try:
        with transaction.atomic():
            write()
    except Exception:
        logger.exception("FHIR subscription notifications of %s not written", event)


def on_decision_announced(sender: Any, *, request: Any, outcome: str, event: Any, **kwargs: Any) -> None:
    """A prior-authorization request answered (or information asked): its ClaimResponse to the
    facility's subscriptions that follow it."""

    def write() -> None:
        listening = service.subscriptions_listening(facility_ids=[request.facility_id], now=timezone.now())
        chosen = [s for s in listening if _wanted(s, "preauthorization", (request.reference,))]
        if not chosen:
            return
        body = _text(preauthorization_to_fhir(request)) if any(s.payload for s in chosen) else ""
        key = f"authorization:{request.pk}:{getattr(event, 'pk', outcome)}"
        service.notifications_write(
            [service.NotificationInput(s, key, request.reference, body) for s in chosen]
        )

    _guarded(f"authorization request {request.pk}", write)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    unique = list(dict.fromkeys(int(i) for i in ids))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


def _files_notifications(file_ids: list[int], now: datetime.datetime) -> list[service.NotificationInput]:
    """The notifications of decided files: a constant number of queries per chunk when no facility of
    theirs subscribed (the batch runner's case), one ClaimResponse built per file followed."""
    facilities = set(
        Subscription.objects.filter(status=SubscriptionStatus.ACTIVE)
        .values_list("facility_id", flat=True)
        .distinct()
    )
    if not facilities:
        return []
    files = list(
        BillingFile.objects.filter(pk__in=file_ids, facility_id__in=facilities).values_list(
            "pk", "facility_id", "invoice_number"
        )
    )
    if not files:
        return []
    listening = service.subscriptions_listening(facility_ids={f[1] for f in files}, now=now)
    decisions = dict(
        FileDecision.objects.filter(billing_file_id__in=[f[0] for f in files], is_current=True).values_list(
            "billing_file_id", "pk"
        )
    )
    rows = []
    for file_id, facility_id, invoice in files:
        resource_id = f"{FILE_PREFIX}{file_id}"
        chosen = [
            s
            for s in listening
            if s.facility_id == facility_id and _wanted(s, "claim", (invoice, resource_id))
        ]
        if not chosen:
            continue
        body = ""
        reader = next((s for s in chosen if s.payload), None)
        if reader is not None:
            # Read as the subscribing client's account: the facility's own view of its file.
            body = _text(file_response(user=reader.client.account, file_id=file_id))
        key = f"file:{file_id}:{decisions.get(file_id, 0)}"
        rows += [service.NotificationInput(s, key, resource_id, body) for s in chosen]
    return rows


def on_billing_files_decided(sender: Any, *, file_ids: Sequence[int], **kwargs: Any) -> None:
    """Billing files decided (validated or rejected): their ClaimResponses to the subscriptions that
    follow them, 1,000 files per savepoint."""
    now = timezone.now()
    for chunk in _chunks(file_ids):
        _guarded(
            "billing files",
            lambda chunk=chunk: service.notifications_write(_files_notifications(chunk, now)),
        )


def receivers_connect() -> None:
    """Connected once at start-up (the API's app config)."""
    authorization_signals.decision_announced.connect(
        on_decision_announced, dispatch_uid="fhir.subscriptions.authorization"
    )
    claim_signals.billing_files_decided.connect(
        on_billing_files_decided, dispatch_uid="fhir.subscriptions.files"
    )
