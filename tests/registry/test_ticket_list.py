"""The list of the queue tickets (issue 20, seed 003): by day, branch, hour of issue and stage; the
period's bounds checked beside the field; exported without any visitor's name."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from sanad.registry.views.ticket_list import TicketFilterForm
from tests.reports.test_clocks_rows import at, ticket

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)
URL = "registry:ticket_list"


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def tickets():
    return {
        "served": ticket(
            branch="MR-01",
            day=DAY,
            number=1,
            issued_at=at(DAY, 8, 10),
            called_at=at(DAY, 8, 40),
            served_at=at(DAY, 8, 55),
        ),
        "waiting": ticket(branch="MR-02", day=DAY, number=1, issued_at=at(DAY, 10, 5)),
    }


def listed(client, **params) -> set[int]:
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return {row["ticket"].pk for row in response.context["rows"]}


def test_the_filters_keep_the_branch_hour_and_stage(tickets, client, manager):
    client.force_login(manager)
    assert listed(client) == {tickets["served"].pk, tickets["waiting"].pk}
    assert listed(client, branch="MR-02") == {tickets["waiting"].pk}
    assert listed(client, hour=8) == {tickets["served"].pk}
    assert listed(client, stage="served") == {tickets["served"].pk}
    assert listed(client, day_from=DAY + datetime.timedelta(days=1)) == set()


def test_bounds_in_the_wrong_order_are_refused_beside_their_end():
    form = TicketFilterForm({"day_from": "2026-11-23", "day_to": "2026-11-22"})
    assert not form.is_valid() and list(form.errors) == ["day_to"]
    assert not TicketFilterForm({"hour": "24"}).is_valid()


def test_the_export_shows_the_wait_and_service_in_minutes(tickets, client, manager):
    client.force_login(manager)
    response = client.get(reverse(URL), {"stage": "served", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][2] == tickets["served"].label
    assert rows[1][-2:] == ["30.0", "15.0"]
