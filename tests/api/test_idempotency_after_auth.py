"""Idempotent replay happens only after authentication and the CSRF check (issue 16): a retry under a kept
key gets the kept answer only when it comes from the signed-in session with its anti-forgery token; with
no session, or without the token, the API refuses it (401, 403) in its error body, and nothing is claimed
nor run."""

from __future__ import annotations

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from sanad.api.idempotency import REPLAYED
from sanad.api.models import IdempotentRequest
from sanad.claims.models import CareSheet
from tests.api.claims_conftest import API, sheet_body

JSON = "application/json"
KEY = "sheet-0001"

pytestmark = pytest.mark.usefixtures("claims_world_rules")


def _post(client: Client, body: dict, **headers):
    return client.post(f"{API}/care-sheets", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=KEY, **headers)


@pytest.fixture
def kept(world) -> dict:
    """A care sheet opened under KEY by the clerk's session, its answer kept for a day."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk)
    body = sheet_body(world.member)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    first = _post(client, body, HTTP_X_CSRFTOKEN=token)
    assert first.status_code == 201, first.content[:300]
    return {"body": body, "answer": first.json()}


def _refused(response, status: int) -> None:
    assert response.status_code == status, response.content[:300]
    assert REPLAYED not in response
    assert set(response.json()) == {"code", "field", "message"}


def test_a_retry_without_a_session_is_a_401_not_the_kept_answer(world, kept):
    client = Client(enforce_csrf_checks=True)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token

    _refused(_post(client, kept["body"], HTTP_X_CSRFTOKEN=token), 401)
    assert CareSheet.objects.count() == 1


def test_a_retry_with_neither_session_nor_token_is_refused_not_the_kept_answer(world, kept):
    response = _post(Client(enforce_csrf_checks=True), kept["body"])

    _refused(response, response.status_code)
    assert response.status_code in (401, 403)


def test_a_retry_from_the_session_without_its_csrf_token_is_a_403_not_the_kept_answer(world, kept):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk)
    client.cookies["csrftoken"] = _get_new_csrf_string()

    response = _post(client, kept["body"])  # the cookie alone, as a forged page would send it

    _refused(response, 403)
    assert response.json()["code"] == "forbidden"
    assert CareSheet.objects.count() == 1


def test_a_retry_with_a_wrong_csrf_token_is_a_403_not_the_kept_answer(world, kept):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk)
    client.cookies["csrftoken"] = _get_new_csrf_string()

    _refused(_post(client, kept["body"], HTTP_X_CSRFTOKEN=_get_new_csrf_string()), 403)


def test_a_new_key_without_the_csrf_token_is_not_claimed(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk)

    _refused(_post(client, sheet_body(world.member)), 403)

    assert not IdempotentRequest.objects.exists()
    assert not CareSheet.objects.exists()


def test_a_retry_from_the_session_with_its_csrf_token_gets_the_kept_answer(world, kept):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token

    again = _post(client, kept["body"], HTTP_X_CSRFTOKEN=token)

    assert again.status_code == 201 and again[REPLAYED] == "true"
    assert again.json() == kept["answer"]
    assert CareSheet.objects.count() == 1
