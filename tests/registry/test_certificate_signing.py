"""The certificate's signed payload: genuine accepted, any change rejected, expiry and today's rights."""

from __future__ import annotations

import base64
import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from sanad.registry.certificates import signing
from sanad.registry.certificates.payload import Payload, initials
from sanad.registry.certificates.services import VerificationStatus, certificate_issue, certificate_verify
from tests.registry.test_certificate_family import DAY, family_enroll

ISSUED = datetime.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def certificate(alice):
    member = family_enroll(actor=alice, covered_on=ISSUED)
    return certificate_issue(actor=alice, member_id=member.pk, on=ISSUED)


def test_it_signs_a_compact_payload_with_initials_and_birth_years_only(certificate):
    payload = Payload.decode(signing.token_open(certificate.token))

    assert payload == certificate.payload
    assert [(m.kind, m.initials, m.birth_year) for m in payload.marks] == [
        ("member", "AM", 1986),
        ("spouse", "MO", 1984),
        ("child", "FO", 2016),
    ]
    assert payload.valid_until >= ISSUED
    assert b"Aminetou" not in certificate.payload.encode()
    assert len(certificate.url) < 300  # a QR code of version 10 or so, easy to scan on paper


def test_it_audits_each_issue_with_its_serial(certificate):
    event = AuditEvent.objects.get(action="registry.certificate_issue")

    assert event.after["serial"] == certificate.payload.serial
    assert event.object_id == str(certificate.member.pk)


def test_a_genuine_certificate_is_accepted(certificate):
    verification = certificate_verify(certificate.token, today=ISSUED + DAY)

    assert verification.status == VerificationStatus.GENUINE
    assert verification.valid and not verification.expired
    assert verification.covered_today
    assert [b.covered_today for b in verification.beneficiaries] == [True, True, True]


@pytest.mark.parametrize("position", [0, 10, 40, -30, -1])
def test_one_changed_character_is_rejected(certificate, position):
    token = certificate.token
    changed = "A" if token[position] != "A" else "B"
    forged = token[:position] + changed + token[position:][1:] if position != -1 else token[:-1] + changed

    assert certificate_verify(forged, today=ISSUED).status == VerificationStatus.TAMPERED


def test_a_payload_signed_by_another_key_is_rejected(certificate, settings):
    fund_key = settings.SANAD_SIGNING_KEY
    settings.SANAD_SIGNING_KEY = base64.b64encode(b"x" * 32).decode()
    forged = signing.token_sign(certificate.payload.encode())
    settings.SANAD_SIGNING_KEY = fund_key

    assert certificate_verify(forged, today=ISSUED).status == VerificationStatus.TAMPERED


@pytest.mark.parametrize("token", ["", "abc", "!!!!", "A" * 3000])
def test_garbage_is_malformed(db, token):
    assert certificate_verify(token).status == VerificationStatus.MALFORMED


def test_an_expired_certificate_says_expired(certificate):
    later = certificate.payload.valid_until + 400 * DAY

    verification = certificate_verify(certificate.token, today=later)

    assert verification.genuine and verification.expired
    assert not verification.covered_today


def test_a_deleted_member_is_no_longer_covered(certificate):
    certificate.member.rights_periods.all().delete()
    certificate.member.contributions.all().delete()
    certificate.member.delete()

    verification = certificate_verify(certificate.token, today=ISSUED)

    assert verification.genuine and not verification.covered_today


def test_no_certificate_without_rights(alice):
    member = family_enroll(actor=alice, covered_on=ISSUED)

    with pytest.raises(DomainError) as raised:
        certificate_issue(actor=alice, member_id=member.pk, on=datetime.date(2020, 1, 1))

    assert raised.value.field == "registration_number"


def test_a_missing_key_names_the_setting(settings):
    settings.SANAD_SIGNING_KEY = ""

    with pytest.raises(ImproperlyConfigured, match="SANAD_SIGNING_KEY"):
        signing.token_sign(b"x")


def test_a_key_of_the_wrong_length_names_the_setting(settings):
    settings.SANAD_SIGNING_KEY = base64.b64encode(b"short").decode()

    with pytest.raises(ImproperlyConfigured, match="SANAD_SIGNING_KEY"):
        signing.signing_key()


def test_the_command_prints_the_public_key_that_verifies_tokens(certificate, capsys):
    call_command("signing_public_key")
    raw = base64.b64decode(capsys.readouterr().out.strip())

    data = base64.urlsafe_b64decode(certificate.token + "=" * (-len(certificate.token) % 4))
    Ed25519PublicKey.from_public_bytes(raw).verify(data[-64:], data[:-64])  # raises if not


def test_the_command_prints_pem_on_request(db, capsys):
    call_command("signing_public_key", "--pem")

    assert capsys.readouterr().out.startswith("-----BEGIN PUBLIC KEY-----")


def test_initials_drop_accents_and_punctuation():
    assert initials("Élodie", "  d'Arc") == "ED"
    assert initials("", "Ould") == "O"
