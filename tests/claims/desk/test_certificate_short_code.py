"""Rights at the desk from the certificate's SMS: the short code of its link (`/verify/<code>/`), typed alone,
in capitals or as the whole link, stands for the signed certificate the QR code holds; a code no
certificate has is refused beside the field."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sanad.claims.selectors.desk import desk_check
from sanad.common.errors import DomainError, ErrorCode
from sanad.registry.certificates.services import certificate_issue
from tests.claims.desk.conftest import TODAY, family

ON = datetime.date(2026, 6, 15)


@pytest.fixture
def certificate(db, settings):
    settings.SANAD_PUBLIC_URL = "https://sanad.example"
    member = family(dependants=[{"relationship": "spouse", "birth_date": datetime.date(1984, 2, 2)}])
    return certificate_issue(actor=None, member_id=member.pk, on=ON)


@pytest.mark.parametrize("how", ["link", "code", "capitals"])
def test_the_clerk_checks_rights_with_the_sms_code(clerk, certificate, how):
    typed = {
        "link": f" {certificate.short_url}\n",
        "code": certificate.code,
        "capitals": certificate.code.upper(),
    }[how]

    check = desk_check(user=clerk, query=typed, on=ON)

    assert check.member == certificate.member
    assert check.certificate.serial == certificate.payload.serial
    assert [p.rights.covered for p in check.people] == [True, True]


def test_the_sms_link_is_short_and_names_no_token(certificate):
    assert certificate.code and certificate.code in certificate.short_url
    assert certificate.token not in certificate.short_url


def test_a_code_no_certificate_has_is_refused(clerk, certificate):
    unknown = "".join(reversed(certificate.code))
    if unknown == certificate.code:
        unknown = "abcdefghjk"

    with pytest.raises(DomainError) as caught:
        desk_check(user=clerk, query=f"https://sanad.example/verify/{unknown}/", on=ON)

    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "query")


def test_the_desk_page_shows_the_family_for_a_typed_code(client, clerk, db, settings):
    member = family()
    code = certificate_issue(actor=None, member_id=member.pk, on=TODAY).code
    client.force_login(clerk)

    page = client.get(reverse("claims:desk"), {"query": code})
    unknown = client.get(reverse("claims:desk"), {"query": "abcdefghjk"})

    assert page.status_code == 200
    assert f'data-member="{member.registration_number}"' in page.content.decode()
    assert 'id="certificate"' in page.content.decode()
    assert unknown.status_code in (400, 404)
    assert 'data-field="query"' in unknown.content.decode()
