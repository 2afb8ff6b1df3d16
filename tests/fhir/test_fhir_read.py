"""FHIR R4 reads (issue #19 §2): metadata, Patient, Coverage, Organization. Every resource out validates
with its R4B model; facility staff learn no more than the REST rights check tells them; a facility sees
only its own Organization."""

from __future__ import annotations

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.coverage import Coverage
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient

from sanad.api.fhir.identifiers import identifier_system
from sanad.registry.certificates.payload import initials
from tests.fhir.conftest import AROUND_TODAY, BEFORE_RIGHTS, FHIR, FHIR_JSON, machine

pytestmark = pytest.mark.django_db


def _issue(response, status: int) -> dict:
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"].startswith(FHIR_JSON)
    body = OperationOutcome.model_validate(response.json())
    return body.issue[0].model_dump(mode="json", exclude_none=True)


def test_it_states_its_capabilities_to_anyone(fhir):
    response = Client().get(f"{FHIR}/metadata")

    assert response.status_code == 200 and response["Content-Type"].startswith(FHIR_JSON)
    statement = CapabilityStatement.model_validate(response.json())
    assert statement.fhirVersion == "4.3.0" and "json" in statement.format
    served = {resource.type: resource for resource in statement.rest[0].resource}
    assert {"Patient", "Coverage", "Organization", "CoverageEligibilityRequest"} <= set(served)
    assert statement.rest[0].security.service[0].coding[0].code == "OAuth"


def test_an_anonymous_caller_gets_a_401_outcome(fhir):
    issue = _issue(Client().get(f"{FHIR}/Patient/{fhir.family.registration_number}"), 401)

    assert issue["code"] == "login" and issue["severity"] == "error"


def test_a_facility_finds_a_patient_by_registration_number_and_learns_only_the_initials(fhir):
    number = fhir.family.registration_number
    system = identifier_system("registration-number")

    response = machine(fhir.centre_key).get(f"{FHIR}/Patient", {"identifier": f"{system}|{number}"})

    assert response.status_code == 200
    bundle = Bundle.model_validate(response.json())
    assert bundle.type == "searchset" and bundle.total == 1
    patient = Patient.model_validate(response.json()["entry"][0]["resource"]).model_dump(mode="json")
    assert patient["id"] == number and patient["identifier"][0]["value"] == number
    assert patient["meta"]["tag"][0]["code"] == "SUBSETTED"
    assert patient["name"] == [{"text": initials(fhir.family.first_name, fhir.family.last_name)}]
    assert "birthDate" not in patient and "gender" not in patient


def test_a_search_under_another_system_or_an_unknown_number_finds_nothing(fhir):
    number = fhir.family.registration_number
    client = machine(fhir.centre_key)

    other = client.get(f"{FHIR}/Patient", {"identifier": f"urn:other|{number}"}).json()
    unknown = client.get(f"{FHIR}/Patient", {"identifier": number[:-4] + "9999"}).json()

    assert other["total"] == 0 and unknown["total"] == 0


def test_the_register_staff_read_a_member_and_a_dependant_in_full(client, fhir):
    client.force_login(fhir.counter)
    number = fhir.family.registration_number

    member = Patient.model_validate(client.get(f"{FHIR}/Patient/{number}").json())
    child = Patient.model_validate(client.get(f"{FHIR}/Patient/{number}-{fhir.child.pk}").json())

    assert member.birthDate.isoformat() == "1986-05-04" and member.gender == "female"
    assert member.name[0].family == fhir.family.last_name
    assert child.id == f"{number}-{fhir.child.pk}" and child.birthDate.isoformat() == "2015-03-02"
    assert child.identifier[0].system == identifier_system("dependant")


def test_an_unknown_or_malformed_patient_id_is_a_404_outcome(client, fhir):
    client.force_login(fhir.counter)
    number = fhir.family.registration_number

    for id in (number[:-4] + "9999", f"{number}-999999", "x-y-z"):
        assert _issue(client.get(f"{FHIR}/Patient/{id}"), 404)["code"] == "not-found"
    assert _issue(machine(fhir.centre_key).get(f"{FHIR}/Patient/{number}-999999"), 404)["code"] == "not-found"


def test_a_facility_reads_coverage_as_covered_or_not_without_the_rights_period(fhir):
    number = fhir.family.registration_number
    client = machine(fhir.centre_key)

    found = client.get(f"{FHIR}/Coverage", {"beneficiary": f"Patient/{number}"}).json()
    before = client.get(f"{FHIR}/Coverage/{number}", {"date": BEFORE_RIGHTS.isoformat()}).json()

    coverage = Coverage.model_validate(found["entry"][0]["resource"])
    assert coverage.status == "active" and coverage.period is None and coverage.relationship is None
    assert coverage.beneficiary.reference == f"Patient/{number}"
    assert coverage.payor[0].reference == "Organization/cnass-mr"
    assert Coverage.model_validate(before).status == "cancelled"


def test_the_register_staff_see_the_rights_period_and_relationship(client, fhir):
    client.force_login(fhir.counter)
    id = f"{fhir.family.registration_number}-{fhir.child.pk}"

    coverage = Coverage.model_validate(client.get(f"{FHIR}/Coverage/{id}").json())

    assert coverage.period.start == AROUND_TODAY[0] and coverage.period.end == AROUND_TODAY[1]
    assert coverage.relationship.coding[0].code == "child"
    assert coverage.subscriber.reference == f"Patient/{fhir.family.registration_number}"


def test_coverage_search_filters_by_status_and_payor_and_needs_a_beneficiary(fhir):
    number = fhir.family.registration_number
    client = machine(fhir.centre_key)

    active = client.get(f"{FHIR}/Coverage", {"patient": number, "status": "active"}).json()
    cancelled = client.get(f"{FHIR}/Coverage", {"patient": number, "status": "cancelled"}).json()
    other_payor = client.get(f"{FHIR}/Coverage", {"patient": number, "payor": "Organization/x"}).json()
    everyone = client.get(f"{FHIR}/Coverage")

    assert (active["total"], cancelled["total"], other_payor["total"]) == (1, 0, 0)
    assert _issue(everyone, 400)["code"] == "required"


def test_a_facility_reads_its_own_organization_and_the_fund_but_not_another_facility(fhir):
    centre = machine(fhir.centre_key)
    hospital = machine(fhir.hospital_key)

    own = Organization.model_validate(centre.get(f"{FHIR}/Organization/CS-001").json())
    fund = Organization.model_validate(centre.get(f"{FHIR}/Organization/cnass-mr").json())

    assert own.identifier[0].system == identifier_system("facility") and own.identifier[0].value == "CS-001"
    assert fund.type[0].coding[0].code == "pay"
    assert _issue(hospital.get(f"{FHIR}/Organization/CS-001"), 404)["code"] == "not-found"
    assert hospital.get(f"{FHIR}/Organization/HR-KIF").status_code == 200


def test_an_unknown_address_under_fhir_is_a_404_outcome(fhir):
    assert _issue(machine(fhir.centre_key).get(f"{FHIR}/Location/1"), 404)["code"] == "not-supported"


def test_diagnostics_are_in_the_callers_language(fhir):
    french = machine(fhir.centre_key, HTTP_ACCEPT_LANGUAGE="fr").get(f"{FHIR}/Patient/CNA1-1")
    arabic = machine(fhir.centre_key, HTTP_ACCEPT_LANGUAGE="ar").get(f"{FHIR}/Patient/CNA1-1")
    english = machine(fhir.centre_key, HTTP_ACCEPT_LANGUAGE="en").get(f"{FHIR}/Patient/CNA1-1")

    assert _issue(french, 404)["diagnostics"] == "Assuré introuvable."
    assert _issue(arabic, 404)["diagnostics"] == "المؤمن له غير موجود."
    assert _issue(english, 404)["diagnostics"] == "No such insured person."


def test_a_client_over_its_rate_limit_gets_a_429_outcome_with_retry_after(settings, fhir):
    settings.SANAD_API_RATE_CLIENT = 1
    client = machine(fhir.centre_key)

    client.get(f"{FHIR}/Organization/CS-001")
    refused = client.get(f"{FHIR}/Organization/CS-001")

    assert _issue(refused, 429)["code"] == "throttled" and int(refused["Retry-After"]) >= 1
