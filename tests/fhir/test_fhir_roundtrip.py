"""A round trip with a FHIR client library no one here wrote (fhirpy) against a live server (issue #19
§2): the facility's software finds the patient by registration number, reads their Coverage, asks whether
they are covered today and which items need the fund's authorization; a malformed request comes back as
an OperationOutcome the library reads; another facility's key reads nothing of the first's."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.coverage import Coverage
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse
from fhir.resources.R4B.patient import Patient
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import OperationOutcome, ResourceNotFound

from sanad.api.fhir.identifiers import identifier_system
from tests.fhir.test_fhir_eligibility import request_body

pytestmark = pytest.mark.django_db(transaction=True)


def _client(live_server, key: str) -> SyncFHIRClient:
    return SyncFHIRClient(f"{live_server.url}/fhir", authorization=f"Bearer {key}")


def test_a_facility_checks_eligibility_with_fhirpy(live_server, fhir):
    client = _client(live_server, fhir.centre_key)
    number = fhir.family.registration_number

    found = client.resources("Patient").search(
        identifier=f"{identifier_system('registration-number')}|{number}"
    )
    patients = found.fetch()
    coverage = client.reference("Coverage", patients[0]["id"]).to_resource()
    by_beneficiary = client.resources("Coverage").search(beneficiary=f"Patient/{number}").first()
    answer = client.execute(
        "CoverageEligibilityRequest",
        method="post",
        data=request_body(patients[0]["id"], ("act", "CON-C"), ("act", "IMG-TDM")),
    )

    assert Patient.model_validate(dict(patients[0])).id == number
    assert Coverage.model_validate(coverage.serialize()).status == "active"
    assert by_beneficiary["id"] == coverage["id"]
    response = CoverageEligibilityResponse.model_validate(answer)
    assert response.insurance[0].inforce is True
    assert [item.authorizationRequired for item in response.insurance[0].item] == [False, True]


def test_fhirpy_reads_the_outcome_of_a_malformed_request(live_server, fhir):
    client = _client(live_server, fhir.centre_key)
    body = request_body(fhir.family.registration_number)
    del body["patient"]

    with pytest.raises(OperationOutcome) as refused:
        client.execute("CoverageEligibilityRequest", method="post", data=body)

    issue = refused.value.resource["issue"][0]
    assert issue["code"] == "required" and issue["expression"] == ["CoverageEligibilityRequest.patient"]


def test_another_facilitys_key_reads_nothing_of_the_first_facility(live_server, fhir):
    hospital = _client(live_server, fhir.hospital_key)

    with pytest.raises(ResourceNotFound):
        hospital.reference("Organization", "CS-001").to_resource()
    assert hospital.reference("Organization", "HR-KIF").to_resource()["id"] == "HR-KIF"
