"""FHIR R4 (4.3.0, R4B) under /fhir: thin views; the converters (`patient`, `coverage`, `organization`,
`eligibility`) shape the resources, `beneficiaries` asks the register what the caller may know, `http`
answers every refusal as an OperationOutcome."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.api.fhir.beneficiaries import beneficiary_get, beneficiary_rights, patient_id_read
from sanad.api.fhir.capability import capability_statement
from sanad.api.fhir.coverage import coverage_status, coverage_to_fhir
from sanad.api.fhir.eligibility import eligibility_check, eligibility_request_from_fhir
from sanad.api.fhir.http import body_json, fhir_view
from sanad.api.fhir.identifiers import fund_id
from sanad.api.fhir.organization import organization_read
from sanad.api.fhir.outcomes import FhirError
from sanad.api.fhir.patient import identifier_search_parse, patient_id_of_identifier, patient_to_fhir
from sanad.api.fhir.search import base_url, date_parameter, parameter, reference_parameter, searchset


@fhir_view(public=True)
def metadata(request) -> dict[str, Any]:
    """The CapabilityStatement, open to anyone: it tells how to authenticate."""
    return capability_statement(base_url=base_url(request))


@fhir_view()
def patient_read(request, id: str) -> dict[str, Any]:
    found = beneficiary_get(user=request.user, patient=patient_id_read(id))
    return patient_to_fhir(found)


@fhir_view()
def patient_search(request) -> dict[str, Any]:
    """Patients by identifier (`system|value`): the one match, or none; never a list of everyone."""
    identifier = parameter(request, "identifier")
    if not identifier:
        message = _("Search patients by identifier: identifier=<system>|<registration number>.")
        raise FhirError(400, "required", message, expression="Patient.identifier")
    patient = patient_id_of_identifier(*identifier_search_parse(identifier))
    if patient is None:
        return searchset(request, [])
    try:
        found = beneficiary_get(user=request.user, patient=patient)
    except FhirError as error:
        if error.status != 404:
            raise
        return searchset(request, [])
    return searchset(request, [patient_to_fhir(found)])


@fhir_view()
def coverage_read(request, id: str) -> dict[str, Any]:
    """The Coverage of the Patient `id`: rights today (`date` may name another day)."""
    patient = patient_id_read(id)
    day = date_parameter(request, "date", timezone.localdate())
    return coverage_to_fhir(patient, beneficiary_rights(user=request.user, patient=patient, on=day))


@fhir_view()
def coverage_search(request) -> dict[str, Any]:
    """The Coverage of one beneficiary on a day, filtered by status and payor."""
    value = parameter(request, "beneficiary") or parameter(request, "patient")
    if not value:
        message = _("Search coverage by beneficiary: beneficiary=Patient/<id>.")
        raise FhirError(400, "required", message, expression="Coverage.beneficiary")
    patient = patient_id_read(reference_parameter(value, "Patient"))
    day = date_parameter(request, "date", timezone.localdate())
    status, payor = parameter(request, "status"), parameter(request, "payor")
    if payor is not None and reference_parameter(payor, "Organization") != fund_id():
        return searchset(request, [])
    try:
        rights = beneficiary_rights(user=request.user, patient=patient, on=day)
    except FhirError as error:
        if error.status != 404:
            raise
        return searchset(request, [])
    if status is not None and status != coverage_status(rights):
        return searchset(request, [])
    return searchset(request, [coverage_to_fhir(patient, rights)])


@fhir_view()
def organization(request, id: str) -> dict[str, Any]:
    return organization_read(user=request.user, id=id)


@fhir_view(methods=("POST",))
def eligibility(request) -> dict[str, Any]:
    """A CoverageEligibilityRequest posted, answered with a CoverageEligibilityResponse (nothing stored)."""
    ask = eligibility_request_from_fhir(body_json(request, "CoverageEligibilityRequest"))
    return eligibility_check(user=request.user, ask=ask)


@fhir_view(methods=("GET", "POST", "PUT", "PATCH", "DELETE"))
def unknown(request, path: str = "") -> dict[str, Any]:
    """Any other address under /fhir: a 404 OperationOutcome rather than the site's page."""
    raise FhirError(404, "not-supported", _("This server has no such resource type or operation."))
