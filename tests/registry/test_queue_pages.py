"""The agent's queue desk (htmx), the waiting-room screen and the waiting times."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.registry.models import QueueTicket

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def desk(client, alice, settings):
    settings.SANAD_FUND = "cnass-mr"
    client.force_login(alice)
    client.post(reverse("registry:queue"), {"branch": "MR-13", "counter": "2"})
    return client


def test_it_issues_calls_and_serves_through_partial_refreshes(desk):
    panel = desk.post(reverse("registry:queue_issue"), {"service": "enrollment"}, **HX)
    assert panel.templates[0].name == "registry/queue/_panel.html"
    assert 'id="issued-number">001<' in panel.content.decode()
    desk.post(reverse("registry:queue_issue"), {"service": "information"}, **HX)
    called = desk.post(reverse("registry:queue_call"), **HX).content.decode()
    assert 'data-ticket="001"' in called
    ticket = QueueTicket.objects.get(number=1)
    assert ticket.counter == 2
    desk.post(reverse("registry:queue_serve", args=[ticket.pk]), **HX)
    ticket.refresh_from_db()
    assert ticket.served_at is not None


def test_it_works_without_htmx_too(desk):
    response = desk.post(reverse("registry:queue_issue"), {"service": "certificate"})
    assert response.status_code == 302
    assert "001" in desk.get(reverse("registry:queue")).content.decode()


def test_it_says_nobody_waits(desk):
    assert "queue-problem" in desk.post(reverse("registry:queue_call"), **HX).content.decode()


def test_it_shows_the_called_number_on_the_waiting_room_screen(desk):
    desk.post(reverse("registry:queue_issue"), {"service": "enrollment"}, **HX)
    desk.post(reverse("registry:queue_call"), **HX)
    screen = desk.get(reverse("registry:queue_screen", args=["MR-13"])).content.decode()
    assert 'hx-trigger="every 5s"' in screen and 'id="now-number">001<' in screen
    now = desk.get(reverse("registry:queue_screen_now", args=["MR-13"]))
    assert now.templates[0].name == "registry/queue/_screen_now.html"
    assert desk.get(reverse("registry:queue_screen", args=["XX-1"])).status_code == 404


def test_it_shows_the_manager_the_waits_per_branch(desk, client, manager):
    desk.post(reverse("registry:queue_issue"), {"service": "enrollment"}, **HX)
    client.force_login(manager)
    page = client.get(reverse("registry:queue_waits")).content.decode()
    assert "Nouakchott-Ouest" in page
