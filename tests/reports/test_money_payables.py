"""What the fund still owes at the end of a day (issue 20, §1: outstanding payables), read from dates so that
a past day computed again later gives that day's figure, and computed each night from the day before plus
the day's changes: the validated files whose decision then in force was made on or before the day, not paid
by its end; the figure of today is what the payables list shows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sanad.claims.models import FileDecision
from sanad.payments.statuses import OrderStatus
from sanad.reports.compute import day_compute
from sanad.reports.compute.money import PAYABLES, payables_from_dates
from sanad.reports.indicators import Selection, catalogue
from sanad.reports.models import ComputedDay, Figure
from tests.reports.test_claims_figures import decided_file, facility, line, paid_run

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2026, 4, 20)


def day(n: int) -> datetime.date:
    """Day n of June 2026."""
    return datetime.date(2026, 6, n)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def places():
    return facility("CS-A"), facility("HR-B", region="MR-13", kind="regional_hospital")


def owed(on: datetime.date, **dims) -> tuple[int, Decimal]:
    """The stored figure of a day over the combinations of dimensions matching `dims`: (files, amount)."""
    rows = Figure.objects.filter(grain="day", day=on, indicator=PAYABLES, **dims)
    return sum(r.count for r in rows), sum((r.amount for r in rows), Decimal("0.00"))


def by_dimensions(rows) -> dict[tuple, tuple[int, Decimal]]:
    return {
        (r.region, r.facility_id, r.facility_kind, r.care_type, r.key): (r.count, r.amount)
        for r in rows
        if r.count or r.amount
    }


def stored(on: datetime.date) -> dict[tuple, tuple[int, Decimal]]:
    return by_dimensions(Figure.objects.filter(grain="day", day=on, indicator=PAYABLES))


def read_from_dates(on: datetime.date) -> dict[tuple, tuple[int, Decimal]]:
    return by_dimensions(payables_from_dates(day=on))


def nights(first: int, last: int) -> None:
    """The nightly computation of days `first` to `last` of June, in order."""
    for n in range(first, last + 1):
        day_compute(day=day(n))


def decide_again(
    previous: FileDecision, *, on: datetime.date, file_status: str, fund: str, source: str = "engine"
) -> FileDecision:
    """A new current decision on the file (a complaint upheld sends it through the engine again, a checker
    then decides it), the file moved to `file_status`; the previous decision kept, not current."""
    FileDecision.objects.filter(pk=previous.pk).update(is_current=False)
    billing_file = previous.billing_file
    billing_file.status = file_status
    billing_file.save(update_fields=["status"])
    share = Decimal(fund)
    routing = {
        "validated": "auto_approve",
        "rejected": "reject",
        "admin_check": "administrative_check",
    }[file_status]
    return FileDecision.objects.create(
        billing_file=billing_file,
        source=source,
        decided_on=on,
        status="rejected" if share == 0 else "reduced",
        routing=routing if source == "engine" else "administrative_check",
        payee="facility",
        currency="MRU",
        billed=previous.billed,
        fund_share=share,
        patient_share=previous.billed - share,
        penalty=Decimal("0.00"),
    )


def test_a_file_validated_on_day_1_and_paid_on_day_5_is_owed_on_days_1_to_4_only(places):
    centre, _hospital = places
    validated = decided_file(centre, received_on=APRIL, decided_on=day(1))
    nights(1, 4)
    paid_run([validated], paid_on=day(5))
    nights(5, 5)
    assert [owed(day(n)) for n in range(1, 6)] == [(1, Decimal("800.00"))] * 4 + [(0, Decimal("0.00"))]


def test_a_past_day_computed_again_after_the_payment_still_counts_the_file(places):
    centre, _hospital = places
    validated = decided_file(centre, received_on=APRIL, decided_on=day(1))
    nights(1, 4)
    paid_run([validated], paid_on=day(5))
    nights(5, 5)
    day_compute(day=day(3))  # from the day before's rows
    assert owed(day(3)) == (1, Decimal("800.00"))
    ComputedDay.objects.filter(day=day(2)).delete()
    day_compute(day=day(3))  # from dates alone
    assert owed(day(3)) == (1, Decimal("800.00"))


def test_a_file_decided_before_the_day_is_not_owed_the_day_before(places):
    centre, _hospital = places
    decided_file(centre, received_on=APRIL, decided_on=day(3))
    nights(2, 3)
    assert owed(day(2)) == (0, Decimal("0.00"))
    assert owed(day(3)) == (1, Decimal("800.00"))


def test_a_file_the_bank_rejected_stays_owed_until_its_order_is_confirmed_paid(places):
    centre, _hospital = places
    validated = decided_file(centre, received_on=APRIL, decided_on=day(1))
    order = paid_run([validated], paid_on=None, status=OrderStatus.REJECTED)
    nights(1, 3)
    assert owed(day(3)) == (1, Decimal("800.00"))
    # Sent again to the corrected account, confirmed paid on day 4.
    order.status, order.paid_on = OrderStatus.PAID, day(4)
    order.save(update_fields=["status", "paid_on"])
    nights(4, 4)
    assert owed(day(4)) == (0, Decimal("0.00"))
    day_compute(day=day(3))
    assert owed(day(3)) == (1, Decimal("800.00"))


def test_a_file_in_an_order_owing_nothing_is_settled_on_the_day_of_its_run(places):
    centre, _hospital = places
    validated = decided_file(centre, received_on=APRIL, decided_on=day(1))
    order = paid_run([validated], paid_on=None, status=OrderStatus.NOTHING_DUE)
    order.run.on = day(3)
    order.run.save(update_fields=["on"])
    nights(1, 3)
    assert [owed(day(n))[0] for n in (1, 2, 3)] == [1, 1, 0]


def test_a_file_decided_again_is_owed_on_the_decision_in_force_each_day(places):
    """Validated for 800 on day 1; a complaint reopens it on day 3 (the engine sends it to the checker);
    the checker validates it for 600 on day 4."""
    centre, _hospital = places
    first = decided_file(centre, received_on=APRIL, decided_on=day(1))
    nights(1, 2)
    queued = decide_again(first, on=day(3), file_status="admin_check", fund="800.00")
    nights(3, 3)
    decide_again(queued, on=day(4), file_status="validated", fund="600.00", source="checker")
    nights(4, 4)
    expected = [(1, Decimal("800.00")), (1, Decimal("800.00")), (0, Decimal("0.00")), (1, Decimal("600.00"))]
    assert [owed(day(n)) for n in range(1, 5)] == expected
    # Read from dates after all of it, each day is still what it was.
    for n in range(1, 5):
        assert read_from_dates(day(n)) == stored(day(n))


def test_a_file_rejected_after_a_complaint_is_owed_no_more_from_that_day(places):
    centre, _hospital = places
    first = decided_file(centre, received_on=APRIL, decided_on=day(1))
    nights(1, 1)
    decide_again(first, on=day(2), file_status="rejected", fund="0.00")
    nights(2, 2)
    assert owed(day(1)) == (1, Decimal("800.00"))
    assert owed(day(2)) == (0, Decimal("0.00"))
    assert read_from_dates(day(1)) == stored(day(1))


def test_the_days_computed_from_the_day_before_agree_with_the_days_read_from_dates(places):
    """A fortnight of validations, payments, a bank rejection, a file decided again, in two regions: each
    night computed from the night before; afterwards every day read from dates gives the same rows."""
    centre, hospital = places
    a = decided_file(centre, received_on=APRIL, decided_on=day(1))
    b = decided_file(
        hospital, received_on=APRIL, decided_on=day(1), lines=[line("CON-C", "500.00", "450.00")]
    )
    c = decided_file(hospital, received_on=APRIL, decided_on=day(2), care_type="inpatient")
    decided_file(centre, received_on=APRIL, decided_on=day(2), lines=[line("CON-C", "300.00", "0.00")])
    nights(1, 2)
    d = decided_file(centre, received_on=APRIL, decided_on=day(3))
    paid_run([a], paid_on=day(3))
    rejected = paid_run([b, c], paid_on=None, status=OrderStatus.REJECTED)
    nights(3, 3)
    queued = decide_again(d, on=day(4), file_status="admin_check", fund="800.00")
    nights(4, 5)
    decide_again(queued, on=day(6), file_status="validated", fund="700.00", source="checker")
    rejected.status, rejected.paid_on = OrderStatus.PAID, day(6)
    rejected.save(update_fields=["status", "paid_on"])
    decided_file(hospital, received_on=APRIL, decided_on=day(6))
    nights(6, 8)
    assert owed(day(2)) == (3, Decimal("2050.00"))
    assert owed(day(5)) == (2, Decimal("1250.00"))
    assert owed(day(8)) == (2, Decimal("1500.00"))
    for n in range(1, 9):
        assert stored(day(n)) == read_from_dates(day(n)), day(n)


def test_the_figure_of_today_is_what_the_payables_list_shows(places, client, manager):
    """Owed today: a file never settled, one in an order sent, one the bank rejected, one validated again
    for less after a complaint; not owed: one paid yesterday, one rejected, one back in the checker's queue,
    one in an order owing nothing."""
    centre, hospital = places
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    earlier = today - datetime.timedelta(days=10)
    owed_files = [decided_file(centre, received_on=APRIL, decided_on=earlier).billing_file]
    sent = decided_file(hospital, received_on=APRIL, decided_on=earlier)
    paid_run([sent], paid_on=None, status=OrderStatus.SENT)
    bounced = decided_file(
        centre, received_on=APRIL, decided_on=earlier, lines=[line("CON-C", "500.00", "450.00")]
    )
    paid_run([bounced], paid_on=None, status=OrderStatus.REJECTED)
    again = decided_file(hospital, received_on=APRIL, decided_on=earlier)
    decide_again(again, on=yesterday, file_status="validated", fund="650.00", source="checker")
    owed_files += [sent.billing_file, bounced.billing_file, again.billing_file]
    paid_run([decided_file(centre, received_on=APRIL, decided_on=earlier)], paid_on=yesterday)
    decided_file(centre, received_on=APRIL, decided_on=earlier, lines=[line("CON-C", "300.00", "0.00")])
    queued = decided_file(hospital, received_on=APRIL, decided_on=earlier)
    decide_again(queued, on=yesterday, file_status="admin_check", fund="800.00")
    nothing = paid_run(
        [decided_file(centre, received_on=APRIL, decided_on=earlier)], paid_on=None, status="nothing_due"
    )
    nothing.run.on = yesterday
    nothing.run.save(update_fields=["on"])
    day_compute(day=yesterday)
    day_compute(day=today)
    client.force_login(manager)
    link = catalogue()["payables_outstanding"].link
    everywhere = listed(client, link(Selection(start=today, end=today)))
    assert {f.pk for f in everywhere} == {f.pk for f in owed_files}
    assert owed(today) == (4, Decimal("2700.00"))
    assert (len(everywhere), sum(f.owed for f in everywhere)) == owed(today)
    south = listed(client, link(Selection(start=today, end=today, region="MR-13")))
    assert (len(south), sum(f.owed for f in south)) == owed(today, region="MR-13") == (2, Decimal("1450.00"))
    assert stored(today) == read_from_dates(today)


def listed(client, url: str) -> list:
    """The files the payables list shows after following the figure's link (one page holds them all)."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].next_after is None
    return response.context["page"].rows


def test_a_payment_confirmed_late_with_an_earlier_date_reaches_its_day_with_the_next_night(places):
    """The bank's confirmation of day 3 is imported on day 6, after days 1 to 5 were computed: the night
    of day 6 computes the profile's last `nightly_days` days again, the oldest first."""
    from sanad.reports.tasks import reports_compute_task

    centre, _hospital = places
    validated = decided_file(centre, received_on=APRIL, decided_on=day(1))
    nights(1, 5)
    paid_run([validated], paid_on=day(3))
    reports_compute_task.call(on=day(6).isoformat())
    assert [owed(day(n))[0] for n in range(1, 7)] == [1, 1, 0, 0, 0, 0]
    for n in range(1, 7):
        assert stored(day(n)) == read_from_dates(day(n)), day(n)


def test_a_past_days_figure_leads_to_the_files_owed_that_evening(places, client, manager):
    """Day 3's figure, after the file was paid on day 5, still counts it: its link lists what was owed at
    the end of day 3, not what is owed today."""
    centre, _hospital = places
    validated = decided_file(centre, received_on=APRIL, decided_on=day(1))
    kept = decided_file(centre, received_on=APRIL, decided_on=day(2))
    nights(1, 4)
    paid_run([validated], paid_on=day(5))
    client.force_login(manager)
    link = catalogue()["payables_outstanding"].link

    evening = listed(client, link(Selection(start=day(3), end=day(3))))

    assert {f.pk for f in evening} == {validated.billing_file.pk, kept.billing_file.pk}
    assert (len(evening), sum(f.owed for f in evening)) == owed(day(3))
    today = listed(client, link(Selection(start=timezone.localdate(), end=timezone.localdate())))
    assert {f.pk for f in today} == {kept.billing_file.pk}


def test_the_payables_list_refuses_a_day_after_today_next_to_the_field(client, manager):
    client.force_login(manager)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.get("/payments/payables/", {"end": tomorrow.isoformat()})
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["end"] == ["Choisissez aujourd'hui ou un jour d'avant."]
