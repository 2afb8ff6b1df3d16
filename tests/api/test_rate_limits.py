"""API rate limits per client (issue 16, costs bounded): the call beyond a client's limit in its window is a
429 with `Retry-After` and the API's error body in the caller's language; other clients are not affected;
anonymous callers count by address; a new window opens the calls again; an API client counts as itself."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from sanad.api import rate_limits
from sanad.common.permissions import Role
from tests.api.claims_conftest import API, sheet_body

HEALTH = "/api/v1/health"
TYPES = "/api/v1/authorizations/types"
# 1000 s on the clock: the minute's window opened at 960 s and ends in 20 s.
NOW = 1000.0


@pytest.fixture(autouse=True)
def _limits(settings, monkeypatch):
    settings.SANAD_API_RATE_CLIENT = 3
    settings.SANAD_API_RATE_ANONYMOUS = 2
    settings.SANAD_API_RATE_WINDOW = 60
    monkeypatch.setattr(rate_limits, "clock", lambda: NOW)


def _signed_in(make_user, username: str) -> Client:
    client = Client()
    client.force_login(make_user(username, Role.FACILITY_STAFF))
    return client


def test_the_call_beyond_the_limit_in_its_window_is_a_429_with_retry_after_and_the_error_body(make_user):
    client = _signed_in(make_user, "salka")
    for _ in range(3):
        assert client.get(HEALTH).status_code == 200

    refused = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="fr")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "20"
    assert refused["Content-Type"].startswith("application/json")
    body = refused.json()
    assert set(body) == {"code", "field", "message"} and body["field"] is None
    assert "20" in body["message"] and "Too many" not in body["message"]  # said in French


def test_the_refusal_is_told_in_the_callers_language(make_user):
    client = _signed_in(make_user, "salka")
    for _ in range(3):
        client.get(HEALTH)

    french = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="fr").json()["message"]
    arabic = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="ar").json()["message"]

    assert french != arabic
    assert any("\u0600" <= character <= "\u06ff" for character in arabic)


def test_another_user_is_not_affected_by_a_client_over_its_limit(make_user):
    busy, other = _signed_in(make_user, "salka"), _signed_in(make_user, "brahim")
    for _ in range(4):
        busy.get(HEALTH)
    assert busy.get(HEALTH).status_code == 429

    assert other.get(HEALTH).status_code == 200


def test_every_operation_counts_against_its_callers_limit(make_user):
    client = _signed_in(make_user, "salka")
    for _ in range(3):
        client.get(TYPES)  # answered or refused by the operation, counted all the same

    assert client.get(TYPES).status_code == 429


def test_anonymous_callers_are_counted_by_their_address(db):
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    assert [first.get(TYPES).status_code for _ in range(2)] == [401, 401]

    refused = first.get(TYPES)

    assert refused.status_code == 429 and refused["Retry-After"] == "20"
    assert set(refused.json()) == {"code", "field", "message"}
    assert second.get(TYPES).status_code == 401


def test_a_new_window_opens_the_calls_again(make_user, monkeypatch):
    client = _signed_in(make_user, "salka")
    for _ in range(4):
        client.get(HEALTH)

    monkeypatch.setattr(rate_limits, "clock", lambda: NOW + 20)

    assert client.get(HEALTH).status_code == 200


def test_a_limit_of_zero_turns_the_limit_off(make_user, settings):
    settings.SANAD_API_RATE_CLIENT = 0
    client = _signed_in(make_user, "salka")

    assert {client.get(HEALTH).status_code for _ in range(5)} == {200}


def test_an_api_client_is_counted_by_its_client_whichever_account_or_key_it_uses(make_user):
    class ApiClient:
        pk = 7

    request = RequestFactory().get(HEALTH)
    request.user = make_user("software", Role.FACILITY_STAFF)
    request.api_client = ApiClient()

    assert rate_limits.client_key(request) == ("client:7", True)


def test_a_replayed_write_counts_against_the_limit_once(world):
    client = Client()
    client.force_login(world.clerk)
    body, key = sheet_body(world.member), {"HTTP_IDEMPOTENCY_KEY": "sheet-0001"}
    first = client.post(f"{API}/care-sheets", body, content_type="application/json", **key)
    assert first.status_code == 201  # one call
    for _ in range(2):
        again = client.post(f"{API}/care-sheets", body, content_type="application/json", **key)
        assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"

    refused = client.post(f"{API}/care-sheets", body, content_type="application/json", **key)

    assert refused.status_code == 429 and refused["Retry-After"] == "20"
    assert set(refused.json()) == {"code", "field", "message"}


def test_the_limit_holds_across_processes_sharing_a_redis_cache(make_user, settings):
    """Two server processes count in the same Redis (SANAD_CACHE_URL): the limit is the client's, not each
    process's. A second cache object stands for the second process."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from django.core.cache import caches

    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/9",
    }
    settings.CACHES = {**settings.CACHES, "shared": backend}
    settings.SANAD_API_RATE_CACHE = "shared"
    caches["shared"].clear()
    client = _signed_in(make_user, "salka")
    try:
        assert [client.get(HEALTH).status_code for _ in range(2)] == [200, 200]
        del caches["shared"]  # the next calls come through another connection, as another process's
        assert [client.get(HEALTH).status_code for _ in range(2)] == [200, 429]
    finally:
        caches["shared"].clear()
