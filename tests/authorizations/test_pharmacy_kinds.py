"""A pharmacy asks only for the request types its profile lists for pharmacies (seed 002: pharmacies
submit their own requests, with the INPE and the prescription); the others are refused with the reason and
not offered on its form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.authorizations.models import AuthorizationRequest
from sanad.common.errors import DomainError, ErrorCode
from tests.authorizations.conftest import STAY, at, submit

pytestmark = pytest.mark.django_db


def test_pharmacy_requests_limited_to_its_kinds(fund, pharmacist, member):
    catalogue = fund.profile.authorization_requests
    assert not catalogue.type("medical_stay").facility_kinds  # a type for any facility but a pharmacy
    with pytest.raises(DomainError) as refused:
        submit(pharmacist, member, "medical_stay", "medical_stay", STAY, now=at(2026, 3, 9))
    assert refused.value.code == ErrorCode.FORBIDDEN and refused.value.field == "request_type"
    assert "pharmac" in refused.value.message.lower()
    assert not AuthorizationRequest.objects.exists()


def test_the_pharmacy_form_offers_only_its_kinds(client, fund, pharmacist, member):
    client.force_login(pharmacist)
    page = client.get(
        reverse("authorizations:request_start"), {"registration_number": member.registration_number}
    ).content.decode()
    catalogue = fund.profile.authorization_requests
    assert reverse("authorizations:request_new", args=["pharmacy_drug"]) in page
    assert reverse("authorizations:request_new", args=["medical_stay"]) not in page
    assert catalogue.type("pharmacy_drug").asked_by("pharmacy")
    url = (
        reverse("authorizations:request_new", args=["medical_stay"]) + f"?member={member.registration_number}"
    )
    assert client.get(url).status_code == 403
