"""A figure's link leads to exactly the rows it counts (issue 20, §2): the counters' figures (tickets by
branch and by hour of issue, waits, service times; seed 003) open the list of the queue tickets."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.reports.compute import day_compute
from sanad.reports.indicators import Selection, indicator
from sanad.reports.models import Figure
from tests.reports.test_clocks_rows import at, ticket

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def tickets():
    found = {
        "served": ticket(
            branch="MR-01",
            day=DAY,
            number=1,
            issued_at=at(DAY, 8, 10),
            called_at=at(DAY, 8, 40),
            served_at=at(DAY, 8, 55),
        ),
        "called": ticket(
            branch="MR-01", day=DAY, number=2, issued_at=at(DAY, 8, 50), called_at=at(DAY, 9, 50)
        ),
        "waiting": ticket(branch="MR-01", day=DAY, number=3, issued_at=at(DAY, 10, 5)),
        "other_branch": ticket(
            branch="MR-02",
            day=DAY,
            number=1,
            issued_at=at(DAY, 9, 0),
            called_at=at(DAY, 9, 6),
            served_at=at(DAY, 9, 30),
        ),
        "yesterday": ticket(
            branch="MR-01",
            day=DAY - datetime.timedelta(days=1),
            number=1,
            issued_at=at(DAY - datetime.timedelta(days=1), 8, 0),
        ),
    }
    day_compute(day=DAY)
    return found


def listed(client, url: str) -> dict[int, dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].next_after is None
    return {row["ticket"].pk: row for row in response.context["rows"]}


def stored(indicator_code: str, **dims) -> tuple[int, Decimal]:
    rows = Figure.objects.filter(grain="day", day=DAY, indicator=indicator_code, **dims)
    return sum(r.count for r in rows), sum((r.hours for r in rows), Decimal(0))


@pytest.mark.parametrize(
    ("code", "key", "names"),
    [
        ("queue_tickets", "MR-01", {"served", "called", "waiting"}),
        ("queue_tickets", "MR-02", {"other_branch"}),
        ("queue_wait", "MR-01", {"served", "called"}),
        ("queue_service", "MR-01", {"served"}),
    ],
)
def test_a_branch_figure_leads_to_exactly_the_tickets_it_counts(tickets, client, manager, code, key, names):
    client.force_login(manager)
    shown = listed(client, indicator(code).link(Selection(start=DAY, end=DAY, key=key)))
    assert set(shown) == {tickets[name].pk for name in names}
    count, hours = stored(code, key=key)
    assert count == len(shown)
    if code == "queue_wait":
        # The minutes waited, listed, add up to the figure's hours.
        assert sum(row["wait"] for row in shown.values()) == hours * 60 == Decimal("90.00")
    if code == "queue_service":
        assert sum(row["service"] for row in shown.values()) == hours * 60 == Decimal("15.00")


@pytest.mark.parametrize(
    ("region", "key", "names"),
    [("MR-01", "08", {"served", "called"}), ("", "09", {"other_branch"}), ("MR-01", "10", {"waiting"})],
)
def test_an_hour_figure_leads_to_exactly_the_tickets_issued_in_that_hour(
    tickets, client, manager, region, key, names
):
    client.force_login(manager)
    shown = listed(
        client, indicator("queue_tickets_by_hour").link(Selection(start=DAY, end=DAY, region=region, key=key))
    )
    assert set(shown) == {tickets[name].pk for name in names}
    dims = {"key": key, **({"region": region} if region else {})}
    assert stored("queue_tickets_by_hour", **dims)[0] == len(shown)


def test_a_selection_by_facility_has_no_list_of_tickets(db):
    assert (
        indicator("queue_tickets").link(Selection(start=DAY, end=DAY, facility_kind="health_centre")) is None
    )
