"""Serving a ticket opens the page that serves it: the contribution form, the certificate, the enrollment."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from sanad.funds import load_profile, registration_number_make
from sanad.registry.models import QueueTicket
from sanad.registry.services import enrollment_submit
from sanad.registry.services.queue import ticket_issue
from tests.registry.conftest import id_card

BRANCH = "MR-13"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def fund(settings) -> str:
    settings.SANAD_FUND = "cnass-mr"
    return "cnass-mr"


@pytest.fixture
def member(fund, member_input, alice):
    today = timezone.localdate()
    return enrollment_submit(actor=alice, member=member_input(), documents=[id_card(fund)], on=today).member


@pytest.fixture
def desk(client, alice, fund):
    """Alice at counter 2 of the Nouakchott-Ouest branch."""
    client.force_login(alice)
    client.post(reverse("registry:queue"), {"branch": BRANCH, "counter": "2"})
    return client


def _issue_call_serve(desk, headers=None, **fields):
    desk.post(reverse("registry:queue_issue"), fields, **HX)
    desk.post(reverse("registry:queue_call"), **HX)
    ticket = QueueTicket.objects.order_by("-pk").first()
    return ticket, desk.post(reverse("registry:queue_serve", args=[ticket.pk]), **(headers or {}))


def test_serving_a_contribution_ticket_opens_the_members_contribution_form(desk, member):
    ticket, response = _issue_call_serve(
        desk, service="contribution", registration_number=member.registration_number
    )

    detail = reverse("registry:member_detail", args=[member.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{detail}#contribution-form"
    page = desk.get(detail).content.decode()
    assert 'id="contribution-form"' in page
    assert "Ticket 001 pris en charge." in page
    ticket.refresh_from_db()
    assert ticket.served_at is not None and ticket.member_id == member.pk


def test_the_called_ticket_shows_where_serving_it_leads(desk, member):
    desk.post(
        reverse("registry:queue_issue"),
        {"service": "contribution", "registration_number": member.registration_number},
        **HX,
    )

    panel = desk.post(reverse("registry:queue_call"), **HX).content.decode()

    detail = reverse("registry:member_detail", args=[member.pk])
    assert f'data-next="{detail}#contribution-form"' in panel
    assert "Servir : enregistrer la cotisation" in panel


def test_a_contribution_ticket_of_an_unknown_member_leads_to_the_member_search(desk):
    _ticket, response = _issue_call_serve(desk, service="contribution")

    assert response["Location"] == reverse("registry:search")


def test_a_certificate_ticket_leads_to_the_members_certificate(desk, member):
    _ticket, response = _issue_call_serve(
        desk, service="certificate", registration_number=member.registration_number
    )

    assert response["Location"] == reverse("registry:member_detail", args=[member.pk]) + "#certificate-link"


def test_an_enrollment_ticket_starts_a_new_enrollment_and_information_goes_home(desk):
    _ticket, enrollment = _issue_call_serve(desk, service="enrollment")
    _ticket, information = _issue_call_serve(desk, service="information")

    assert enrollment["Location"] == reverse("registry:enroll") + "?new=1"
    assert information["Location"] == reverse("home")


def test_htmx_is_told_to_go_to_the_page_that_serves_the_ticket(desk, member):
    _ticket, response = _issue_call_serve(
        desk, headers=HX, service="contribution", registration_number=member.registration_number
    )

    assert response.status_code == 200
    detail = reverse("registry:member_detail", args=[member.pk])
    assert response["HX-Redirect"] == f"{detail}#contribution-form"


def test_a_wrong_or_unknown_registration_number_is_refused_naming_it_and_no_ticket_is_issued(
    desk, member, alice
):
    unknown = registration_number_make(load_profile("cnass-mr"), 4321)  # well formed, nobody's
    for typed, code in (("999999999", "invalid"), (unknown, "not_found")):
        with pytest.raises(DomainError) as error:
            ticket_issue(actor=alice, branch=BRANCH, service="contribution", registration_number=typed)
        assert (error.value.field, error.value.code) == ("registration_number", code)

    panel = desk.post(
        reverse("registry:queue_issue"), {"service": "contribution", "registration_number": unknown}, **HX
    )

    assert panel.status_code == 400
    assert "Aucun" in panel.content.decode().split('id="queue-problem">', 1)[1].split("<", 1)[0]
    assert not QueueTicket.objects.exists()


def test_the_ticket_of_a_known_member_records_who_it_is_for(member, alice):
    ticket = ticket_issue(
        actor=alice, branch=BRANCH, service="certificate", registration_number=member.registration_number
    )

    event = AuditEvent.objects.get(action="ticket_issue")
    assert event.after == {"number": 1, "service": "certificate", "member": member.pk}
    assert ticket.member == member
