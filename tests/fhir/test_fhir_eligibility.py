"""CoverageEligibilityRequest → CoverageEligibilityResponse (issue #19 §2): inforce on the day of care,
the benefit period for who may see it, authorizationRequired per item by the engine's rule; malformed FHIR
answered by an OperationOutcome naming its element; a session's POST needs its CSRF token."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse
from fhir.resources.R4B.operationoutcome import OperationOutcome

from sanad.api.fhir.identifiers import identifier_system
from tests.fhir.conftest import AROUND_TODAY, BEFORE_RIGHTS, FHIR, FHIR_JSON, TODAY, machine

pytestmark = pytest.mark.django_db
URL = f"{FHIR}/CoverageEligibilityRequest"


def request_body(patient: str, *codes: tuple[str, str], **fields) -> dict:
    """A request about `patient` for items coded (kind, code) in the fund's systems."""
    body = {
        "resourceType": "CoverageEligibilityRequest",
        "status": "active",
        "purpose": ["validation", "auth-requirements"],
        "patient": {"reference": f"Patient/{patient}"},
        "created": TODAY.isoformat(),
        "insurer": {"reference": "Organization/cnass-mr"},
        "provider": {"reference": "Organization/CS-001"},
        "item": [
            {"productOrService": {"coding": [{"system": identifier_system(kind), "code": code}]}}
            for kind, code in codes
        ],
    }
    return body | fields


def _post(client: Client, body, **extra):
    text = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, text, content_type=FHIR_JSON, **extra)


def _answer(response) -> CoverageEligibilityResponse:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith(FHIR_JSON)
    return CoverageEligibilityResponse.model_validate(response.json())


def _issue(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    return (
        OperationOutcome.model_validate(response.json()).issue[0].model_dump(mode="json", exclude_none=True)
    )


def test_a_facility_learns_the_rights_in_force_and_which_items_need_authorization(fhir):
    items = (("act", "CON-C"), ("act", "IMG-TDM"), ("device", "PRO-GEN"))
    body = request_body(fhir.family.registration_number, *items)

    answer = _answer(_post(machine(fhir.centre_key), body))

    insurance = answer.insurance[0]
    assert insurance.inforce is True and answer.outcome == "complete"
    # The catalogue's flag (the scanner) and the profile's category list (the prosthesis), as the engine.
    assert [item.authorizationRequired for item in insurance.item] == [False, True, True]
    # Facility staff learn covered or not, as from the REST rights check: not the rights period.
    assert insurance.benefitPeriod is None
    assert answer.patient.reference == f"Patient/{fhir.family.registration_number}"


def test_the_rights_are_those_of_the_day_of_care(fhir):
    body = request_body(fhir.family.registration_number, servicedDate=BEFORE_RIGHTS.isoformat())

    answer = _answer(_post(machine(fhir.centre_key), body))

    assert answer.insurance[0].inforce is False and answer.disposition


def test_the_register_staff_get_the_benefit_period_of_a_dependant(client, fhir):
    client.force_login(fhir.counter)
    body = request_body(f"{fhir.family.registration_number}-{fhir.child.pk}")
    client.get("/")  # a page sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    answer = _answer(_post(client, body, HTTP_X_CSRFTOKEN=token))

    period = answer.insurance[0].benefitPeriod
    assert (period.start, period.end) == AROUND_TODAY


def test_a_session_post_without_its_csrf_token_is_refused(fhir):
    session = Client(enforce_csrf_checks=True)
    session.force_login(fhir.world.clerk)

    issue = _issue(_post(session, request_body(fhir.family.registration_number)), 403)

    assert issue["code"] == "forbidden" and "CSRF" in issue["diagnostics"]


def test_the_patient_may_be_named_by_identifier(fhir):
    number = fhir.family.registration_number
    body = request_body(number)
    body["patient"] = {"identifier": {"system": identifier_system("registration-number"), "value": number}}

    assert _answer(_post(machine(fhir.centre_key), body)).insurance[0].inforce is True


@pytest.mark.parametrize(
    ("change", "status", "code", "expression"),
    [
        ("not json", 400, "structure", None),
        ("[1, 2]", 400, "structure", None),
        ({"resourceType": "Patient"}, 400, "invalid", "resourceType"),
        ({"patient": None}, 400, "required", "CoverageEligibilityRequest.patient"),
        ({"created": None}, 400, "required", "CoverageEligibilityRequest.created"),
        (
            {"patient": {"reference": "Organization/CS-001"}},
            400,
            "invalid",
            "CoverageEligibilityRequest.patient.reference",
        ),
        (
            {"patient": {"reference": "Patient/CNA0009999999"}},
            404,
            "not-found",
            "CoverageEligibilityRequest.patient",
        ),
        (
            {"insurer": {"reference": "Organization/other"}},
            400,
            "invalid",
            "CoverageEligibilityRequest.insurer",
        ),
        ({"servicedDate": "yesterday"}, 400, "value", "CoverageEligibilityRequest.servicedDate"),
        ({"purpose": ["discovery"]}, 400, "not-supported", "CoverageEligibilityRequest.purpose[0]"),
        ({"status": "draft"}, 400, "value", "CoverageEligibilityRequest.status"),
        ({"colour": "blue"}, 400, "structure", "CoverageEligibilityRequest.colour"),
        (
            {
                "item": [
                    {
                        "productOrService": {
                            "coding": [{"system": "https://fhir.cnass.mr/sid/act", "code": "NOPE"}]
                        }
                    }
                ]
            },
            400,
            "code-invalid",
            "CoverageEligibilityRequest.item[0].productOrService",
        ),
    ],
)
def test_malformed_fhir_gets_an_outcome_naming_the_element(fhir, change, status, code, expression):
    if isinstance(change, str):
        body = change
    else:
        body = request_body(fhir.family.registration_number) | change
        body = {name: value for name, value in body.items() if value is not None}

    issue = _issue(_post(machine(fhir.centre_key), body), status)

    assert issue["severity"] == "error" and issue["code"] == code and issue["diagnostics"]
    assert issue.get("expression", [None])[0] == expression


def test_a_get_of_the_request_address_is_refused_with_an_outcome(fhir):
    assert _issue(machine(fhir.centre_key).get(URL), 405)["code"] == "not-supported"


def test_a_nul_character_or_another_format_is_refused_before_any_lookup(fhir):
    client = machine(fhir.centre_key)
    body = request_body(fhir.family.registration_number, ("act", "CON\u0000-C"))

    nul = _issue(_post(client, body), 400)
    xml = _issue(client.post(URL, "<CoverageEligibilityRequest/>", content_type="application/fhir+xml"), 415)

    assert nul["code"] == "invalid" and xml["code"] == "not-supported"


def test_a_drug_flagged_in_the_catalogue_needs_authorization_and_is_named_by_name_strength_and_form(fhir):
    from sanad.catalog.models import Drug

    Drug.objects.create(
        code="MED-LTC",
        barcode="6111234567895",
        name="Imatinib",
        strength="400 mg",
        form="comprimé",
        public_price="9000.00",
        reimbursement_base="9000.00",
        needs_prior_approval=True,
        valid_from="2020-01-01",
    )
    body = request_body(fhir.family.registration_number, ("drug", "MED-LTC"))

    item = _answer(_post(machine(fhir.centre_key), body)).insurance[0].item[0]

    assert item.authorizationRequired is True
    assert item.name == "Imatinib 400 mg comprimé"
