"""The money of the claims (issue 20, §1): billed, accepted, patient share, rejected and penalties of the
files decided that day; paid and recovered on the payments the bank confirmed that day; what is still to
pay at its end. Against hand-computed worlds; fund share + patient share = billed in the figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.payments.models import Recovery, RecoveryOffset, Supplement
from sanad.reports.compute import money
from sanad.reports.indicators import catalogue
from tests.reports.test_claims_figures import DAY, decided_file, facility, figures, finding, line, paid_run

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2026, 4, 20)
YESTERDAY = DAY - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def world():
    return facility("CS-A"), facility("HR-B", region="MR-13", kind="regional_hospital")


@pytest.fixture
def decided(world):
    """Three files decided that day, and two that are not decisions of the day."""
    centre, hospital = world
    decided_file(
        centre,
        received_on=APRIL,
        lines=[
            line("CON-C", "1000.00", "800.00"),
            line("RAD-1", "500.00", "0.00", "rejected", finding("not_in_benefit_package")),
        ],
    )
    decided_file(
        centre,
        received_on=APRIL,
        routing="reject",
        lines=[line("X", "300.00", "0", "rejected", finding("time_barred"))],
    )
    decided_file(
        hospital,
        received_on=APRIL,
        care_type="inpatient",
        source="checker",
        routing="administrative_check",
        lines=[line("HOS-1", "2000.00", "1200.00", "reduced", finding("pyramid_penalty"), penalty="300.00")],
    )
    decided_file(centre, received_on=APRIL, routing="medical_review", status="medical_review")
    decided_file(centre, received_on=APRIL, decided_on=YESTERDAY)
    return world


def amounts(indicator: str) -> dict[tuple, tuple]:
    """{(facility code, care type, key): (count, amount)}"""
    return {dims: values[:2] for dims, values in figures(money, indicator).items()}


def test_money_billed_accepted_and_patient_share_sum_the_files_decided_that_day(decided):
    assert amounts("money_billed") == {
        ("CS-A", "outpatient", ""): (2, Decimal("1800.00")),
        ("HR-B", "inpatient", ""): (1, Decimal("2000.00")),
    }
    assert amounts("money_accepted") == {
        ("CS-A", "outpatient", ""): (2, Decimal("800.00")),
        ("HR-B", "inpatient", ""): (1, Decimal("1200.00")),
    }
    assert amounts("money_patient_share") == {
        ("CS-A", "outpatient", ""): (2, Decimal("1000.00")),
        ("HR-B", "inpatient", ""): (1, Decimal("800.00")),
    }


def test_money_fund_share_plus_patient_share_is_the_billed_amount(decided):
    billed, accepted, patient = (
        amounts(code) for code in ("money_billed", "money_accepted", "money_patient_share")
    )
    assert billed.keys() == accepted.keys() == patient.keys()
    for dims, (files, amount) in billed.items():
        assert accepted[dims][0] == patient[dims][0] == files
        assert accepted[dims][1] + patient[dims][1] == amount


def test_money_rejected_is_the_billed_amount_of_the_lines_rejected(decided):
    assert amounts("money_rejected") == {("CS-A", "outpatient", ""): (2, Decimal("800.00"))}


def test_money_accepted_plus_rejected_is_billed_when_lines_are_paid_in_full_or_refused(world):
    """With a coverage of 100 % and no reduction, what is not accepted is what is rejected."""
    centre, _hospital = world
    decided_file(
        centre,
        received_on=APRIL,
        lines=[
            line("CON-C", "1000.00", "1000.00"),
            line("RAD-1", "250.50", "0", "rejected", finding("no_tariff")),
        ],
    )
    decided_file(centre, received_on=APRIL, lines=[line("CON-C", "700.00", "700.00")])
    [(files, billed)] = amounts("money_billed").values()
    [(_, accepted)] = amounts("money_accepted").values()
    [(lines, rejected)] = amounts("money_rejected").values()
    assert (files, lines) == (2, 1)
    assert accepted + rejected == billed == Decimal("1950.50")


def test_money_penalties_sum_the_penalties_of_the_files_decided_that_day(decided):
    assert amounts("money_penalties") == {("HR-B", "inpatient", ""): (1, Decimal("300.00"))}


@pytest.fixture
def payments(world):
    """An order paid that day: two files settled (800 + 450), a supplement of 50 and 150 recovered; an
    order sent but not confirmed; a recovery of the hospital's paid back that day."""
    centre, hospital = world
    first = decided_file(centre, received_on=APRIL, decided_on=datetime.date(2026, 5, 1))
    second = decided_file(
        centre,
        received_on=APRIL,
        decided_on=datetime.date(2026, 5, 1),
        lines=[line("CON-C", "500.00", "450.00")],
    )
    order = paid_run([first, second], paid_on=DAY)
    earlier = decided_file(
        centre, received_on=datetime.date(2026, 3, 1), decided_on=datetime.date(2026, 5, 2)
    )
    Supplement.objects.create(
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
    RecoveryOffset.objects.create(recovery=wrong, order=order, amount=Decimal("150.00"))
    order.recovered, order.supplement = Decimal("150.00"), Decimal("50.00")
    order.save()
    twice = decided_file(hospital, received_on=APRIL, decided_on=datetime.date(2026, 5, 1))
    Recovery.objects.create(
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
    unconfirmed = decided_file(hospital, received_on=APRIL, decided_on=datetime.date(2026, 5, 1))
    paid_run([unconfirmed], paid_on=None, status="sent")
    return world


def test_money_paid_is_the_fund_share_of_the_files_paid_that_day_with_supplements(payments):
    assert amounts("money_paid") == {("CS-A", "outpatient", ""): (3, Decimal("1300.00"))}


def test_money_recovered_is_what_was_offset_or_paid_back_that_day_by_reason(payments):
    assert amounts("money_recovered") == {
        ("CS-A", "outpatient", "decided_again"): (1, Decimal("150.00")),
        ("HR-B", "outpatient", "duplicate"): (1, Decimal("400.00")),
    }
    assert catalogue()["money_recovered"].key_label("duplicate") == "Dossier payé deux fois (doublon)"


def test_payables_outstanding_are_the_validated_files_not_paid_at_the_end_of_the_day(payments):
    """Unpaid: the hospital's file in an order sent but not confirmed, and the validated files of the
    world not settled (the earlier file and the duplicate, decided again); paid: the two of the order."""
    assert amounts("payables_outstanding") == {
        ("CS-A", "outpatient", ""): (1, Decimal("800.00")),
        ("HR-B", "outpatient", ""): (2, Decimal("1600.00")),
    }
    assert catalogue()["payables_outstanding"].snapshot


def test_the_money_indicators_are_shown_to_finance_and_facilities_as_the_brief_says():
    every = catalogue()
    for code in ("money_billed", "money_accepted", "money_rejected", "money_paid"):
        assert {"finance_officer", "facility_staff", "manager", "administrator"} <= every[code].roles
    for code in ("money_penalties", "money_recovered", "payables_outstanding"):
        assert "facility_staff" not in every[code].roles
        assert "finance_officer" in every[code].roles
