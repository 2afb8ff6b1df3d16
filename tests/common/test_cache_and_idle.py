"""Issue 16, §2: answers with personal data carry `Cache-Control: no-store`; an idle session ends.

Static files and the public catalogue of refusal reasons may stay cacheable; a signed-in person idle longer
than the profile's `security.session_idle_minutes` (30 by default) signs in again.
"""

from __future__ import annotations

import time

from django.urls import reverse

from sanad.common.middleware_cache import RENEW_AFTER_SECONDS, SEEN_KEY
from sanad.funds.active import active_profile
from sanad.funds.types import SecurityRules


def test_pages_and_api_answers_are_not_stored(client, make_user):
    client.force_login(make_user("aicha"))

    page = client.get(reverse("home"))
    api = client.get("/api/v1/health")
    missing = client.get("/no-such-page/")

    assert page.status_code == 200
    for response in (page, api, missing):
        assert "no-store" in response["Cache-Control"]


def test_the_login_page_is_not_stored(client):
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


def test_the_public_reason_catalogue_may_be_cached(client):
    response = client.get(reverse("reasons"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_idle_time_by_default_is_30_minutes():
    assert SecurityRules().session_idle_minutes == 30
    assert active_profile().security.session_idle_minutes >= 1


def test_a_session_idle_past_the_profile_s_time_signs_out(client, make_user):
    client.force_login(make_user("brahim"))
    idle = active_profile().security.session_idle_minutes * 60
    session = client.session
    session[SEEN_KEY] = int(time.time()) - idle - 1
    session.save()

    response = client.get(reverse("home"))

    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert "_auth_user_id" not in client.session


def test_an_active_session_slides_its_expiry_to_the_idle_time(client, make_user):
    client.force_login(make_user("vatma"))
    idle = active_profile().security.session_idle_minutes * 60
    assert client.session.get_expiry_age() == idle  # the clock starts at sign-in

    session = client.session
    session[SEEN_KEY] = int(time.time()) - RENEW_AFTER_SECONDS - 1  # a page seen over a minute ago
    session.save()
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert client.session.get_expiry_age() == idle
    assert response.cookies["sessionid"]["max-age"] == idle
