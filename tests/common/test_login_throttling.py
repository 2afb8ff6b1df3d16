"""Issue 16, §2: login throttling per account whatever the address, and per address whatever the account.

Five failures lock out (django-axes, settings.AXES_*), on the pages' login and the admin's alike; the
lock-out page is in the reader's language; an administrator unlocks in the admin (Access attempts). The
client address comes from X-Forwarded-For only behind SANAD_TRUSTED_PROXIES proxies.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from sanad.common.client_address import client_address
from tests.conftest import PASSWORD

LOGIN_URL = reverse("login")
ADMIN_LOGIN_URL = reverse("admin:login")
WRONG = "wrong-password"


def _try(client, username, password=WRONG, address="203.0.113.1", url=LOGIN_URL, language="en"):
    return client.post(
        url,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_guesses_spread_over_addresses_lock_the_account(client, make_user):
    make_user("khadija")
    for i in range(5):
        _try(client, "khadija", address=f"198.51.100.{i + 1}")

    response = _try(client, "khadija", password=PASSWORD, address="198.51.100.77")

    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_locked_out(client, make_user):
    make_user("sidi")
    for i in range(5):
        _try(client, f"guess{i}", address="192.0.2.50")

    response = _try(client, "sidi", password=PASSWORD, address="192.0.2.50")

    assert response.status_code == 429
    assert _try(client, "sidi", password=PASSWORD, address="192.0.2.51").status_code == 302


def test_the_lock_out_page_is_in_the_reader_s_language(client, make_user):
    for _ in range(5):
        _try(client, "mariem")

    response = _try(client, "mariem", language="fr")

    assert response.status_code == 429
    assert "Trop de tentatives échouées" in response.content.decode()


def test_the_admin_login_is_throttled_too(client, make_user):
    make_user("root", is_staff=True, is_superuser=True)
    for i in range(5):
        _try(client, "root", address=f"198.51.100.{i + 1}", url=ADMIN_LOGIN_URL)

    response = _try(client, "root", password=PASSWORD, address="198.51.100.99", url=ADMIN_LOGIN_URL)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_administrator_unlocks_an_account(client, make_user, django_user_model):
    make_user("fatimetou")
    for i in range(5):
        _try(client, "fatimetou", address=f"198.51.100.{i + 1}")
    assert _try(client, "fatimetou", password=PASSWORD, address="198.51.100.30").status_code == 429

    admin = django_user_model.objects.create_superuser("admin", password=PASSWORD)
    client.force_login(admin)
    for attempt in AccessAttempt.objects.filter(username="fatimetou"):
        response = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
        assert response.status_code == 302
    client.logout()

    assert _try(client, "fatimetou", password=PASSWORD, address="198.51.100.30").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "1.2.3.4, 192.0.2.9", "192.0.2.9"),  # the client wrote 1.2.3.4 itself
        (2, "1.2.3.4, 192.0.2.9, 10.0.0.2", "192.0.2.9"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.SANAD_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_a_forged_forwarded_header_does_not_escape_the_lock_out(client, make_user, settings):
    settings.SANAD_TRUSTED_PROXIES = 1
    for i in range(5):
        client.post(
            LOGIN_URL,
            {"username": f"guess{i}", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, 192.0.2.60",
        )

    response = client.post(
        LOGIN_URL,
        {"username": "another", "password": "x"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.99, 192.0.2.60",
    )

    assert response.status_code == 429
