"""A figure's link leads to exactly the rows it counts (issue 20, §2): the money of the files decided
(penalties, rejected lines) and the files decided by days from receipt open the list of the decisions of
the period, filtered to them. Each figure is the one the day's computation stored."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.reports.compute import day_compute
from sanad.reports.indicators import Selection, catalogue
from sanad.reports.models import Figure
from tests.reports.test_claims_figures import DAY, decided_file, facility, finding, line

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2026, 4, 20)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def world():
    """The day's decisions: two with a rejected line (one line, then two), one with a penalty, one plain;
    yesterday's decision with a rejected line and a penalty, outside the day."""
    centre, hospital = facility("CS-A"), facility("HR-B", region="MR-13", kind="regional_hospital")
    named = {
        "one_rejected": decided_file(
            centre,
            received_on=APRIL,
            lines=[
                line("CON-C", "1000.00", "800.00"),
                line("RAD-1", "500.00", "0", "rejected", finding("not_in_benefit_package")),
            ],
        ),
        "two_rejected": decided_file(
            hospital,
            received_on=datetime.date(2026, 5, 2),
            routing="reject",
            lines=[
                line("X", "300.00", "0", "rejected", finding("time_barred")),
                line("Y", "200.00", "0", "rejected", finding("time_barred")),
            ],
        ),
        "penalised": decided_file(
            hospital,
            received_on=APRIL,
            care_type="inpatient",
            source="checker",
            routing="administrative_check",
            lines=[
                line("HOS-1", "2000.00", "1200.00", "reduced", finding("pyramid_penalty"), penalty="300.00")
            ],
        ),
        "plain": decided_file(centre, received_on=datetime.date(2026, 5, 2)),
    }
    decided_file(
        centre,
        received_on=APRIL,
        decided_on=DAY - datetime.timedelta(days=1),
        lines=[line("RAD-1", "500.00", "0", "rejected", finding("no_tariff"), penalty="10.00")],
    )
    day_compute(day=DAY)
    return named


def stored(indicator: str, **dims) -> tuple[int, Decimal]:
    """The day's stored figure of an indicator summed over the rows matching `dims`: (count, amount)."""
    rows = Figure.objects.filter(grain="day", day=DAY, indicator=indicator, **dims)
    return sum(r.count for r in rows), sum((r.amount for r in rows), Decimal(0))


def shown(client, url: str) -> dict[int, dict]:
    """The decisions the list shows after following the link (one page holds them all here)."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].next_after is None
    return {row["decision"].pk: row for row in response.context["rows"]}


def test_the_penalties_figure_leads_to_exactly_the_files_it_counts(world, client, manager):
    client.force_login(manager)
    rows = shown(client, catalogue()["money_penalties"].link(Selection(start=DAY, end=DAY)))
    assert set(rows) == {world["penalised"].pk}
    count, amount = stored("money_penalties")
    assert (count, amount) == (1, Decimal("300.00"))
    assert sum(row["decision"].penalty for row in rows.values()) == amount


def test_the_rejected_figure_leads_to_the_decisions_holding_exactly_the_lines_it_counts(
    world, client, manager
):
    client.force_login(manager)
    link = catalogue()["money_rejected"].link
    rows = shown(client, link(Selection(start=DAY, end=DAY)))
    assert set(rows) == {world["one_rejected"].pk, world["two_rejected"].pk}
    count, amount = stored("money_rejected")
    assert (count, amount) == (3, Decimal("1000.00"))
    assert sum(row["decision"].rejected_lines for row in rows.values()) == count
    assert sum(row["rejected_amount"] for row in rows.values()) == amount
    # A region's figure, its region's rows.
    rows = shown(client, link(Selection(start=DAY, end=DAY, region="MR-13")))
    assert set(rows) == {world["two_rejected"].pk}
    assert stored("money_rejected", region="MR-13") == (2, Decimal("500.00"))


@pytest.mark.parametrize(
    ("key", "names"), [("22", {"one_rejected", "penalised"}), ("10", {"two_rejected", "plain"})]
)
def test_a_days_from_receipt_bucket_leads_to_exactly_the_files_decided_after_those_days(
    world, client, manager, key, names
):
    client.force_login(manager)
    rows = shown(client, catalogue()["claims_decided"].link(Selection(start=DAY, end=DAY, key=key)))
    assert set(rows) == {world[name].pk for name in names}
    assert {row["days"] for row in rows.values()} == {int(key)}
    assert stored("claims_decided", key=key)[0] == len(rows)


def test_a_bucket_of_a_facility_leads_to_its_files_only(world, client, manager):
    client.force_login(manager)
    hospital = world["penalised"].billing_file.facility
    selection = Selection(start=DAY, end=DAY, key="22", facility_id=hospital.pk, care_type="inpatient")
    rows = shown(client, catalogue()["claims_decided"].link(selection))
    assert set(rows) == {world["penalised"].pk}
    assert stored("claims_decided", key="22", facility_id=hospital.pk, care_type="inpatient")[0] == 1
