"""An ineligible facility asking for an agreement or direct billing is told why at once, in plain words that
name its kind and sector, and nothing is recorded (issue 15; seed 001: "eligible for a CNASS agreement:
public and non-profit facilities with a permanent mission of care"; seed 002: "private clinics, dialysis and
eye centres apply"). Rows are counted before and after each attempt."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.providers import services
from sanad.providers.models import (
    AgreementEvent,
    AgreementRequest,
    DirectBillingAccess,
    DirectBillingEvent,
    Facility,
)

pytestmark = pytest.mark.django_db
BANK = "011519000001205000534921"


def rows() -> dict[str, int]:
    """Everything an attempt could leave behind."""
    return {
        "requests": AgreementRequest.objects.count(),
        "agreement_events": AgreementEvent.objects.count(),
        "accesses": DirectBillingAccess.objects.count(),
        "access_events": DirectBillingEvent.objects.count(),
        "audit": AuditEvent.objects.count(),
        "in_network": Facility.objects.exclude(network_status="none").count(),
    }


@pytest.fixture
def fund(settings):
    def use(code: str) -> None:
        settings.SANAD_FUND = code

    return use


# (fund, kind, sector, fields, what the reason names in English)
INELIGIBLE = [
    ("cnass-mr", "private_clinic", "private", {}, ("Private clinic", "Private", "Public, Non-profit")),
    ("cnass-mr", "pharmacy", "public", {}, ("Pharmacy", "Public", "this kind of facility")),
    ("cnass-mr", "health_centre", "non_profit", {"mission_curative": False}, ("Health centre", "Non-profit")),
]


@pytest.mark.parametrize(("fund_code", "kind", "sector", "fields", "words"), INELIGIBLE)
def test_the_staff_page_refuses_an_ineligible_request_with_its_reason_and_records_nothing(
    client, manager, make_facility, fund, fund_code, kind, sector, fields, words
):
    fund(fund_code)
    facility = make_facility(kind, sector, **fields)
    client.force_login(manager)
    before = rows()

    response = client.post(
        reverse("providers:agreement_request", args=[facility.code]),
        {"request-requested_on": "2026-03-02", "request-directorate_copy": "DRS du Trarza"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert f"Kind: {words[0]}; sector: {words[1]}." in page
    for word in words[2:]:
        assert word in page
    assert rows() == before


def test_the_facility_page_says_why_before_anyone_asks(client, manager, make_facility, fund):
    fund("cnass-mr")
    clinic = make_facility("private_clinic", "private")
    client.force_login(manager)

    page = client.get(reverse("providers:facility_detail", args=[clinic.code]), HTTP_ACCEPT_LANGUAGE="fr")

    text = page.content.decode()
    assert 'id="agreement-refusal"' in text
    assert "Type : Clinique privée ; secteur : Privé." in text
    assert 'id="form-request"' not in text


def test_the_reason_is_in_arabic_on_an_arabic_page(client, manager, make_facility, fund):
    fund("cnass-mr")
    pharmacy = make_facility("pharmacy", "public")
    client.force_login(manager)
    before = rows()

    response = client.post(
        reverse("providers:agreement_request", args=[pharmacy.code]),
        {"request-requested_on": "2026-03-02"},
        HTTP_ACCEPT_LANGUAGE="ar",
    )

    assert response.status_code == 400
    assert "النوع: صيدلية؛ القطاع: عمومي." in response.content.decode()
    assert rows() == before


@pytest.mark.parametrize(("fund_code", "kind", "sector", "fields", "words"), INELIGIBLE)
def test_the_service_refuses_before_writing_anything(
    cnass, make_facility, fund_code, kind, sector, fields, words
):
    facility = make_facility(kind, sector, **fields)
    before = rows()

    with pytest.raises(DomainError) as caught:
        services.agreement_request(
            actor=None, facility=facility, requested_on=date(2026, 3, 2), profile=cnass
        )

    assert caught.value.field in ("sector", "kind", "mission")
    assert rows() == before


@pytest.mark.parametrize(
    ("fund_code", "kind", "sector", "named"),
    [
        ("cnops-ma", "pharmacy", "private", "Private clinic, Dialysis centre, Eye centre"),
        ("cnops-ma", "university_hospital", "public", "admitted to direct billing automatically"),
        ("cnass-mr", "private_clinic", "private", "The fund takes no application for direct billing."),
    ],
)
def test_an_ineligible_application_for_direct_billing_is_refused_with_its_reason(
    client, manager, make_facility, fund, fund_code, kind, sector, named
):
    fund(fund_code)
    facility = make_facility(kind, sector, region="MA-06" if fund_code != "cnass-mr" else "MR-06")
    client.force_login(manager)
    before = rows()

    response = client.post(
        reverse("providers:direct_billing_apply", args=[facility.code]),
        {"apply-applied_on": "2026-03-02", "apply-bank_account": BANK, "apply-registration_sheet": "ANAM-1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert f"Kind: {facility.get_kind_display()}; sector: {facility.get_sector_display()}." in page
    assert named in page
    assert rows() == before


def test_a_facility_not_admitted_automatically_is_told_why_and_nothing_is_recorded(
    client, manager, make_facility, fund
):
    fund("cnops-ma")
    clinic = make_facility("private_clinic", "private", region="MA-06")
    client.force_login(manager)
    before = rows()

    response = client.post(
        reverse("providers:direct_billing_admit", args=[clinic.code]), HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    assert "Kind: Private clinic; sector: Private." in response.content.decode()
    assert rows() == before


def test_the_facility_side_learns_why_through_the_api_and_nothing_is_recorded(
    client, make_user, make_facility, fund
):
    fund("cnass-mr")
    clinic = make_facility("private_clinic", "private")
    staff = make_user("clinic-staff", Role.FACILITY_STAFF)
    services.facility_staff_assign(actor=None, user=staff, facility=clinic)
    client.force_login(staff)
    before = rows()

    answer = client.get(
        f"/api/v1/providers/facilities/{clinic.code}/eligibility", HTTP_ACCEPT_LANGUAGE="fr"
    ).json()

    assert answer["agreement"]["eligible"] is False
    assert answer["agreement"]["message"].startswith("Type : Clinique privée ; secteur : Privé.")
    assert answer["direct_billing"]["eligible"] is False
    assert rows() == before


def test_an_eligible_facility_may_still_ask(client, manager, make_facility, fund):
    fund("cnass-mr")
    centre = make_facility("health_centre", "public")
    client.force_login(manager)

    response = client.post(
        reverse("providers:agreement_request", args=[centre.code]), {"request-requested_on": "2026-03-02"}
    )

    assert response.status_code == 302
    assert AgreementRequest.objects.filter(facility=centre).count() == 1
