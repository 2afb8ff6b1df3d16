"""A figure's link leads to exactly the rows it counts (issue 20, §2), for the money the fund paid, got
back and still owes: each figure is the one the day's computation stored, each list is opened by a manager
through the figure's link."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.payments.models import Recovery, RecoveryOffset, Supplement
from sanad.reports.compute import day_compute
from sanad.reports.indicators import Selection, catalogue
from sanad.reports.models import Figure
from tests.reports.test_claims_figures import DAY, decided_file, facility, line, paid_run

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2026, 4, 20)
MAY = datetime.date(2026, 5, 1)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def world():
    """An order of the centre paid that day: two files (800, received 22 days before; 450, received 41
    days before), a supplement of 50 on an earlier file and 150 of it recovered; a file of the hospital
    paid the day before; a recovery of the hospital's paid back that day; a file of the hospital in an
    order sent but not confirmed (still to pay)."""
    centre, hospital = facility("CS-A"), facility("HR-B", region="MR-13", kind="regional_hospital")
    first = decided_file(centre, received_on=APRIL, decided_on=MAY)
    second = decided_file(
        centre,
        received_on=datetime.date(2026, 4, 1),
        decided_on=MAY,
        lines=[line("CON-C", "500.00", "450.00")],
    )
    order = paid_run([first, second], paid_on=DAY)
    earlier = decided_file(
        centre, received_on=datetime.date(2026, 3, 1), decided_on=datetime.date(2026, 5, 2)
    )
    supplement = Supplement.objects.create(
        billing_file=earlier.billing_file,
        decision=earlier,
        run=order.run,
        order=order,
        paid=Decimal("750.00"),
        now_due=Decimal("800.00"),
        amount=Decimal("50.00"),
    )
    wrong = Recovery.objects.create(
        billing_file=earlier.billing_file,
        reason="decided_again",
        payee_key=f"F{centre.pk}",
        payee_kind="facility",
        facility=centre,
        paid=Decimal("800.00"),
        amount=Decimal("200.00"),
        found_on=datetime.date(2026, 5, 3),
    )
    offset = RecoveryOffset.objects.create(recovery=wrong, order=order, amount=Decimal("150.00"))
    order.recovered, order.supplement = Decimal("150.00"), Decimal("50.00")
    order.save()
    yesterday = decided_file(hospital, received_on=APRIL, decided_on=MAY)
    paid_run([yesterday], paid_on=DAY - datetime.timedelta(days=1))
    twice = decided_file(hospital, received_on=APRIL, decided_on=MAY)
    paid_back = Recovery.objects.create(
        billing_file=twice.billing_file,
        reason="duplicate",
        payee_key=f"F{hospital.pk}",
        payee_kind="facility",
        facility=hospital,
        paid=Decimal("800.00"),
        amount=Decimal("800.00"),
        paid_back=Decimal("400.00"),
        paid_back_on=DAY,
        found_on=datetime.date(2026, 5, 4),
    )
    unconfirmed = decided_file(hospital, received_on=APRIL, decided_on=MAY)
    paid_run([unconfirmed], paid_on=None, status="sent")
    day_compute(day=DAY)
    return {
        "centre": centre,
        "hospital": hospital,
        "first": first.billing_file,
        "second": second.billing_file,
        "earlier": earlier.billing_file,
        "twice": twice.billing_file,
        "unconfirmed": unconfirmed.billing_file,
        "supplement": supplement,
        "offset": offset,
        "paid_back": paid_back,
    }


def stored(indicator: str, **dims) -> tuple[int, Decimal]:
    """The day's stored figure of an indicator over the rows matching `dims`: (count, amount)."""
    rows = Figure.objects.filter(grain="day", day=DAY, indicator=indicator, **dims)
    return sum(r.count for r in rows), sum((r.amount for r in rows), Decimal(0))


def shown(client, url: str) -> list:
    """The rows the money list shows after following the link (one page holds them all here)."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].next_after is None
    return response.context["page"].rows


def test_the_paid_figure_leads_to_exactly_the_files_and_supplements_it_counts(world, client, manager):
    client.force_login(manager)
    rows = shown(client, catalogue()["money_paid"].link(Selection(start=DAY, end=DAY)))
    assert {(r.kind, r.billing_file) for r in rows} == {
        ("file", world["first"]),
        ("file", world["second"]),
        ("supplement", world["earlier"]),
    }
    assert stored("money_paid") == (3, Decimal("1300.00"))
    assert (len(rows), sum(r.amount for r in rows)) == stored("money_paid")


def test_the_paid_figure_of_another_region_leads_to_its_rows(world, client, manager):
    client.force_login(manager)
    link = catalogue()["money_paid"].link
    assert shown(client, link(Selection(start=DAY, end=DAY, region="MR-13"))) == []
    assert stored("money_paid", region="MR-13") == (0, Decimal(0))
    week = Selection(start=DAY - datetime.timedelta(days=6), end=DAY, facility_id=world["hospital"].pk)
    rows = shown(client, link(week))
    assert [(r.kind, r.amount) for r in rows] == [("file", Decimal("800.00"))]


@pytest.mark.parametrize(("key", "name"), [("22", "first"), ("41", "second")])
def test_a_files_paid_bucket_leads_to_exactly_the_files_paid_after_those_days(
    world, client, manager, key, name
):
    client.force_login(manager)
    rows = shown(client, catalogue()["claims_paid"].link(Selection(start=DAY, end=DAY, key=key)))
    assert [r.billing_file for r in rows] == [world[name]]
    assert stored("claims_paid", key=key)[0] == len(rows) == 1


def test_the_files_paid_figure_leads_to_the_files_only(world, client, manager):
    client.force_login(manager)
    rows = shown(client, catalogue()["claims_paid"].link(Selection(start=DAY, end=DAY)))
    assert {r.billing_file for r in rows} == {world["first"], world["second"]}
    assert stored("claims_paid")[0] == len(rows)


@pytest.mark.parametrize(
    ("key", "amount"), [("decided_again", "150.00"), ("duplicate", "400.00"), ("", "550.00")]
)
def test_the_recovered_figure_leads_to_exactly_the_sums_it_counts(world, client, manager, key, amount):
    client.force_login(manager)
    rows = shown(client, catalogue()["money_recovered"].link(Selection(start=DAY, end=DAY, key=key)))
    dims = {"key": key} if key else {}
    count, total = stored("money_recovered", **dims)
    assert total == Decimal(amount)
    assert (len(rows), sum(r.amount for r in rows)) == (count, total)


def test_the_payables_figure_leads_to_exactly_the_files_still_to_pay(world, client, manager):
    """Unpaid: the hospital's file in an order sent but not confirmed, the validated files never settled
    (the earlier file, the duplicate)."""
    client.force_login(manager)
    link = catalogue()["payables_outstanding"].link
    rows = shown(client, link(Selection(start=DAY, end=DAY)))
    assert set(rows) == {world["earlier"], world["twice"], world["unconfirmed"]}
    assert stored("payables_outstanding") == (3, Decimal("2400.00"))
    assert (len(rows), sum(f.owed for f in rows)) == stored("payables_outstanding")
    rows = shown(client, link(Selection(start=DAY, end=DAY, region="MR-13")))
    assert set(rows) == {world["twice"], world["unconfirmed"]}
    assert (len(rows), sum(f.owed for f in rows)) == stored("payables_outstanding", region="MR-13")
