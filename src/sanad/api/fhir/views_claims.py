"""FHIR views of prior authorization, claims, payments and practitioners: thin; `claim_in` reads a
Claim, `preauthorization` and `claim_submit` call the services, `claim_response` and `payment` shape the
answers, `responses` finds them, `callers` tells the caller's facility, scope and idempotency key."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanad.api.fhir.beneficiaries import patient_id_read
from sanad.api.fhir.callers import header_key, own_facility, replayed, scope_check
from sanad.api.fhir.claim_in import claim_from_fhir
from sanad.api.fhir.claim_submit import claim_submit
from sanad.api.fhir.http import body_json, fhir_view
from sanad.api.fhir.outcomes import FhirError
from sanad.api.fhir.payment import notice_to_fhir, order_get, orders_of, reconciliation_to_fhir
from sanad.api.fhir.practitioner import practitioner_read, practitioner_to_fhir, practitioners_of
from sanad.api.fhir.preauthorization import preauthorization_submit
from sanad.api.fhir.reasons import CODE_SYSTEM_ID, reason_code_system
from sanad.api.fhir.responses import (
    MAX_COUNT,
    claim_response_inquire,
    claim_response_read,
    claim_response_search,
)
from sanad.api.fhir.search import parameter, reference_parameter, searchset

_SCOPES = {"preauthorization": "authorizations", "claim": "claims"}


def _count(request) -> int:
    value = parameter(request, "_count") or str(MAX_COUNT)
    if not value.isdigit() or not 1 <= int(value) <= MAX_COUNT:
        message = _("The search parameter _count must be a whole number from 1 to 50.")
        raise FhirError(400, "value", message, expression="_count")
    return int(value)


def _body(request) -> dict[str, Any]:
    """A Claim, or a Bundle whose first entry is the Claim (checked by `claim_in`)."""
    return body_json(request, ("Claim", "Bundle"))


@fhir_view(methods=("POST",))
def claim_submit_view(request):
    """`Claim/$submit` and a plain POST of a Claim: a prior authorization or a claim, answered with its
    ClaimResponse; a repeat (the same Idempotency-Key, or the Claim's identifier) writes nothing new."""

    def run() -> dict[str, Any]:
        facility = own_facility(request)
        ask = claim_from_fhir(_body(request), own_code=facility.code)
        scope_check(request, _SCOPES[ask.use])
        if ask.use == "preauthorization":
            return preauthorization_submit(
                user=request.user, facility=facility, ask=ask, header_key=header_key(request)
            )
        return claim_submit(user=request.user, facility=facility, ask=ask)

    return replayed(request, run)


def _inquired(body: dict[str, Any]) -> tuple[str, str]:
    """What `$inquire` names: a Parameters' `identifier` (valueIdentifier) or `preAuthRef`
    (valueString), or a Claim's first `insurance.preAuthRef` or `identifier`."""
    if body.get("resourceType") == "Parameters":
        for item in body.get("parameter") or []:
            if item.get("name") == "identifier" and isinstance(item.get("valueIdentifier"), dict):
                found = item["valueIdentifier"]
                return str(found.get("system") or ""), str(found.get("value") or "")
            if item.get("name") in ("preAuthRef", "request") and item.get("valueString"):
                return "", str(item["valueString"])
        message = _("Name the claim by its identifier or its preAuthRef.")
        raise FhirError(400, "required", message, expression="Parameters.parameter")
    for insurance in body.get("insurance") or []:
        for reference in insurance.get("preAuthRef") or []:
            return "", str(reference)
    for identifier in body.get("identifier") or []:
        if identifier.get("value"):
            return str(identifier.get("system") or ""), str(identifier["value"])
    message = _("Name the claim by its identifier or its preAuthRef.")
    raise FhirError(400, "required", message, expression="Claim.identifier")


@fhir_view(methods=("POST",))
def claim_inquire(request):
    """`Claim/$inquire`: the current ClaimResponse of a Claim sent before (pended or decided since)."""
    own_facility(request)
    system, value = _inquired(body_json(request, ("Parameters", "Claim")))
    return claim_response_inquire(user=request.user, value=value, system=system)


@fhir_view()
def claim_response(request, id: str):
    own_facility(request)
    return claim_response_read(user=request.user, id=id)


@fhir_view()
def claim_response_list(request):
    own_facility(request)
    patient = parameter(request, "patient")
    outcome, use = parameter(request, "outcome"), parameter(request, "use")
    if outcome not in (None, "queued", "complete", "error", "partial"):
        raise FhirError(400, "value", _("The outcome is queued or complete."), expression="outcome")
    found = claim_response_search(
        user=request.user,
        request=parameter(request, "request"),
        patient=patient_id_read(reference_parameter(patient, "Patient")) if patient else None,
        outcome=outcome,
        use=use,
        count=_count(request),
    )
    return searchset(request, found)


@fhir_view()
def code_system(request, id: str):
    if id != CODE_SYSTEM_ID:
        raise FhirError(404, "not-found", _("This server has no such code system."))
    return reason_code_system()


@fhir_view()
def practitioner(request, id: str):
    return practitioner_read(facility=own_facility(request), id=id)


@fhir_view()
def practitioner_list(request):
    rows = practitioners_of(
        facility=own_facility(request),
        identifier=parameter(request, "identifier"),
        name=parameter(request, "name"),
    )
    return searchset(request, [practitioner_to_fhir(row) for row in rows])


def _orders(request) -> list[Any]:
    scope_check(request, "payments")
    own = own_facility(request)
    value = parameter(request, "requestor") or parameter(request, "recipient")
    code = reference_parameter(value, "Organization") if value else None
    if code is not None and code != own.code:
        return []
    return orders_of(user=request.user, requestor=code, count=_count(request))


@fhir_view()
def reconciliation(request, id: str):
    scope_check(request, "payments")
    own_facility(request)
    return reconciliation_to_fhir(order_get(user=request.user, id=id))


@fhir_view()
def reconciliation_list(request):
    return searchset(request, [reconciliation_to_fhir(order) for order in _orders(request)])


@fhir_view()
def notice(request, id: str):
    scope_check(request, "payments")
    own_facility(request)
    return notice_to_fhir(order_get(user=request.user, id=id))


@fhir_view()
def notice_list(request):
    return searchset(request, [notice_to_fhir(order) for order in _orders(request)])
