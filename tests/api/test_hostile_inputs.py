"""No server error on any input, through the API, with DEBUG off: each input that used to crash a request is
refused with a 4xx naming its field in the API's one error shape `{code, field, message}`, and writes nothing.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from sanad.claims.models import BillingFile, CareSheet
from tests.api.claims_conftest import API, sheet_body

pytestmark = [pytest.mark.usefixtures("claims_world_rules"), pytest.mark.django_db]


@pytest.fixture
def client(world) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.clerk)
    with override_settings(DEBUG=False):
        yield client


def _refused(response, field: str | None, status: int = 400) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "field", "message"}, body
    assert body["field"] == field, body
    assert body["message"]
    return body


def _sheet(client, world, **fields):
    return client.post(
        f"{API}/care-sheets", sheet_body(world.member, **fields), content_type="application/json"
    )


def test_a_nul_character_in_a_free_text_field_is_refused_with_its_field(client, world):
    _refused(_sheet(client, world, practitioner="Dr\x00Sidi"), "practitioner")
    assert not CareSheet.objects.exists()


def test_a_nul_character_in_a_nested_field_is_refused_with_its_place(client, world):
    body = sheet_body(world.member)
    body["lines"][0]["code"] = "CON\x00C"
    response = client.post(f"{API}/care-sheets", body, content_type="application/json")
    _refused(response, "lines[0].code")
    assert not CareSheet.objects.exists()


def test_a_nul_character_in_a_path_segment_is_refused(client):
    _refused(client.get("/api/v1/registry/members/MR%0012"), "path")


def test_a_nul_character_in_a_query_string_is_refused_with_its_parameter(client):
    _refused(client.get(f"{API}/billing-files", {"after": "1\x00"}), "after")


@pytest.mark.parametrize("cursor", ["zz", "1.5", "99999999999999999999", '["x", "y"]', "[", "0001-01-01"])
def test_a_malformed_cursor_of_a_list_starts_at_the_first_page(client, cursor):
    response = client.get(f"{API}/billing-files", {"after": cursor})
    assert response.status_code in (200, 400), response.content[:300]


@pytest.mark.parametrize("cursor", ["zz", '["x", "y"]', '["2024-13-45", "1"]', '["2024-01-01", "z"]'])
def test_a_malformed_cursor_of_the_reception_is_refused_or_starts_at_the_first_page(client, world, cursor):
    client.force_login(world.checker)
    response = client.get(f"{API}/batches", {"after": cursor})
    assert response.status_code in (200, 400), response.content[:300]


def test_a_practitioner_name_over_200_characters_is_refused(client, world):
    _refused(_sheet(client, world, practitioner="P" * 201), "practitioner")
    assert not CareSheet.objects.exists()


def test_a_quantity_beyond_the_integer_column_is_refused(client, world):
    body = sheet_body(world.member)
    body["lines"][0]["quantity"] = 2_147_483_648
    response = client.post(f"{API}/care-sheets", body, content_type="application/json")
    _refused(response, "lines[0].quantity")
    assert not CareSheet.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_care_date_outside_the_register_years_is_refused(client, world, day):
    _refused(_sheet(client, world, care_date=day), "care_date")
    assert not CareSheet.objects.exists()


def test_line_totals_beyond_the_amount_column_are_refused(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None  # the body limit would refuse it first
    body = sheet_body(world.member, billed="20000000.00")  # the profile's largest entry, 50,001 times
    body["lines"] = body["lines"] * 50_001
    response = client.post(f"{API}/care-sheets", body, content_type="application/json")
    _refused(response, "lines")
    assert not CareSheet.objects.exists()


@pytest.mark.parametrize("mark", ["\u202e", "\u200f", "\u2066", "\t"])
def test_bidi_or_control_characters_in_an_invoice_number_are_refused(client, world, mark):
    sheet = _sheet(client, world)
    assert sheet.status_code == 201, sheet.json()
    body = {"care_sheet_id": sheet.json()["id"], "invoice_number": f"INV{mark}-321"}
    _refused(client.post(f"{API}/billing-files", body, content_type="application/json"), "invoice_number")
    assert not BillingFile.objects.exists()


def test_a_json_list_where_an_object_is_expected_is_refused(client, world):
    response = client.post(f"{API}/care-sheets", [sheet_body(world.member)], content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert not CareSheet.objects.exists()


def test_an_id_beyond_the_database_range_is_not_found(client):
    _refused(client.get(f"{API}/care-sheets/99999999999999999999"), None, 404)


def test_an_id_beyond_the_database_range_in_a_body_is_refused(client, world):
    body = {"care_sheet_id": 2**63, "invoice_number": "INV-1"}
    _refused(client.post(f"{API}/billing-files", body, content_type="application/json"), "care_sheet_id")


# ---- Every error in the API's shape -----------------------------------------------------------------


def test_malformed_json_is_answered_in_the_error_shape(client):
    _refused(client.post(f"{API}/care-sheets", "{not json", content_type="application/json"), None)


def test_malformed_multipart_is_answered_in_the_error_shape(client):
    response = client.generic(
        "POST",
        f"{API}/billing-files/1/documents",
        b"--x\r\nbroken",
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code in (400, 404)
    assert set(response.json()) == {"code", "field", "message"}


def test_no_session_is_answered_in_the_error_shape():
    with override_settings(DEBUG=False):
        response = Client(raise_request_exception=False).get(f"{API}/billing-files")
    _refused(response, None, 401)


def test_a_missing_csrf_token_is_answered_in_the_error_shape(world):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(world.clerk)
    with override_settings(DEBUG=False):
        response = client.post(f"{API}/batches", {"group": "outpatient"}, content_type="application/json")
    _refused(response, None, 403)


def test_an_unknown_route_is_answered_in_the_error_shape(client):
    _refused(client.get("/api/v1/no-such-thing"), None, 404)


def test_a_method_not_allowed_is_answered_in_the_error_shape(client):
    _refused(client.delete(f"{API}/care-sheets"), None, 405)


def test_a_body_over_the_limit_is_answered_413_in_the_error_shape(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(f"{API}/batches", {"group": "x" * 2000}, content_type="application/json")
    _refused(response, None, 413)


def test_a_server_error_is_answered_in_the_error_shape(client, monkeypatch):
    from sanad.api.rest import claims_batches

    def broken(**kwargs):
        raise RuntimeError("a fault")

    monkeypatch.setattr(claims_batches, "batch_create", broken)
    _refused(
        client.post(f"{API}/batches", {"group": "outpatient"}, content_type="application/json"), None, 500
    )
