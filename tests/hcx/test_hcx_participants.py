"""Participants registered by an administrator (issue #19 §3): a page lists them with the fund's public key,
adds one with its API client, public key and callback address, deactivates one (whose requests are then
refused); a private key is refused as a participant's key; other staff cannot open the page."""

from __future__ import annotations

import pytest
from jwcrypto import jwk

from sanad.common.permissions import Role
from sanad.credentials.selectors import api_client_of_key
from sanad.exchange.models import Participant
from tests.hcx.conftest import headers, post, sealed
from tests.hcx.test_hcx_exchange import _eligibility, _error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.hcx.urls")]
PAGE = "/exchange/participants/"


def test_an_administrator_registers_a_participant_then_deactivates_it(client, hcx, make_user):
    client.force_login(make_user("vatma", Role.ADMINISTRATOR))
    listed = client.get(PAGE)
    assert listed.status_code == 200 and "BEGIN PUBLIC KEY" in listed.content.decode()
    key = jwk.JWK.generate(kty="RSA", size=2048)
    form = {
        "code": "his-new",
        "name": "HIS nouveau",
        "client": api_client_of_key(hcx.fhir.hospital_key).pk,
        "public_key": key.export_to_pem().decode(),
        "callback_url": "https://his-new.example.org/hcx",
    }

    private = client.post(f"{PAGE}new/", form | {"public_key": key.export_private()})
    assert private.status_code == 400 and not Participant.objects.filter(code="his-new").exists()
    assert client.post(f"{PAGE}new/", form).status_code == 302
    added = Participant.objects.get(code="his-new")
    assert added.facility == hcx.fhir.world.hospital and added.active

    centre = Participant.objects.get(code=hcx.centre.code)
    assert client.post(f"{PAGE}{centre.pk}/deactivate/").status_code == 302
    compact = sealed(hcx, _eligibility(hcx), headers(hcx.centre.code))
    assert _error(post(hcx.centre, "coverageeligibility/check", compact), 401)["code"] == "ERR_INVALID_SENDER"


def test_facility_staff_cannot_open_the_participants_page(client, hcx):
    client.force_login(hcx.fhir.world.clerk)

    assert client.get(PAGE).status_code in (302, 403)
