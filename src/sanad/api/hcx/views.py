"""The HCX-style exchange: each address takes `{"payload": "<compact JWE>"}`, checks the protocol at once
and answers 202 with the call's identifiers; the answer reaches the participant's `on_*` callback later
(`process`, then `exchange.services.exchange_deliver`).

Checked in this order, each fault in HCX's error shape, never a 500: the caller's API key (a Bearer
token of the participant's API client: 401 ERR_ACCESS_DENIED), the body (400 ERR_INVALID_PAYLOAD), the
protected headers (400 ERR_MANDATORY_HEADER_MISSING, …), the sender (401 ERR_INVALID_SENDER: unknown,
deactivated, or not the key's), the decryption (400 ERR_INVALID_ENCRYPTION: a tampered token), the
Bundle (400 ERR_INVALID_PAYLOAD), the facility it speaks for (401 ERR_INVALID_SENDER). A repeat of an
`x-hcx-api_call_id` of the same sender writes nothing and answers 202 with the first correlation.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from sanad.api.hcx.bundles import facility_named, main_entry
from sanad.api.hcx.errors import HcxError, error_response
from sanad.api.hcx.jwe import JweError, jwe_decrypt, jwe_read
from sanad.api.hcx.protocol import headers_read
from sanad.api.hcx.tasks import exchange_process_task
from sanad.api.rate_limits import rate_count
from sanad.common.middleware_api import too_many
from sanad.credentials.selectors import api_client_of_key
from sanad.exchange.keys import fund_private_key
from sanad.exchange.selectors import participant_of_code
from sanad.exchange.services import exchange_receive
from sanad.exchange.statuses import Action

logger = logging.getLogger(__name__)
_BEARER = "bearer "


def _client(request: HttpRequest) -> Any:
    client = getattr(request, "api_client", None)
    if client is not None:
        return client
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[: len(_BEARER)].lower() == _BEARER:
        client = api_client_of_key(header[len(_BEARER) :].strip())
    if client is None:
        raise HcxError(401, "ERR_ACCESS_DENIED", _("Send your API key as a Bearer token."))
    return client


def _payload(request: HttpRequest) -> str:
    try:
        raw = request.body
    except RequestDataTooBig:
        message = _("The request body is too large: send a smaller file or fewer items.")
        raise HcxError(413, "ERR_INVALID_PAYLOAD", message) from None
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        body = None
    payload = body.get("payload") if isinstance(body, dict) else None
    if not isinstance(payload, str) or not payload:
        message = _('The request must be JSON holding the encrypted payload: {"payload": "…"}.')
        raise HcxError(400, "ERR_INVALID_PAYLOAD", message)
    return payload


def _receive(request: HttpRequest, action: Action) -> JsonResponse:
    client = _client(request)
    wait = rate_count(request)  # the client's calls count against its limit, as on REST and FHIR
    if wait is not None:
        response = error_response(HcxError(429, "ERR_RATE_LIMIT", too_many(wait)[1]))
        response["Retry-After"] = str(wait)
        return response
    compact = _payload(request)
    try:
        token, header = jwe_read(compact)
    except JweError:
        message = _("The payload is not a JWE encrypted with RSA-OAEP and A256GCM.")
        raise HcxError(400, "ERR_INVALID_PAYLOAD", message) from None
    headers = headers_read(header)
    participant = participant_of_code(headers.sender)
    if participant is None or participant.client_id != client.pk:
        message = _("The sender is not a participant registered for this API key.")
        raise HcxError(401, "ERR_INVALID_SENDER", message)
    try:
        payload = json.loads(jwe_decrypt(token, fund_private_key()))
    except JweError:
        message = _(
            "The payload could not be decrypted with the fund's key: it was altered or not meant for it."
        )
        raise HcxError(400, "ERR_INVALID_ENCRYPTION", message) from None
    except ValueError:
        raise HcxError(400, "ERR_INVALID_PAYLOAD", _("The decrypted payload is not JSON.")) from None
    entry, others = main_entry(payload, action)
    named = facility_named(entry, others)
    if named is not None and named != participant.facility.code:
        message = _("The sender may speak only for its own facility.")
        raise HcxError(401, "ERR_INVALID_SENDER", message)
    with transaction.atomic():
        exchange, created = exchange_receive(
            participant=participant,
            action=action,
            api_call_id=headers.api_call_id,
            correlation_id=headers.correlation_id,
            workflow_id=headers.workflow_id,
            language=translation.get_language() or "fr",
            request_jwe=compact,
        )
        if created:
            transaction.on_commit(lambda: exchange_process_task.enqueue(exchange.pk))
    answer: dict[str, Any] = {
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "api_call_id": exchange.api_call_id,
        "correlation_id": exchange.correlation_id,
    }
    if exchange.workflow_id:
        answer["workflow_id"] = exchange.workflow_id
    return JsonResponse(answer, status=202)


def _endpoint(action: Action):
    @csrf_exempt  # a machine call: no cookie, authenticated by its key
    def view(request: HttpRequest) -> JsonResponse:
        try:
            if request.method != "POST":
                message = _("This address does not accept %(method)s.") % {"method": request.method}
                response = error_response(HcxError(405, "ERR_INVALID_REQUEST", message))
                response["Allow"] = "POST"
                return response
            return _receive(request, action)
        except HcxError as error:
            return error_response(error)
        except Exception:  # a fault of ours: logged, answered in HCX's shape rather than an HTML page
            logger.exception("HCX %s failed", request.path)
            return error_response(HcxError(500, "ERR_SERVICE_UNAVAILABLE", _("The server failed to answer.")))

    view.__name__ = f"hcx_{action.name.lower()}"
    return view


eligibility_check = _endpoint(Action.ELIGIBILITY)
preauth_submit = _endpoint(Action.PREAUTH)
claim_submit = _endpoint(Action.CLAIM)
payment_notice_request = _endpoint(Action.PAYMENT)
status = _endpoint(Action.STATUS)
