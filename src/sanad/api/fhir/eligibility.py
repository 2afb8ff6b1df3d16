"""CoverageEligibilityRequest → CoverageEligibilityResponse: is the patient covered on the day of care
(`inforce`), over which rights period (`benefitPeriod`, for who may see it), and does each item asked
for need the fund's prior authorization (`item.authorizationRequired`, the engine's rule: `catalogue`).

The request is checked by the R4B model first, then by the rules below; the first fault is refused as an
OperationOutcome naming its element. The answer is not stored: asking records nothing but the API call.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pydantic
from django.utils import timezone
from django.utils.translation import gettext as _
from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse

from sanad.api.fhir.beneficiaries import beneficiary_rights, patient_id_read
from sanad.api.fhir.catalogue import CatalogueItem, concept_items
from sanad.api.fhir.coverage import fund_reference, rights_period
from sanad.api.fhir.identifiers import (
    PatientId,
    fund_id,
    local_date,
    names_this_fund,
    patient_ref,
)
from sanad.api.fhir.outcomes import FhirError, invalid_resource
from sanad.api.fhir.patient import patient_id_of_identifier
from sanad.api.fhir.validated import validated

TYPE = "CoverageEligibilityRequest"
PURPOSES = frozenset({"auth-requirements", "benefits", "validation"})


@dataclass(frozen=True, slots=True)
class EligibilityAsk:
    """What a request asks, read and checked."""

    request: CoverageEligibilityRequest
    body: dict[str, Any]  # the request as sent, once the model accepted it
    patient: PatientId
    day: datetime.date
    items: tuple[tuple[dict[str, Any], CatalogueItem | None], ...]  # each item sent, and what it names


def _refuse(status: int, code: str, message: str, where: str) -> FhirError:
    return FhirError(status, code, message, expression=f"{TYPE}.{where}")


def _patient(request: CoverageEligibilityRequest) -> PatientId:
    """The Patient the request is about: a relative reference `Patient/<id>` or an identifier of ours."""
    reference = request.patient
    if reference.reference:
        kind, slash, id = reference.reference.partition("/")
        if kind != "Patient" or not slash or "/" in id:
            message = _("The patient must be referred to as Patient/<id>.")
            raise _refuse(400, "invalid", message, "patient.reference")
        return patient_id_read(id, expression=f"{TYPE}.patient")
    if reference.identifier and reference.identifier.value:
        found = patient_id_of_identifier(reference.identifier.system, reference.identifier.value)
        if found is None:
            raise _refuse(404, "not-found", _("No such insured person."), "patient.identifier")
        return found
    raise _refuse(400, "required", _("The patient's reference or identifier is required."), "patient")


def _insurer(request: CoverageEligibilityRequest) -> None:
    reference = request.insurer
    if not names_this_fund(reference):
        ours = f"Organization/{fund_id()}"
        message = _("The insurer must be this fund: %(reference)s.") % {"reference": ours}
        raise _refuse(400, "invalid", message, "insurer")


def _day(request: CoverageEligibilityRequest) -> datetime.date:
    """The day of care: `servicedDate`, else the start of `servicedPeriod`, else today."""
    if request.servicedDate is not None:
        return local_date(request.servicedDate)
    if request.servicedPeriod is not None:
        if request.servicedPeriod.start is None:
            message = _("The start of the period of care is required.")
            raise _refuse(400, "required", message, "servicedPeriod.start")
        return local_date(request.servicedPeriod.start)
    return timezone.localdate()


def eligibility_request_from_fhir(body: dict[str, Any]) -> EligibilityAsk:
    """The request read from its JSON, or the FhirError of its first fault."""
    try:
        request = CoverageEligibilityRequest.model_validate(body)
    except pydantic.ValidationError as error:
        raise invalid_resource(TYPE, error) from error
    if request.status != "active":
        raise _refuse(400, "value", _("Only an active request can be answered."), "status")
    for index, purpose in enumerate(request.purpose):
        if purpose not in PURPOSES:
            message = _("Purposes answered: auth-requirements, benefits, validation.")
            raise _refuse(400, "not-supported", message, f"purpose[{index}]")
    _insurer(request)
    patient = _patient(request)
    day = _day(request)
    asked = request.item or []
    named = concept_items(
        [(item.productOrService, day, f"{TYPE}.item[{n}].productOrService") for n, item in enumerate(asked)]
    )
    # Each item as sent (the model accepted it): echoed in the answer without the model's serialisation.
    sent = body.get("item") or []
    items = tuple(zip(sent, named, strict=True))
    return EligibilityAsk(request, body, patient, day, items)


def eligibility_check(*, user: Any, ask: EligibilityAsk) -> dict[str, Any]:
    """The answer to a request, as much as `user` may know (`beneficiaries`), validated (R4B)."""
    rights = beneficiary_rights(user=user, patient=ask.patient, on=ask.day, expression=f"{TYPE}.patient")
    return eligibility_response_to_fhir(ask, rights)


def _item_answer(sent: dict[str, Any], item: CatalogueItem | None) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for name in ("category", "productOrService", "modifier"):
        if name in sent:
            answer[name] = sent[name]
    if item is not None:
        answer["name"] = item.label
        answer["authorizationRequired"] = item.authorization_required
    return answer


def eligibility_response_to_fhir(ask: EligibilityAsk, rights: dict[str, Any]) -> dict[str, Any]:
    request = ask.request
    insurance: dict[str, Any] = {
        "coverage": {"reference": f"Coverage/{ask.patient}"},
        "inforce": bool(rights["covered"]),
    }
    if period := rights_period(rights):
        insurance["benefitPeriod"] = period
    items = [_item_answer(sent, item) for sent, item in ask.items]
    if items:
        insurance["item"] = items
    own = {"type": TYPE, "display": _("Eligibility request of %(day)s") % {"day": ask.day.isoformat()}}
    if request.identifier:
        own["identifier"] = ask.body["identifier"][0]
    resource: dict[str, Any] = {
        "resourceType": "CoverageEligibilityResponse",
        "status": "active",
        "purpose": list(request.purpose),
        "patient": {"reference": patient_ref(ask.patient)},
        "servicedDate": ask.day.isoformat(),
        "created": timezone.now().isoformat(timespec="seconds"),
        "request": own,
        "outcome": "complete",
        "disposition": rights["message"],
        "insurer": fund_reference(),
        "insurance": [insurance],
    }
    if request.provider is not None:
        resource["requestor"] = ask.body["provider"]
    return validated(CoverageEligibilityResponse, resource)
