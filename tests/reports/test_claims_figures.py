"""The claims' clocks (issue 20, §1): files decided and paid within the processing clock of 30 days from
receipt (seeds 000, 002, 004), and the files overdue at the end of the day; each against a hand-computed
world of billing files written directly with their decisions (the engine that makes them is tested in
tests/claims). The world's builder is shared by the money, reasons and risk tests.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from sanad.claims.models import BillingFile, CareSheet, FileDecision, LineOutcome
from sanad.funds.active import active_profile
from sanad.payments.models import PaymentOrder, SettledFile, SettlementRun
from sanad.providers.models import Facility
from sanad.registry.models import Member
from sanad.reports.compute import claims, day_compute
from sanad.reports.indicators import Selection, catalogue
from sanad.reports.models import Figure

pytestmark = pytest.mark.django_db

FUND = "cnass-mr"
DAY = datetime.date(2026, 5, 12)
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = FUND


# ---- A small world, shared by the reports' tests ---------------------------------------------------------


def facility(code: str, *, region: str = "MR-12", kind: str = "health_centre") -> Facility:
    return Facility.objects.create(
        code=code,
        name_fr=f"Centre {code}",
        name_ar=f"مركز {code}",
        kind=kind,
        sector="public",
        level="health_centre",
        region=region,
        network_status="active",
    )


def member() -> Member:
    number = next(_serial)
    return Member.objects.create(
        first_name="Aminetou",
        last_name=f"Mint Ahmed {number}",
        sex="F",
        birth_date=datetime.date(1986, 5, 4),
        registration_number=f"R{number:08d}",
        population="national",
        nationality="MR",
        region="MR-12",
        enrolled_on=datetime.date(2025, 12, 1),
    )


def line(code: str, billed: str, fund: str, status: str = "accepted", *findings: dict, penalty: str = "0"):
    """One line's outcome: (code, billed, fund share, status, findings, penalty)."""
    return (code, Decimal(billed), Decimal(fund), status, list(findings), Decimal(penalty))


def finding(code: str, **params) -> dict:
    return {"code": code, "rule": "rule", "params": params}


def decided_file(
    where: Facility,
    *,
    received_on: datetime.date,
    decided_on: datetime.date = DAY,
    lines=(),
    care_type: str = "outpatient",
    source: str = "engine",
    routing: str = "auto_approve",
    status: str | None = None,
    anomalies=(),
    due_on: datetime.date | None = None,
) -> FileDecision:
    """A billing file received on `received_on` (due 30 days later unless said) with its decision of
    `decided_on` and the lines' outcomes; the file is validated if the fund pays something, else rejected."""
    lines = list(lines) or [line("CON-C", "1000.00", "800.00")]
    sheet = CareSheet.objects.create(
        facility=where,
        member=member(),
        care_type=care_type,
        care_date=received_on - datetime.timedelta(days=5),
    )
    fund = sum((entry[2] for entry in lines), Decimal(0))
    billed = sum((entry[1] for entry in lines), Decimal(0))
    penalty = sum((entry[5] for entry in lines), Decimal(0))
    if status is None:
        status = "validated" if fund > 0 else "rejected"
    billing_file = BillingFile.objects.create(
        care_sheet=sheet,
        facility=where,
        invoice_number=f"F-{next(_serial):06d}",
        received_on=received_on,
        due_on=due_on or received_on + datetime.timedelta(days=30),
        status=status,
    )
    statuses = {entry[3] for entry in lines}
    decision = FileDecision.objects.create(
        billing_file=billing_file,
        source=source,
        decided_on=decided_on,
        status="rejected"
        if statuses == {"rejected"}
        else ("accepted" if statuses == {"accepted"} else "reduced"),
        routing=routing,
        payee="facility",
        currency="MRU",
        billed=billed,
        fund_share=fund,
        patient_share=billed - fund,
        penalty=penalty,
        anomalies=list(anomalies),
    )
    for number, (code, amount, share, outcome, found, fine) in enumerate(lines, start=1):
        sheet_line = sheet.lines.create(
            line_no=number,
            kind="act",
            code=code,
            billed=amount,
            service_date=sheet.care_date,
            beneficiary="x",
        )
        LineOutcome.objects.create(
            decision=decision,
            line=sheet_line,
            status=outcome,
            billed=amount,
            tariff=amount,
            base=amount,
            rate=Decimal("1"),
            fund_share=share,
            patient_share=amount - share,
            penalty=fine,
            findings=found,
        )
    return decision


def paid_run(
    decisions: list[FileDecision], *, paid_on: datetime.date | None, status: str = "paid"
) -> PaymentOrder:
    """A run settling these files in one order of their (first) facility, paid on `paid_on`."""
    run = SettlementRun.objects.create(
        period_start=datetime.date(2026, 1, 1), period_end=DAY, on=DAY, status="paid", currency="MRU"
    )
    where = decisions[0].billing_file.facility
    order = PaymentOrder.objects.create(
        run=run,
        payee_key=f"F{where.pk}",
        payee_kind="facility",
        facility=where,
        files=len(decisions),
        billed=sum(d.billed for d in decisions),
        fund_share=sum(d.fund_share for d in decisions),
        patient_share=sum(d.patient_share for d in decisions),
        status=status,
        paid_on=paid_on,
    )
    for decision in decisions:
        SettledFile.objects.create(
            billing_file=decision.billing_file,
            run=run,
            order=order,
            decision=decision,
            billed=decision.billed,
            fund_share=decision.fund_share,
            patient_share=decision.patient_share,
            penalty=decision.penalty,
        )
    return order


def figures(module, indicator: str, day: datetime.date = DAY) -> dict[tuple, tuple]:
    """An area's rows of one indicator, merged by dimensions as the day's computation stores them:
    {(facility code, care type, key): (count, amount, on_time, hours)}."""
    codes = dict(Facility.objects.values_list("pk", "code"))
    found: dict[tuple, list] = {}
    for row in module.figures_of_day(day=day, profile=active_profile()):
        if row.indicator != indicator:
            continue
        dims = (codes.get(row.facility_id, ""), row.care_type, row.key)
        held = found.setdefault(dims, [0, Decimal(0), 0, Decimal(0)])
        held[0] += row.count
        held[1] += row.amount
        held[2] += row.on_time
        held[3] += row.hours
    return {dims: tuple(values) for dims, values in found.items()}


# ---- The clocks -----------------------------------------------------------------------------------------


@pytest.fixture
def world():
    """Two facilities: a health centre in MR-12 and a regional hospital in MR-13."""
    return facility("CS-A"), facility("HR-B", region="MR-13", kind="regional_hospital")


def test_claims_decided_counts_the_files_settled_that_day_within_their_clock(world):
    centre, hospital = world
    # 40 days after receipt: decided late (due on 2 May).
    decided_file(centre, received_on=datetime.date(2026, 4, 2))
    # 10 days, rejected by the engine: on time.
    decided_file(
        centre,
        received_on=datetime.date(2026, 5, 2),
        routing="reject",
        lines=[line("X", "300", "0", "rejected")],
    )
    # 10 days, decided by a claims checker, in the hospital: on time.
    decided_file(
        hospital,
        received_on=datetime.date(2026, 5, 2),
        care_type="inpatient",
        source="checker",
        routing="administrative_check",
    )
    # 30 days, decided by a medical adviser on its due day: still on time.
    decided_file(hospital, received_on=datetime.date(2026, 4, 12), source="adviser", routing="medical_review")
    # Not decisions of the day: the engine sending a file to the medical review, and yesterday's decision.
    decided_file(
        centre, received_on=datetime.date(2026, 5, 2), routing="medical_review", status="medical_review"
    )
    decided_file(centre, received_on=datetime.date(2026, 5, 2), decided_on=DAY - datetime.timedelta(days=1))

    assert figures(claims, "claims_decided") == {
        ("CS-A", "outpatient", "40"): (1, Decimal(0), 0, Decimal(960)),
        ("CS-A", "outpatient", "10"): (1, Decimal(0), 1, Decimal(240)),
        ("HR-B", "inpatient", "10"): (1, Decimal(0), 1, Decimal(240)),
        ("HR-B", "outpatient", "30"): (1, Decimal(0), 1, Decimal(720)),
    }


def test_claims_decided_on_time_follows_the_due_date_the_profile_set(world):
    """A clock in working days ends later than 30 calendar days when a holiday falls inside it: the due date
    set on receipt decides, not a count of days here."""
    centre, _hospital = world
    # Received 10 April, due 13 May (a holiday inside the clock pushed it): decided on the 32nd day, on time.
    decided_file(centre, received_on=datetime.date(2026, 4, 10), due_on=datetime.date(2026, 5, 13))
    assert figures(claims, "claims_decided") == {
        ("CS-A", "outpatient", "32"): (1, Decimal(0), 1, Decimal(768))
    }


def test_claims_paid_counts_the_files_whose_payment_the_bank_confirmed_that_day(world):
    centre, hospital = world
    on_time = decided_file(
        centre, received_on=datetime.date(2026, 4, 20), decided_on=datetime.date(2026, 5, 1)
    )
    late = decided_file(centre, received_on=datetime.date(2026, 4, 1), decided_on=datetime.date(2026, 5, 1))
    paid_run([on_time, late], paid_on=DAY)
    # Sent to the bank but not confirmed, and paid another day: not paid that day.
    paid_run([decided_file(hospital, received_on=datetime.date(2026, 4, 20))], paid_on=None, status="sent")
    paid_run(
        [decided_file(hospital, received_on=datetime.date(2026, 4, 21))],
        paid_on=DAY - datetime.timedelta(days=1),
    )

    assert figures(claims, "claims_paid") == {
        ("CS-A", "outpatient", "22"): (1, Decimal(0), 1, Decimal(22 * 24)),
        ("CS-A", "outpatient", "41"): (1, Decimal(0), 0, Decimal(41 * 24)),
    }


def test_claims_overdue_counts_the_open_files_past_their_due_date_by_step(world):
    centre, hospital = world

    def waiting(where, status, due_on):
        decided_file(
            where,
            received_on=due_on - datetime.timedelta(days=30),
            due_on=due_on,
            status=status,
            routing="administrative_check",
            decided_on=due_on - datetime.timedelta(days=29),
        )

    waiting(centre, "admin_check", DAY)  # due that day, not decided at its end: overdue
    waiting(centre, "admin_check", DAY - datetime.timedelta(days=3))
    waiting(hospital, "medical_review", DAY - datetime.timedelta(days=1))
    waiting(centre, "admin_check", DAY + datetime.timedelta(days=1))  # due tomorrow: not yet
    waiting(centre, "validated", DAY - datetime.timedelta(days=5))  # decided: not overdue

    assert figures(claims, "claims_overdue") == {
        ("CS-A", "outpatient", "admin_check"): (2, Decimal(0), 0, Decimal(0)),
        ("HR-B", "outpatient", "medical_review"): (1, Decimal(0), 0, Decimal(0)),
    }


def test_the_day_computation_stores_the_claims_figures(world):
    centre, hospital = world
    decided_file(centre, received_on=datetime.date(2026, 5, 2))
    decided_file(hospital, received_on=datetime.date(2026, 4, 2))

    day_compute(day=DAY)

    rows = Figure.objects.filter(grain="day", day=DAY, indicator="claims_decided").order_by("key")
    assert [
        (r.facility.code, r.region, r.facility_kind, r.care_type, r.key, r.count, r.on_time) for r in rows
    ] == [
        ("CS-A", "MR-12", "health_centre", "outpatient", "10", 1, 1),
        ("HR-B", "MR-13", "regional_hospital", "outpatient", "40", 1, 0),
    ]
    month = Figure.objects.get(grain="month", day=DAY.replace(day=1), indicator="claims_decided", key="40")
    assert (month.count, month.hours) == (1, Decimal("960.00"))


def test_every_claims_indicator_is_registered_with_its_rules():
    every = catalogue()
    decided = every["claims_decided"]
    assert decided.public and decided.duration_unit == "days" and "facility_staff" in decided.roles
    assert every["claims_paid"].duration_unit == "days"
    assert every["claims_overdue"].snapshot
    assert "facility_staff" not in every["claims_overdue"].roles


def test_the_overdue_figure_leads_to_the_overdue_files_it_counts(client, manager, world):
    """The figure of yesterday's end is what the overdue list shows this morning, step by step."""
    centre, hospital = world
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    def waiting(where, due_on, status="admin_check"):
        return decided_file(
            where,
            received_on=due_on - datetime.timedelta(days=30),
            due_on=due_on,
            status=status,
            routing="administrative_check",
            decided_on=due_on - datetime.timedelta(days=29),
        ).billing_file

    counted = {waiting(centre, yesterday), waiting(centre, yesterday - datetime.timedelta(days=4))}
    waiting(hospital, yesterday)  # another facility
    waiting(centre, yesterday + datetime.timedelta(days=1))  # due today: not overdue yet
    waiting(centre, yesterday, status="medical_review")  # another step

    [row] = [
        r
        for r in claims.figures_of_day(day=yesterday, profile=active_profile())
        if r.indicator == "claims_overdue" and r.facility_id == centre.pk and r.key == "admin_check"
    ]
    selection = Selection(
        start=yesterday,
        end=yesterday,
        facility_id=centre.pk,
        region="MR-12",
        facility_kind="health_centre",
        care_type="outpatient",
        key="admin_check",
    )
    url = catalogue()["claims_overdue"].link(selection)
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    listed = {entry["file"] for entry in response.context["rows"]}
    assert listed == counted
    assert row.count == len(listed) == 2


def listed(client, url: str) -> set[int]:
    """The decisions a list of decisions shows, following its link (one page holds them all here)."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].next_after is None
    return {row["decision"].pk for row in response.context["rows"]}


def test_the_decided_figure_leads_to_the_decisions_it_counts(client, manager, world):
    centre, hospital = world
    counted = {
        decided_file(centre, received_on=datetime.date(2026, 4, 2)).pk,
        decided_file(
            centre, received_on=datetime.date(2026, 5, 2), source="checker", routing="administrative_check"
        ).pk,
    }
    decided_file(
        centre, received_on=datetime.date(2026, 5, 2), routing="medical_review", status="medical_review"
    )
    decided_file(centre, received_on=datetime.date(2026, 5, 2), care_type="inpatient")
    decided_file(hospital, received_on=datetime.date(2026, 5, 2))
    decided_file(centre, received_on=datetime.date(2026, 5, 2), decided_on=DAY + datetime.timedelta(days=1))

    rows = [
        r
        for r in claims.figures_of_day(day=DAY, profile=active_profile())
        if r.indicator == "claims_decided" and r.facility_id == centre.pk and r.care_type == "outpatient"
    ]
    selection = Selection(start=DAY, end=DAY, facility_id=centre.pk, region="MR-12", care_type="outpatient")
    client.force_login(manager)
    assert listed(client, catalogue()["claims_decided"].link(selection)) == counted
    assert sum(r.count for r in rows) == len(counted)


# ---- The lists' new filters -----------------------------------------------------------------------------


def test_the_queue_filters_by_region_kind_of_facility_and_care_type(client, manager, world):
    from django.urls import reverse

    centre, hospital = world
    due = timezone.localdate() - datetime.timedelta(days=2)

    def waiting(where, care_type="outpatient"):
        return decided_file(
            where,
            received_on=due - datetime.timedelta(days=30),
            due_on=due,
            status="admin_check",
            routing="administrative_check",
            decided_on=due - datetime.timedelta(days=29),
            care_type=care_type,
        ).billing_file

    a, b, c = waiting(centre), waiting(hospital), waiting(centre, "inpatient")
    client.force_login(manager)

    def shown(**params):
        response = client.get(reverse("claims:fund_overdue"), {"status": "admin_check", **params})
        assert response.status_code == 200
        return {row["file"] for row in response.context["rows"]}

    assert shown() == {a, b, c}
    assert shown(region="MR-13") == {b}
    assert shown(facility_kind="health_centre") == {a, c}
    assert shown(care_type="inpatient") == {c}
    # A value the lists do not know is an error next to its field, and filters nothing.
    response = client.get(reverse("claims:fund_overdue"), {"status": "admin_check", "care_type": "spa"})
    assert response.context["form"].errors["care_type"]
    assert {row["file"] for row in response.context["rows"]} == {a, b, c}


def test_the_decided_list_filters_by_period_and_refuses_one_that_ends_before_it_starts(
    client, manager, world
):
    from django.urls import reverse

    centre, hospital = world
    first = decided_file(centre, received_on=datetime.date(2026, 5, 2), decided_on=DAY)
    second = decided_file(
        hospital, received_on=datetime.date(2026, 5, 2), decided_on=DAY + datetime.timedelta(days=2)
    )
    url = reverse("claims:fund_decided")
    client.force_login(manager)
    day = DAY.isoformat()
    assert listed(client, f"{url}?decided_from={day}&decided_to={day}") == {first.pk}
    assert listed(client, f"{url}?decided_from={day}") == {first.pk, second.pk}
    assert listed(client, f"{url}?facility_kind=regional_hospital") == {second.pk}
    response = client.get(url, {"decided_from": day, "decided_to": "2026-05-01"})
    assert response.context["form"].errors["decided_to"]


def test_the_decided_list_is_for_the_funds_staff(client, make_user):
    from django.urls import reverse

    from sanad.common.permissions import Role

    client.force_login(make_user("desk", Role.FACILITY_STAFF))
    assert client.get(reverse("claims:fund_decided")).status_code == 403
