"""Two-factor sign-in (issue #16 §2): the staff who see medical or money data give a one-time code after
their password; until then they reach nothing but the code pages, neither the pages nor the admin site."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.web.two_factor.rules import TWO_FACTOR_ROLES
from sanad.web.two_factor.services import backup_codes_renew
from tests.conftest import PASSWORD
from tests.operations.test_deploy_check import _production

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_two_factor_on")]


@pytest.fixture
def _two_factor_on():
    with override_settings(SANAD_TWO_FACTOR=True):
        yield


def _code(device: TOTPDevice, *, steps: int = 0) -> str:
    """The code the phone shows now (or `steps` periods later), as django-otp computes it."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps):06d}"


def _log_in(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def _app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.mark.parametrize("role", sorted(TWO_FACTOR_ROLES), ids=lambda r: r.value)
def test_each_role_with_medical_or_money_data_is_sent_to_set_up_from_home_and_admin(client, make_user, role):
    user = make_user(f"user_{role.value}", role)
    _log_in(client, user)

    home = client.get(reverse("home"))
    admin = client.get("/admin/")

    set_up = reverse("two_factor:set_up")
    assert home.status_code == 302 and home["Location"].startswith(set_up)
    assert admin.status_code == 302 and admin["Location"].startswith(set_up)


def test_a_staff_account_without_role_must_give_a_code_for_the_admin_site(client, make_user):
    user = make_user("it_staff", is_staff=True)
    _log_in(client, user)

    assert client.get("/admin/")["Location"].startswith(reverse("two_factor:set_up"))


def test_a_role_with_an_app_is_asked_for_its_code_and_comes_back_to_the_page_asked(client, make_user):
    user = make_user("finance", Role.FINANCE_OFFICER)
    _app(user)
    _log_in(client, user)

    response = client.get("/payments/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor:verify')}?next=%2Fpayments%2F"


def test_a_counter_agent_is_not_asked_for_a_code(client, alice):
    _log_in(client, alice)

    assert client.get(reverse("home")).status_code == 200


def test_nobody_is_asked_when_two_factor_is_off(client, manager):
    _log_in(client, manager)

    with override_settings(SANAD_TWO_FACTOR=False):
        assert client.get(reverse("home")).status_code == 200


def test_the_api_refuses_a_session_without_its_code(client, manager):
    _log_in(client, manager)

    response = client.get("/api/v1/claims/batches", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "field": None,
        "message": "Give your one-time code on the site first.",
    }


def test_set_up_with_the_apps_first_code_confirms_it_and_shows_ten_backup_codes_once(client, manager):
    _log_in(client, manager)
    page = client.get(reverse("two_factor:set_up"), HTTP_ACCEPT_LANGUAGE="en")
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    html = page.content.decode()
    assert "<svg" in html and 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert "CNASS" in page.context["issuer"]

    response = client.post(reverse("two_factor:set_up"), {"code": _code(device), "next": "/"}, follow=True)

    device.refresh_from_db()
    assert device.confirmed
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor:backup_codes"))
    assert len(response.context["codes"]) == 10
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("two_factor:backup_codes")).context["codes"] == []
    assert AuditEvent.objects.filter(action="two_factor.set_up", object_id=str(manager.pk)).exists()


def test_the_qr_code_names_the_fund_and_the_secret_is_shown_in_groups(client, manager):
    _log_in(client, manager)
    response = client.get(reverse("two_factor:set_up"))

    groups = response.context["secret"].split()
    assert all(len(g) == 4 for g in groups[:-1]) and len(groups) > 4
    assert "https://" not in response.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]


def test_a_wrong_code_is_refused_with_a_message_next_to_the_field(client, make_user):
    user = make_user("doctor", Role.MEDICAL_ADVISER)
    device = _app(user)
    _log_in(client, user)

    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor:verify"), {"code": wrong}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


@override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
def test_after_a_wrong_code_the_next_try_waits(client, make_user):
    user = make_user("checker", Role.CLAIMS_CHECKER)
    device = _app(user)
    _log_in(client, user)
    client.post(reverse("two_factor:verify"), {"code": "000000" if _code(device) != "000000" else "111111"})

    response = client.post(reverse("two_factor:verify"), {"code": _code(device)}, HTTP_ACCEPT_LANGUAGE="en")

    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_wrong_codes_count_as_failed_logins_and_lock_the_account(client, make_user, settings):
    user = make_user("payer", Role.FINANCE_OFFICER)
    device = _app(user)
    _log_in(client, user)
    wrong = f"{(int(_code(device)) + 500_000) % 1_000_000:06d}"

    answers = [
        client.post(reverse("two_factor:verify"), {"code": wrong}) for _ in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert [a.status_code for a in answers[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert answers[-1].status_code == 429
    assert not client.get(reverse("home"), follow=True).context["user"].is_authenticated
    assert client.post(reverse("login"), {"username": "payer", "password": PASSWORD}).status_code == 429


def test_the_right_code_opens_the_pages_and_the_admin_site(client, make_user):
    user = make_user("root", Role.ADMINISTRATOR, is_staff=True)
    device = _app(user)
    _log_in(client, user)

    response = client.post(reverse("two_factor:verify"), {"code": _code(device), "next": "/admin/"})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_a_backup_code_works_once(client, manager):
    _app(manager)
    code = backup_codes_renew(user=manager)[0]
    _log_in(client, manager)

    first = client.post(reverse("two_factor:verify"), {"backup_code": f"{code[:4]} {code[4:]}"})
    assert first.status_code == 302 and client.get(reverse("home")).status_code == 200

    client.post(reverse("logout"))
    _log_in(client, manager)
    again = client.post(reverse("two_factor:verify"), {"backup_code": code}, HTTP_ACCEPT_LANGUAGE="en")
    assert "This backup code is not right, or it was used already." in again.content.decode()
    assert StaticDevice.objects.get(user=manager).token_set.count() == 9


def test_an_administrator_resets_a_lost_phone_with_an_audit_event(client, make_user, manager):
    admin = make_user("admin", Role.ADMINISTRATOR)
    admin_app = _app(admin)
    _app(manager)
    backup_codes_renew(user=manager)
    _log_in(client, admin)
    client.post(reverse("two_factor:verify"), {"code": _code(admin_app)})

    assert "Mariem" in client.get(reverse("two_factor:accounts")).content.decode()
    client.post(reverse("two_factor:reset", args=[manager.pk]))

    assert not TOTPDevice.objects.filter(user=manager).exists()
    assert not StaticDevice.objects.filter(user=manager).exists()
    event = AuditEvent.objects.get(action="two_factor.reset", object_id=str(manager.pk))
    assert event.actor == admin


def test_only_an_administrator_may_reset_an_app(client, manager, alice):
    _app(alice)
    _log_in(client, alice)

    assert client.post(reverse("two_factor:reset", args=[manager.pk])).status_code == 403
    assert client.get(reverse("two_factor:accounts")).status_code == 403


def test_two_factor_is_on_in_production_settings(tmp_path):
    done = _production(
        """
        from django.conf import settings
        print(settings.SANAD_TWO_FACTOR)
        print("django_otp.middleware.OTPMiddleware" in settings.MIDDLEWARE)
        """,
        tmp_path,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_two_factor_pages_speak_plain_french_and_arabic(client, make_user, language):
    from tests.web.plain_words import offences, page_text

    user = make_user("admin", Role.ADMINISTRATOR)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    _log_in(client, user)
    pages = {"set_up": client.get(reverse("two_factor:set_up"))}
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("two_factor:set_up"), {"code": _code(device)})
    pages["backup_codes"] = client.get(reverse("two_factor:backup_codes"))
    pages["backup_codes_later"] = client.get(reverse("two_factor:backup_codes"))
    pages["accounts"] = client.get(reverse("two_factor:accounts"))
    client.post(reverse("logout"))
    _log_in(client, user)
    pages["verify"] = client.get(reverse("two_factor:verify"))
    pages["wrong"] = client.post(reverse("two_factor:verify"), {"code": "12"})

    for name, page in pages.items():
        assert page.status_code == 200, name
        html = page.content.decode()
        assert f'lang="{language}"' in html
        assert offences(page_text(html), language) == [], name
