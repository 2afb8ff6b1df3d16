"""The certificate's short link (issue 15, items 1 and 2): the SMS carries `/verify/<code>/`, a random code
standing for the QR code's signed token; both links are under the one public address, which follows the
address `make run` serves on unless SANAD_PUBLIC_URL names another."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sanad.notifications.models import Message
from sanad.registry.certificates import document
from sanad.registry.certificates.links import CODE_ALPHABET, CODE_LENGTH
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.models import CertificateLink
from tests.registry.test_certificate_family import family_enroll

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def member(alice):
    return family_enroll(actor=alice)


def test_the_sms_link_is_a_random_code_that_names_nobody(alice, member, settings):
    settings.SANAD_PUBLIC_URL = "https://sanad.example"

    first = certificate_issue(actor=alice, member_id=member.pk)
    second = certificate_issue(actor=alice, member_id=member.pk)

    assert first.short_url == f"https://sanad.example/verify/{first.code}/"
    for code in (first.code, second.code):
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert str(member.pk) not in code and member.registration_number not in code
    assert first.code != second.code  # drawn at random, not derived from the member
    assert CertificateLink.objects.get(code=first.code).token == first.token


def _main(response) -> str:
    """The page's own content (the frame around it holds the page's address and a CSRF token)."""
    page = response.content.decode()
    return page[page.index('<main id="main">') : page.index("</main>")]


def test_the_short_link_opens_the_same_verification_page_as_the_qr_code(client, alice, member):
    certificate = certificate_issue(actor=alice, member_id=member.pk)

    by_code = client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="en")
    by_token = client.get(f"/verify/{certificate.token}/", HTTP_ACCEPT_LANGUAGE="en")

    assert by_code.status_code == 200
    assert "This certificate is genuine." in by_code.content.decode()
    assert _main(by_code) == _main(by_token)


def test_a_code_never_given_is_not_a_certificate(client, alice, member):
    certificate_issue(actor=alice, member_id=member.pk)

    page = client.get(f"/verify/{'a' * CODE_LENGTH}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "This is not a valid certificate code." in page
    assert "1986" not in page


def test_the_qr_code_and_the_sms_follow_the_public_address(
    alice, member, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SANAD_PUBLIC_URL = "http://192.168.1.20:8080/"
    printed: list[str] = []
    monkeypatch.setattr(document, "qr_svg", lambda text: printed.append(text) or "<svg></svg>")

    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(actor=alice, member_id=member.pk)
    document.certificate_html(certificate)

    assert printed == [f"http://192.168.1.20:8080/verify/{certificate.token}/"]
    sms = Message.objects.get(template="certificate_ready")
    assert sms.text.endswith(f": http://192.168.1.20:8080/verify/{certificate.code}/")


def _settings_with(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"SANAD_HOST", "SANAD_PUBLIC_URL"}}
    clean.update(SANAD_DEBUG="1", **env)
    result = subprocess.run(
        [sys.executable, "-c", "import sanad.settings as s; print(s.SANAD_PUBLIC_URL, s.ALLOWED_HOSTS)"],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_public_address_follows_the_served_host_unless_one_is_named():
    assert _settings_with().startswith("http://127.0.0.1:8000 ")
    assert _settings_with(SANAD_HOST="localhost:8080").startswith("http://localhost:8080 ")
    named = _settings_with(SANAD_HOST="0.0.0.0:8080", SANAD_PUBLIC_URL="https://sanad.example")
    assert named.startswith("https://sanad.example ")


def test_a_server_open_to_the_network_accepts_the_address_others_name_it_by():
    assert _settings_with(SANAD_HOST="0.0.0.0:8080").endswith("['*']")
    assert "'192.168.1.20'" in _settings_with(SANAD_PUBLIC_URL="http://192.168.1.20:8080")


MAKE = shutil.which("make")


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_run_serves_on_host_and_gives_it_to_the_settings():
    command = [str(MAKE), "--dry-run", "run", "HOST=0.0.0.0:8080"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603

    runserver = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert runserver and runserver[0].endswith("runserver 0.0.0.0:8080")
    assert "SANAD_HOST=0.0.0.0:8080" in runserver[0]
