"""Requests filed by the insured person at a branch (seed 004, CNSS: "l'assuré doit déposer un dossier
auprès d'une agence CNSS contenant une feuille de soins dûment remplie, signée et cachetée par tous les
prestataires"): a counter agent keys the request in for the member, naming the facility that gives the
care; its checklist holds the care sheet signed and stamped by every provider; only where the profile says."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sanad.authorizations import services
from sanad.authorizations.checklist import checklist_codes
from sanad.authorizations.selectors.for_claims import authorizations_for_claims
from sanad.authorizations.statuses import Channel, RequestStatus
from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from tests.authorizations.conftest import at, family, scans

pytestmark = pytest.mark.django_db

NOW = at(2026, 3, 9)
ODF = {"act_code": "ODF-S1", "quote_amount": "3000"}


@pytest.fixture
def agent(make_user):
    """Hind keeps the counter of a CNSS branch."""
    return make_user("hind", Role.COUNTER_AGENT, first_name="Hind")


def data(member, clinic, papers, request_type="orthodontics", values=ODF):
    return services.RequestInput(
        facility_id=clinic.pk,
        member_id=member.pk,
        request_type=request_type,
        admission="outpatient",
        values=values,
        documents=scans(*papers),
    )


def test_branch_files_a_cnss_request_for_the_insured(fund, agent, clinic, catalogue):
    fund.use("cnss-ma")
    member = family(fund="cnss-ma")
    request = services.authorization_branch_file(
        actor=agent, data=data(member, clinic, ("care_sheet", "quote")), now=NOW
    )
    assert request.channel == Channel.BRANCH and request.facility == clinic
    assert request.submitted_by == agent
    assert request.status == RequestStatus.APPROVED  # at the reference price: the profile's rule holds
    assert request.events.filter(action="authorization_branch_file").exists()
    assert AuditEvent.objects.filter(action="authorization_branch_file", actor=agent).exists()


def test_a_branch_request_without_the_signed_care_sheet_is_returned_naming_it(fund, agent, clinic, catalogue):
    profile = fund.use("cnss-ma")
    assert profile.authorization_requests.branch_filing.documents == ("care_sheet",)  # seed 004
    member = family(fund="cnss-ma")
    request = services.authorization_branch_file(actor=agent, data=data(member, clinic, ("quote",)), now=NOW)
    assert request.status == RequestStatus.RETURNED and request.received_at is None
    assert request.missing == ["care_sheet"]


def test_the_branch_papers_join_the_checklist_of_a_request_filed_at_a_branch(fund):
    profile = fund.use("cnss-ma")
    stay = profile.authorization_requests.type("medical_stay")
    assert "care_sheet" not in checklist_codes(profile, stay, {}, None)
    assert "care_sheet" in checklist_codes(profile, stay, {}, None, branch=True)


def test_only_funds_whose_profile_accepts_it_take_requests_at_a_branch(
    fund, agent, clinic, member, catalogue
):
    assert fund.profile.authorization_requests.branch_filing is None  # CNOPS: the facilities file
    with pytest.raises(DomainError):
        services.authorization_branch_file(
            actor=agent, data=data(member, clinic, ("care_sheet", "quote")), now=NOW
        )


def test_a_branch_takes_only_the_types_its_profile_lists(fund, agent, clinic, catalogue):
    fund.use("cnss-ma")
    member = family(fund="cnss-ma")
    stay = {
        "diagnosis": "J18.9",
        "act_code": "HOSP",
        "coefficient": "1",
        "admission_date": "2026-03-07",
        "expected_days": "3",
    }
    with pytest.raises(DomainError) as refused:
        services.authorization_branch_file(
            actor=agent, data=data(member, clinic, (), request_type="medical_stay", values=stay), now=NOW
        )
    assert refused.value.field == "request_type"


def test_facility_staff_do_not_file_at_a_branch(fund, clerk, clinic, catalogue):
    fund.use("cnss-ma")
    member = family(fund="cnss-ma")
    with pytest.raises(DomainError):
        services.authorization_branch_file(actor=clerk, data=data(member, clinic, ("care_sheet",)), now=NOW)


def test_the_counter_agent_files_through_the_branch_page(client, fund, agent, clinic, catalogue):
    fund.use("cnss-ma")
    member = family(fund="cnss-ma")
    client.force_login(agent)
    start = client.get(
        reverse("authorizations:branch_start"), {"registration_number": member.registration_number}
    )
    assert start.status_code == 200
    url = (
        reverse("authorizations:branch_new", args=["orthodontics"]) + f"?member={member.registration_number}"
    )
    form = client.get(url)
    assert form.status_code == 200 and "Feuille de soins" in form.content.decode()
    posted = client.post(
        url,
        {
            "facility_code": clinic.code.lower(),
            "admission": "outpatient",
            "field_act_code": ODF["act_code"],
            "field_quote_amount": ODF["quote_amount"],
            **{f"document_{code}": scan for code, scan in scans("care_sheet", "quote").items()},
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    page = client.get(posted.url)
    assert page.status_code == 200  # the counter follows the requests filed at a branch
    assert "Déposée en agence pour l&#x27;assuré" in page.content.decode()


def test_the_counter_completes_a_returned_branch_request_with_the_care_sheet(
    client, fund, agent, clinic, catalogue
):
    fund.use("cnss-ma")
    member = family(fund="cnss-ma")
    request = services.authorization_branch_file(actor=agent, data=data(member, clinic, ("quote",)))
    assert request.status == RequestStatus.RETURNED
    client.force_login(agent)
    url = reverse("authorizations:request_documents", args=[request.reference])
    assert client.post(url, {"document_care_sheet": scans("care_sheet")["care_sheet"]}).status_code == 302
    request.refresh_from_db()
    assert request.missing == [] and request.status != RequestStatus.RETURNED


def test_claims_read_the_amount_cap_of_an_approval(fund, agent, clinic, catalogue):
    """The approval's amount (the quote approved, seed 004) reaches the claims beside its quantity, so the
    billed amounts can be held against it."""
    fund.use("cnss-ma")
    member = family(fund="cnss-ma")
    request = services.authorization_branch_file(
        actor=agent, data=data(member, clinic, ("care_sheet", "quote")), now=NOW
    )
    found = authorizations_for_claims(beneficiaries=[request.beneficiary], start=NOW.date(), end=NOW.date())
    (item,) = found.approved
    assert item.code == "ODF-S1" and item.decision_amount == Decimal("3000")
