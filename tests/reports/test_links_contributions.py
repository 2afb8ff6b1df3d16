"""A figure's link leads to exactly the rows it counts (issue 20, §2): the contributions collected by
payment channel and member's region (seed 003) open the fund-wide list of contributions paid."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.reports.compute import day_compute
from sanad.reports.indicators import Selection, indicator
from sanad.reports.models import Figure
from tests.reports.test_clocks_rows import contribution, member

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 4, 2)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def payments():
    north, south = member("MR-01"), member("MR-02")
    found = {
        "north_cash": contribution(holder=north, method="cash", amount="1200.00", paid_on=DAY),
        "north_cash_2": contribution(holder=north, method="cash", amount="300.50", paid_on=DAY),
        "south_cash": contribution(holder=south, method="cash", amount="99.99", paid_on=DAY),
        "south_mobile": contribution(holder=south, method="mobile_money", amount="450.00", paid_on=DAY),
        "yesterday": contribution(
            holder=north, method="cash", amount="7.00", paid_on=DAY - datetime.timedelta(days=1)
        ),
    }
    # Voided or replaced: not collected, not listed.
    contribution(holder=north, method="cheque", amount="5000.00", paid_on=DAY, status="voided")
    contribution(holder=north, method="cash", amount="10.00", paid_on=DAY, status="replaced")
    day_compute(day=DAY)
    return found


def listed(client, url: str) -> dict[int, Decimal]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].next_after is None
    return {c.pk: c.amount for c in response.context["rows"]}


def stored(**dims) -> tuple[int, Decimal]:
    rows = Figure.objects.filter(grain="day", day=DAY, indicator="contributions_collected", **dims)
    return sum(r.count for r in rows), sum((r.amount for r in rows), Decimal(0))


@pytest.mark.parametrize(
    ("dims", "names"),
    [
        ({}, {"north_cash", "north_cash_2", "south_cash", "south_mobile"}),
        ({"key": "cash"}, {"north_cash", "north_cash_2", "south_cash"}),
        ({"key": "cash", "region": "MR-01"}, {"north_cash", "north_cash_2"}),
        ({"region": "MR-02"}, {"south_cash", "south_mobile"}),
    ],
)
def test_the_collected_figure_leads_to_exactly_the_payments_it_counts(payments, client, manager, dims, names):
    client.force_login(manager)
    shown = listed(client, indicator("contributions_collected").link(Selection(start=DAY, end=DAY, **dims)))
    assert set(shown) == {payments[name].pk for name in names}
    assert (len(shown), sum(shown.values())) == stored(**dims)


def test_a_selection_by_facility_has_no_list_of_contributions(db):
    link = indicator("contributions_collected").link
    assert link(Selection(start=DAY, end=DAY, facility_kind="health_centre")) is None
