"""No server error on hostile input to the register's and the prior authorizations' API, with DEBUG off:
the shared bounds (api.rest.bounds over common.guards) refuse a date outside the register's years, an
identifier with an invisible or direction character, a number beyond its column, a text beyond its
column, with a 400 naming the field in the API's one error shape, and nothing is written."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client, override_settings

from sanad.authorizations.models import AuthorizationRequest
from sanad.registry.models import ContributionCorrection

pytestmark = [pytest.mark.usefixtures("claims_world_rules"), pytest.mark.django_db]

REGISTRY = "/api/v1/registry"
AUTHORIZATIONS = "/api/v1/authorizations"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "INF-321" would show as "123-FNI"
JSON = "application/json"


@pytest.fixture
def client(world) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.clerk)
    with override_settings(DEBUG=False):
        yield client


def _refused(response, field: str, status: int = 400) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "field", "message"}, body
    assert body["field"] == field, body
    assert body["message"]
    return body


def _rights(client, number: str, **query):
    return client.get(f"{REGISTRY}/members/{quote(number)}/rights", query)


# ---- The register ----------------------------------------------------------------------------------


def test_rights_asked_on_0001_01_01_are_refused_naming_the_date(client, world):
    _refused(_rights(client, world.member.registration_number, on="0001-01-01"), "on")


def test_rights_asked_on_9999_12_31_are_refused_naming_the_date(client, world):
    _refused(_rights(client, world.member.registration_number, on="9999-12-31"), "on")


def test_a_registration_number_with_a_direction_character_is_refused(client, world):
    number = world.member.registration_number
    _refused(_rights(client, f"{RLO}{number}", on="2026-01-01"), "registration_number")
    _refused(client.get(f"{REGISTRY}/members/{quote(RLO + number)}"), "registration_number")


def test_a_registration_number_with_a_nul_character_is_refused(client, world):
    _refused(client.get(f"{REGISTRY}/members/A%00B"), "path")


def test_a_registration_number_beyond_its_column_is_refused(client):
    _refused(_rights(client, "A" * 33, on="2026-01-01"), "registration_number")


def test_a_dependant_beyond_the_databases_range_is_refused(client, world):
    number = world.member.registration_number
    _refused(_rights(client, number, on="2026-01-01", dependant=str(2**63)), "dependant")


def _correction(client, receipt: str = "R-1", **fields):
    body = {"kind": "void", "reason": "Saisie en double"} | fields
    return client.post(f"{REGISTRY}/contributions/{quote(receipt)}/corrections", body, content_type=JSON)


def test_a_correction_redated_to_0001_01_01_is_refused_naming_the_date(client):
    _refused(_correction(client, kind="redate", paid_on="0001-01-01"), "paid_on")
    assert not ContributionCorrection.objects.exists()


def test_a_refund_reference_with_a_direction_character_is_refused(client):
    _refused(_correction(client, kind="refund", refund_reference=f"VIR-{RLO}12"), "refund_reference")


def test_a_receipt_number_with_a_direction_character_is_refused(client):
    _refused(_correction(client, receipt=f"R{RLO}-1"), "receipt_number")


def test_a_reason_beyond_its_column_is_refused(client):
    _refused(_correction(client, reason="x" * 301), "reason")


def test_a_nul_character_in_a_reason_is_refused(client):
    _refused(_correction(client, reason="Double\x00"), "reason")


def test_a_decision_on_a_correction_beyond_the_databases_range_is_not_a_server_error(client):
    response = client.post(
        f"{REGISTRY}/corrections/{2**63}/decision", {"decision": "approve"}, content_type=JSON
    )
    assert response.status_code == 404
    _refused(
        client.post(
            f"{REGISTRY}/corrections/1/decision",
            {"decision": "approve", "note": "x" * 301},
            content_type=JSON,
        ),
        "note",
    )


# ---- Prior authorizations ----------------------------------------------------------------------------


def _submit(client, world, **fields):
    body = {
        "registration_number": world.member.registration_number,
        "request_type": "imaging",
        "admission": "outpatient",
        "values": {},
    } | fields
    return client.post(f"{AUTHORIZATIONS}/requests", body, content_type=JSON)


def test_an_emergency_dated_0001_01_01_is_refused_naming_the_date(client, world):
    _refused(_submit(client, world, emergency=True, act_date="0001-01-01"), "act_date")
    assert not AuthorizationRequest.objects.exists()


def test_a_registration_number_with_a_direction_character_is_refused_in_a_request(client, world):
    number = f"{world.member.registration_number}{RLO}"
    _refused(_submit(client, world, registration_number=number), "registration_number")


def test_a_dependant_beyond_the_databases_range_is_refused_in_a_request(client, world):
    _refused(_submit(client, world, dependant_id=2**63), "dependant_id")


def test_a_whole_number_beyond_its_column_in_a_form_value_is_not_a_server_error(client, world):
    response = _submit(client, world, values={"weight_kg": 2**31})
    assert response.status_code in (400, 404), response.content[:300]
    assert set(response.json()) == {"code", "field", "message"}


def test_a_date_0001_01_01_in_a_form_value_is_not_a_server_error(client, world):
    response = _submit(client, world, values={"surgery_date": "0001-01-01"})
    assert response.status_code in (400, 404), response.content[:300]


def test_a_nul_character_in_a_form_value_is_refused_with_its_place(client, world):
    _refused(_submit(client, world, values={"diagnosis": "C50\x00"}), "values.diagnosis")


def test_a_malformed_list_cursor_is_refused_naming_it(client):
    _refused(client.get(f"{AUTHORIZATIONS}/requests", {"after": "²"}), "after")
    _refused(client.get(f"{AUTHORIZATIONS}/requests", {"after": "9" * 20}), "after")


def test_a_reference_with_a_direction_character_is_refused(client):
    _refused(client.get(f"{AUTHORIZATIONS}/requests/{quote('AP-' + RLO + '1')}"), "reference")


def test_an_answer_beyond_its_length_is_refused(client):
    response = client.post(
        f"{AUTHORIZATIONS}/requests/AP-1/answer", {"answer": "x" * 4001}, content_type=JSON
    )
    _refused(response, "answer")
