"""The waiting-room display: a signed link per branch that runs with no session and shows numbers only."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.common.permissions import Role
from sanad.registry.selectors.queue import queue_display_branch, queue_display_token
from sanad.registry.services import enrollment_submit
from sanad.registry.services.queue import ticket_call_next, ticket_issue
from tests.registry.conftest import id_card

BRANCH = "MR-13"


@pytest.fixture
def fund(settings) -> str:
    # The queue's branches are the regions of one fund: CNASS's here.
    settings.SANAD_FUND = "cnass-mr"
    return "cnass-mr"


@pytest.fixture
def member(fund, member_input, alice):
    today = timezone.localdate()
    return enrollment_submit(actor=alice, member=member_input(), documents=[id_card(fund)], on=today).member


@pytest.fixture
def called(alice, member):
    """Ticket 001 of a known member, called to counter 4, and ticket 002 still waiting."""
    ticket_issue(
        actor=alice, branch=BRANCH, service="contribution", registration_number=member.registration_number
    )
    ticket_issue(actor=alice, branch=BRANCH, service="information")
    return ticket_call_next(actor=alice, branch=BRANCH, counter=4)


def _display_url(branch: str = BRANCH, **query: str) -> str:
    url = reverse("registry:queue_display", args=[queue_display_token(branch=branch)])
    return f"{url}?lang={query['lang']}" if "lang" in query else url


def test_the_display_runs_without_a_session_and_shows_the_number_and_counter_only(called, member):
    screen = Client()  # the waiting-room screen's browser: nobody logged in

    response = screen.get(_display_url())
    page = response.content.decode()

    assert response.status_code == 200
    assert 'id="now-number">001<' in page
    assert "Guichet 4" in page
    assert 'hx-trigger="every 5s"' in page
    for personal in (member.first_name, member.last_name, member.first_name_ar, member.registration_number):
        assert personal not in page
    assert "Nouakchott-Ouest" in page  # the branch, in the screen's language
    assert "logout" not in page and "Se déconnecter" not in page  # no staff shell on the screen
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_display_refreshes_itself_without_a_session_too(called, member):
    token = queue_display_token(branch=BRANCH)

    now = Client().get(reverse("registry:queue_display_now", args=[token]))

    assert now.status_code == 200
    assert now.templates[0].name == "registry/queue/_screen_now.html"
    assert 'id="now-number">001<' in now.content.decode()
    assert member.registration_number not in now.content.decode()


def test_the_display_speaks_the_language_its_link_asks_for(called):
    page = Client().get(_display_url(lang="ar")).content.decode()

    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "الشباك 4" in page
    assert "Guichet" not in page


def test_a_tampered_or_foreign_token_is_a_404(db, fund):
    token = queue_display_token(branch=BRANCH)
    branch, signature = token.split(":", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    forged = [
        f"{branch}:{flipped}",  # the signature altered
        f"MR-14:{signature}",  # another branch under this branch's signature
        signing.Signer().sign(BRANCH),  # signed with the site's key but not for the display
        BRANCH,
    ]
    screen = Client()

    for token in forged:
        assert queue_display_branch(token=token) is None
        assert screen.get(reverse("registry:queue_display", args=[token])).status_code == 404
        assert screen.get(reverse("registry:queue_display_now", args=[token])).status_code == 404


def test_a_well_signed_token_of_an_unknown_branch_is_a_404(db, fund):
    token = queue_display_token(branch="XX-99")

    assert Client().get(reverse("registry:queue_display", args=[token])).status_code == 404


def test_the_agent_gets_the_display_link_of_the_desk_branch(client, alice, fund):
    client.force_login(alice)
    client.post(reverse("registry:queue"), {"branch": BRANCH, "counter": "2"})
    desk = client.get(reverse("registry:queue")).content.decode()
    assert 'id="display-link"' in desk

    page = client.get(reverse("registry:queue_display_link")).content.decode()

    url = _display_url(lang="fr").replace("&", "&amp;")
    assert f'href="http://testserver{url}"' in page
    assert 'data-lang="ar"' in page
    # The link opens the screen for anyone who has it, and only for that branch.
    assert Client().get(_display_url(lang="fr")).status_code == 200


def test_the_manager_chooses_the_branch_and_other_roles_get_no_link(client, manager, make_user, fund):
    client.force_login(manager)

    page = client.get(reverse("registry:queue_display_link"), {"branch": "MR-14"}).content.decode()

    assert reverse("registry:queue_display", args=[queue_display_token(branch="MR-14")]) in page
    checker = make_user("chekh", Role.CLAIMS_CHECKER)
    client.force_login(checker)
    assert client.get(reverse("registry:queue_display_link")).status_code == 403


def test_yesterdays_calls_are_not_on_todays_screen(alice, fund):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    ticket_issue(actor=alice, branch=BRANCH, service="information", now=yesterday)
    ticket_call_next(actor=alice, branch=BRANCH, counter=1, now=yesterday)

    page = Client().get(_display_url()).content.decode()

    assert "now-number" not in page
    assert "Veuillez patienter" in page
