"""The certificate PDF (French and Arabic, one page, a QR code), its download and the public check page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from sanad.common.models import AuditEvent
from sanad.common.pdf import html_document
from sanad.common.permissions import Role
from sanad.registry.certificates.document import certificate_html, qr_svg
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.models import Member
from tests.paper_layout import label_sides
from tests.registry.test_certificate_family import DAY, family_enroll

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def member(alice):
    return family_enroll(actor=alice)


@pytest.fixture
def insured(make_user, member):
    user = make_user("aminetou", Role.INSURED)
    Member.objects.filter(pk=member.pk).update(user=user)
    return user


def _texts(box, out):
    if getattr(box, "text", None):
        out.append(box.text)
    for child in getattr(box, "children", None) or []:
        _texts(child, out)
    return out


def test_the_pdf_is_one_page_in_french_and_arabic_with_a_qr_code(alice, member):
    certificate = certificate_issue(actor=alice, member_id=member.pk)
    html = certificate_html(certificate)

    document = html_document(html)
    text = " ".join(_texts(document.pages[0]._page_box, []))

    assert len(document.pages) == 1
    assert document.write_pdf().startswith(b"%PDF-")
    assert "منت أحمد" in text  # the member's name in Arabic script, laid out by Pango
    assert ARABIC.search(text.replace("منت أحمد", "").replace("أمينتو", ""))  # and the labels
    assert "Mint Ahmed" in text and "Fatimetou" in text
    assert 'dir="rtl"' in html
    assert "<svg" in html and certificate.token not in text  # the link is in the QR code only
    # Each label beside its value as each side reads: the French side left to right, the Arabic right to left.
    assert label_sides(document) == ["left"] * 5 + ["right"] * 5


def test_the_qr_code_holds_the_verification_link(settings):
    settings.SANAD_PUBLIC_URL = "https://sanad.example"
    svg = qr_svg("https://sanad.example/verify/abc/")

    assert svg.startswith("<svg") and "path" in svg


def test_staff_download_the_certificate_and_it_is_audited(client, alice, member):
    client.force_login(alice)

    response = client.get(f"/registry/certificate/{member.registration_number}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="registry.certificate_issue")
    assert event.actor == alice


def test_the_insured_person_downloads_their_own(client, insured, member):
    client.force_login(insured)

    response = client.get(f"/registry/certificate/{member.registration_number}.pdf")

    assert response.status_code == 200


def test_another_members_certificate_is_404_for_an_insured_person(client, alice, insured):
    other = family_enroll(actor=alice, first_name="Khadijetou")
    client.force_login(insured)

    response = client.get(f"/registry/certificate/{other.registration_number}.pdf")

    assert response.status_code == 404


def test_a_facility_cannot_download_certificates(client, make_user, member):
    client.force_login(make_user("clinic", Role.FACILITY_STAFF))

    assert client.get(f"/registry/certificate/{member.registration_number}.pdf").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, member):
    response = client.get(f"/registry/certificate/{member.registration_number}.pdf")

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_check_page_shows_a_genuine_certificate_without_personal_data(client, alice, member):
    certificate = certificate_issue(actor=alice, member_id=member.pk)

    page = client.get(f"/verify/{certificate.token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "This certificate is genuine." in page
    assert "The insured person is covered today." in page
    assert "AM" in page and "1986" in page and "FO" in page and "2016" in page
    for personal in ("Aminetou", "Mint Ahmed", "أمينتو", "Fatimetou", member.registration_number, "04/05"):
        assert personal not in page.replace(certificate.token, "")


def test_the_check_page_rejects_one_changed_character(client, alice, member):
    token = certificate_issue(actor=alice, member_id=member.pk).token
    forged = token[:20] + ("A" if token[20] != "A" else "B") + token[21:]

    page = client.get(f"/verify/{forged}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "This certificate is not genuine" in page
    assert "1986" not in page


def test_the_check_page_says_expired(client, alice):
    long_ago = timezone.localdate() - 3 * 365 * DAY
    old = family_enroll(actor=alice, covered_on=long_ago, first_name="Khadijetou")
    token = certificate_issue(actor=alice, member_id=old.pk, on=long_ago).token

    page = client.get(f"/verify/{token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "This certificate is genuine but expired on" in page
    assert "The insured person is not covered today." in page


def test_the_check_page_speaks_the_readers_language(client, db):
    page = client.get("/verify/not-a-code/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert 'lang="ar" dir="rtl"' in page


def test_the_public_key_is_published(client, db):
    response = client.get("/verify/public-key.pem")

    assert response.content.startswith(b"-----BEGIN PUBLIC KEY-----")
