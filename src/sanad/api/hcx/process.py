"""An exchange answered in the background: the request decrypted, handed to the same functions as the FHIR
API (`api.fhir`: eligibility, prior authorization and claim `$submit`, `$inquire`, payments) acting as the
participant's API client (its facility staff account), the answer Bundle encrypted to the participant's
public key and kept for its callback (`exchange.services.exchange_deliver`).

A refusal of the FHIR services goes back as an error callback (`x-hcx-status: response.error`, the
`x-hcx-error_details` and an OperationOutcome naming the element at fault), in the caller's language."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from sanad.api.fhir.claim_in import claim_from_fhir
from sanad.api.fhir.claim_submit import claim_submit
from sanad.api.fhir.eligibility import eligibility_check, eligibility_request_from_fhir
from sanad.api.fhir.outcomes import FhirError, outcome
from sanad.api.fhir.payment import notice_to_fhir, order_get, reconciliation_to_fhir
from sanad.api.fhir.preauthorization import preauthorization_submit
from sanad.api.fhir.responses import claim_response_inquire
from sanad.api.hcx import protocol
from sanad.api.hcx.bundles import answer_bundle, claim_bundle, main_entry
from sanad.api.hcx.errors import DOMAIN_CODES, DOMAIN_PROCESSING, HcxError
from sanad.api.hcx.jwe import jwe_decrypt, jwe_encrypt, jwe_read
from sanad.exchange.keys import fund_private_key, public_key_parse
from sanad.exchange.models import Exchange, Participant
from sanad.exchange.selectors import exchange_get
from sanad.exchange.services import exchange_answer
from sanad.exchange.statuses import Action, ExchangeStatus

logger = logging.getLogger(__name__)
_USES = {Action.PREAUTH: "preauthorization", Action.CLAIM: "claim"}
_SCOPES = {Action.PREAUTH: "authorizations", Action.CLAIM: "claims", Action.PAYMENT: "payments"}


def _scope_check(participant: Participant, action: str) -> None:
    scope = _SCOPES.get(Action(action))
    if scope is not None and scope not in participant.client.scopes:
        raise FhirError(403, "forbidden", _("This client's key does not open this part of the API."))


def _claim(exchange: Exchange, entry: dict[str, Any], others: list[dict[str, Any]]) -> dict[str, Any]:
    participant = exchange.participant
    ask = claim_from_fhir(claim_bundle(entry, others), own_code=participant.facility.code)
    if ask.use != _USES[Action(exchange.action)]:
        message = _("This address takes a Claim of use %(use)s.") % {"use": _USES[Action(exchange.action)]}
        raise FhirError(400, "invalid", message, expression="Claim.use")
    user = participant.client.account
    if ask.use == "preauthorization":
        # Without the Claim's identifier, the call itself keys the request (a repeat is already stopped).
        key = None if ask.identifier else f"hcx:{participant.pk}:{exchange.api_call_id}"
        return preauthorization_submit(user=user, facility=participant.facility, ask=ask, header_key=key)
    return claim_submit(user=user, facility=participant.facility, ask=ask)


def _inquired(resource: dict[str, Any]) -> tuple[str, str]:
    """What a status request names: a Parameters' `preAuthRef` or `identifier`, or a Claim's first
    `insurance.preAuthRef` or `identifier` (as `Claim/$inquire`)."""
    if resource.get("resourceType") == "Parameters":
        for item in resource.get("parameter") or []:
            if item.get("name") == "identifier" and isinstance(item.get("valueIdentifier"), dict):
                found = item["valueIdentifier"]
                return str(found.get("system") or ""), str(found.get("value") or "")
            if item.get("name") in ("preAuthRef", "request") and item.get("valueString"):
                return "", str(item["valueString"])
    for insurance in resource.get("insurance") or []:
        for reference in insurance.get("preAuthRef") or []:
            return "", str(reference)
    for identifier in resource.get("identifier") or []:
        if isinstance(identifier, dict) and identifier.get("value"):
            return str(identifier.get("system") or ""), str(identifier["value"])
    raise FhirError(400, "required", _("Name the claim by its identifier or its preAuthRef."))


def _payment(user: Any, resource: dict[str, Any]) -> list[dict[str, Any]]:
    """A PaymentNotice naming `payment: PaymentReconciliation/<id>` (or that PaymentReconciliation):
    the statement and its notice, if it is the facility's own."""
    if resource.get("resourceType") == "PaymentReconciliation":
        id = str(resource.get("id") or "")
    else:
        reference = str((resource.get("payment") or {}).get("reference") or "")
        id = reference.removeprefix("PaymentReconciliation/") if reference.startswith("Payment") else ""
    if not id:
        message = _("Name the payment as PaymentReconciliation/<id>.")
        raise FhirError(400, "required", message, expression="PaymentNotice.payment")
    order = order_get(user=user, id=id)
    return [reconciliation_to_fhir(order), notice_to_fhir(order)]


def answer_resources(exchange: Exchange, payload: Any) -> list[dict[str, Any]]:
    """The FHIR resources answering the request (FhirError for a refusal)."""
    participant = exchange.participant
    user = participant.client.account
    _scope_check(participant, exchange.action)
    entry, others = main_entry(payload, exchange.action)
    resource = entry["resource"]
    action = Action(exchange.action)
    if action == Action.ELIGIBILITY:
        return [eligibility_check(user=user, ask=eligibility_request_from_fhir(resource))]
    if action in (Action.PREAUTH, Action.CLAIM):
        return [_claim(exchange, entry, others)]
    if action == Action.PAYMENT:
        return _payment(user, resource)
    system, value = _inquired(resource)
    return [claim_response_inquire(user=user, value=value, system=system)]


def _answer(exchange: Exchange) -> tuple[dict[str, Any], str, dict[str, Any] | None]:
    """(the answer Bundle, its x-hcx-status, its error details or None)."""
    try:
        token, _header = jwe_read(exchange.request_jwe)
        payload = json.loads(jwe_decrypt(token, fund_private_key()))
        return answer_bundle(*answer_resources(exchange, payload)), protocol.COMPLETE, None
    except FhirError as error:
        details = {"code": DOMAIN_CODES.get(error.status, DOMAIN_PROCESSING), "message": error.diagnostics}
        found = outcome(error.code, error.diagnostics, error.expression)
    except HcxError as error:
        details = {"code": error.code, "message": error.message}
        found = outcome("invalid", error.message)
    except Exception:  # a fault of ours: logged; the participant still hears that its request failed
        logger.exception("HCX exchange %s failed", exchange.pk)
        details = {"code": DOMAIN_PROCESSING, "message": _("The server failed to answer.")}
        found = outcome("exception", details["message"])
    return answer_bundle(found), protocol.ERROR, details | {"trace": None}


def exchange_process(*, exchange_id: int) -> str:
    """Answer a received exchange (once): its encrypted answer kept, its callback enqueued."""
    exchange = exchange_get(exchange_id=exchange_id)
    if exchange.status != ExchangeStatus.RECEIVED:
        return str(exchange.status)
    participant = exchange.participant
    with translation.override(exchange.language):
        bundle, status, error = _answer(exchange)
    headers = protocol.answer_headers(
        recipient=participant.code,
        correlation_id=exchange.correlation_id,
        workflow_id=exchange.workflow_id,
        status=status,
        error=error,
    )
    encrypted = jwe_encrypt(bundle, key=public_key_parse(participant.public_key), headers=headers)
    return str(exchange_answer(exchange_id=exchange.pk, answer_jwe=encrypted, answer_status=status).status)
