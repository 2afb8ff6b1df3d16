"""The dashboards' reads (issue 20, §2): totals, medians from duration buckets, shares, averages, states,
trends and breakdowns, scoped to the reader's roles and facility."""

# ruff: noqa: F811 - the fixtures imported from tests.reports.pages_data are requested by name
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sanad.common.permissions import Role
from sanad.reports import selectors
from sanad.reports.indicators import Selection
from tests.reports.pages_data import (  # noqa: F401 (fixtures)
    ANSWER,
    BEFORE,
    BILLED,
    D1,
    D2,
    MONTH,
    OVERDUE,
    REJECTED,
    TICKETS,
    bind,
    facilities,
    figures,
    test_indicators,
)

pytestmark = pytest.mark.django_db


def _month() -> Selection:
    last = (MONTH + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return Selection(start=MONTH, end=last)


def _buckets(*pairs: tuple[str, int]) -> list[tuple[Decimal, int]]:
    return [(Decimal(value), count) for value, count in pairs]


def test_median_of_buckets_is_the_middle_case_of_the_expanded_list():
    # 10, 10, 20, 30, 60 → the third case.
    assert selectors.buckets_median(buckets=_buckets(("60", 1), ("10", 2), ("30", 1), ("20", 1))) == Decimal(
        "20.0"
    )


def test_median_of_an_even_number_of_cases_is_the_mean_of_the_two_middle_ones():
    # 1, 1, 1, 4, 7, 7 → (1 + 4) / 2.
    assert selectors.buckets_median(buckets=_buckets(("1", 3), ("4", 1), ("7", 2))) == Decimal("2.5")
    # 3, 3, 5, 5 → (3 + 5) / 2: the middle falls between two buckets.
    assert selectors.buckets_median(buckets=_buckets(("3", 2), ("5", 2))) == Decimal("4.0")


def test_median_without_cases_is_none():
    assert selectors.buckets_median(buckets=[]) is None
    assert selectors.buckets_median(buckets=_buckets(("4", 0))) is None


def test_month_totals_sum_counts_amounts_on_time_and_hours(figures, manager):
    totals = selectors.figure_totals(user=manager, selection=_month())

    answer = totals[ANSWER]
    assert (answer.count, answer.on_time, answer.hours) == (5, 4, Decimal("130.00"))
    assert answer.share == Decimal("80.0")
    assert answer.median == Decimal("20.0")
    assert answer.average == Decimal("26.0")
    assert answer.overdue == 1
    assert (totals[BILLED].count, totals[BILLED].amount) == (4, Decimal("129000.75"))
    assert totals[REJECTED].count == 9
    assert totals[TICKETS].count == 42


def test_a_part_of_a_month_is_read_from_its_days(figures, manager):
    totals = selectors.figure_totals(user=manager, selection=Selection(start=D1, end=D1))

    # Only D1: Aleg's four answers (3 on time; buckets 10, 10, 30, 60 → median (10 + 30) / 2).
    assert (totals[ANSWER].count, totals[ANSWER].on_time) == (4, 3)
    assert totals[ANSWER].share == Decimal("75.0")
    assert totals[ANSWER].median == Decimal("20.0")
    assert totals[ANSWER].average == Decimal("27.5")  # 110 h / 4
    assert totals[BILLED].amount == Decimal("125000.50")


def test_months_read_whole_and_days_read_for_the_rest():
    months, stretches = selectors.period_pieces(
        start=datetime.date(2026, 1, 15), end=datetime.date(2026, 3, 31), today=datetime.date(2026, 6, 1)
    )
    assert months == [datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)]
    assert stretches == [(datetime.date(2026, 1, 15), datetime.date(2026, 1, 31))]


def test_the_current_month_up_to_today_is_read_whole():
    months, stretches = selectors.period_pieces(
        start=datetime.date(2026, 12, 1), end=datetime.date(2026, 12, 7), today=datetime.date(2026, 12, 7)
    )
    assert (months, stretches) == ([datetime.date(2026, 12, 1)], [])


def test_a_state_shows_the_last_day_of_the_period_never_the_sum(figures, manager):
    assert selectors.figure_totals(user=manager, selection=_month())[OVERDUE].count == 4
    assert selectors.figure_totals(user=manager, selection=Selection(start=MONTH, end=D1))[OVERDUE].count == 9


def test_average_in_days_for_a_clock_counted_in_days(test_indicators):
    total = selectors.Total(code="x", unit="days")
    total.add(count=2, amount=Decimal(0), on_time=2, hours=Decimal("84"), key="3")
    # 84 h over 2 cases = 42 h = 1.75 days → 1.8 to the tenth.
    assert total.average == Decimal("1.8")
    assert total.median == Decimal("3.0")


def test_share_within_the_clock_is_a_percent_to_the_tenth():
    total = selectors.Total(code="x")
    total.add(count=3, amount=Decimal(0), on_time=2, hours=Decimal(0), key="")
    assert total.share == Decimal("66.7")
    assert selectors.Total(code="y").share is None


def test_filters_by_region_facility_and_kind(figures, manager):
    aleg, _kaedi = figures
    month = _month()
    by_region = selectors.figure_totals(
        user=manager, selection=Selection(start=month.start, end=month.end, region="MR-04")
    )
    assert by_region[BILLED].amount == Decimal("4000.25")
    by_facility = selectors.figure_totals(
        user=manager, selection=Selection(start=month.start, end=month.end, facility_id=aleg.pk)
    )
    assert by_facility[ANSWER].count == 4
    assert by_facility[ANSWER].median == Decimal("20.0")  # 10, 10, 30, 60
    by_kind = selectors.figure_totals(
        user=manager, selection=Selection(start=month.start, end=month.end, facility_kind="health_post")
    )
    assert by_kind[BILLED].amount == Decimal("0.00")


def test_facility_staff_see_only_their_facility_whatever_they_ask(figures, make_user):
    aleg, kaedi = figures
    staff = make_user("clinique", Role.FACILITY_STAFF)
    bind(staff, kaedi)
    month = _month()
    asked = Selection(start=month.start, end=month.end, facility_id=aleg.pk, region="MR-01")

    scoped = selectors.selection_scoped(user=staff, selection=asked)
    totals = selectors.figure_totals(user=staff, selection=Selection(start=month.start, end=month.end))
    parts = selectors.figure_breakdown(user=staff, selection=month, code=BILLED, by="facility")

    assert scoped.facility_id == kaedi.pk
    assert totals[BILLED].amount == Decimal("4000.25")
    assert totals[REJECTED].count == 2
    assert [part.key for part in parts] == ["HK02"]


def test_facility_staff_without_a_facility_see_nothing(figures, make_user):
    staff = make_user("orphan", Role.FACILITY_STAFF)
    with pytest.raises(PermissionDenied):
        selectors.figure_totals(user=staff, selection=_month())


def test_a_role_sees_only_the_indicators_of_its_work(figures, make_user):
    officer = make_user("finance", Role.FINANCE_OFFICER)
    agent = make_user("guichet", Role.COUNTER_AGENT)

    finance_codes = {spec.code for spec in selectors.indicators_visible(user=officer)}
    agent_codes = {spec.code for spec in selectors.indicators_visible(user=agent)}

    assert BILLED in finance_codes and ANSWER not in finance_codes and TICKETS not in finance_codes
    assert TICKETS in agent_codes and BILLED not in agent_codes
    assert BILLED not in selectors.figure_totals(user=agent, selection=_month())
    with pytest.raises(PermissionDenied):
        selectors.figure_breakdown(user=agent, selection=_month(), code=BILLED, by="key")


def test_without_the_capability_nothing_is_read(figures, make_user):
    insured = make_user("assure", Role.INSURED)
    with pytest.raises(PermissionDenied):
        selectors.indicators_visible(user=insured)
    with pytest.raises(PermissionDenied):
        selectors.figure_totals(user=insured, selection=_month())


def test_breakdown_by_key_labels_each_reason(figures, manager):
    parts = selectors.figure_breakdown(user=manager, selection=_month(), code=REJECTED, by="key")
    assert [(p.key, p.label, p.total.count) for p in parts] == [
        ("R01", "Pièce justificative manquante", 7),
        ("R02", "Acte hors nomenclature", 2),
    ]


def test_breakdown_of_a_clock_by_key_runs_in_bucket_order(figures, manager):
    parts = selectors.figure_breakdown(user=manager, selection=_month(), code=ANSWER, by="key")
    assert [(p.key, p.total.count) for p in parts] == [("10", 2), ("20", 1), ("30", 1), ("60", 1)]
    assert parts[0].label == _("%(value)s hours") % {"value": "10"}


def test_breakdown_by_facility_and_region_with_their_medians(figures, manager):
    by_facility = selectors.figure_breakdown(user=manager, selection=_month(), code=ANSWER, by="facility")
    by_region = selectors.figure_breakdown(user=manager, selection=_month(), code=BILLED, by="region")

    # Aleg: 2 of 4 in bucket 10, 1 in 30, 1 in 60: 3 of 4 on time (75.0 %), median (10 + 30) / 2 = 20.
    assert [(p.label, p.total.share, p.total.median) for p in by_facility] == [
        ("HK02 Hôpital régional de Kaédi", Decimal("100.0"), Decimal("20.0")),
        ("HA01 Hôpital régional d'Aleg", Decimal("75.0"), Decimal("20.0")),
    ]
    assert [(p.key, p.total.amount) for p in by_region] == [
        ("MR-01", Decimal("125000.50")),
        ("MR-04", Decimal("4000.25")),
    ]


def test_trend_reads_twelve_month_rows_oldest_first(figures, manager):
    trend = selectors.figure_trend(user=manager, selection=_month(), codes=[BILLED, ANSWER])

    billed = trend[BILLED]
    assert len(billed) == 12
    assert billed[-1].month == MONTH and billed[-2].month == BEFORE
    assert [p.total.amount for p in billed[-2:]] == [Decimal("300000.00"), Decimal("129000.75")]
    assert all(p.total.amount == 0 for p in billed[:-2])
    assert trend[ANSWER][-2].total.share == Decimal("75.0")
    assert trend[ANSWER][-1].total.median == Decimal("20.0")


def test_the_whole_funds_rows_hold_the_sum_of_the_rows_by_facility(figures, manager):
    """A page without a place filter reads the whole fund's rows: the same totals, medians and states as
    the rows by region summed (day and month, flows and states)."""
    from sanad.reports.models import Figure, Grain

    assert Figure.objects.filter(grain=Grain.DAY_FUND).exists()
    assert Figure.objects.filter(grain=Grain.MONTH_FUND).exists()
    for selection in (_month(), Selection(start=D1, end=D1), Selection(start=D2, end=D2)):
        whole = selectors.figure_totals(user=manager, selection=selection)
        for code in (ANSWER, BILLED, REJECTED, OVERDUE):
            regions = selectors.figure_breakdown(user=manager, selection=selection, code=code, by="region")
            summed = selectors.Total(code=code, unit=whole[code].unit)
            for part in regions:
                summed.merge(part.total)
            assert (whole[code].count, whole[code].amount, whole[code].on_time, whole[code].hours) == (
                summed.count,
                summed.amount,
                summed.on_time,
                summed.hours,
            )
            assert whole[code].median == summed.median


def test_a_regional_office_sees_only_its_region_whatever_it_asks(figures, make_user, client):
    """A manager of the Gorgol regional office (MR-04) reads Kaédi's figures only, even when it asks for
    Aleg's region; its filter offers no other region."""
    from sanad.reports.models import RegionalStaff

    regional = make_user("direction-gorgol", Role.MANAGER)
    RegionalStaff.objects.create(user=regional, region="MR-04")
    month = _month()
    asked = Selection(start=month.start, end=month.end, region="MR-01")

    scoped = selectors.selection_scoped(user=regional, selection=asked)
    totals = selectors.figure_totals(user=regional, selection=asked)
    parts = selectors.figure_breakdown(user=regional, selection=month, code=BILLED, by="region")

    assert scoped.region == "MR-04"
    assert totals[BILLED].amount == Decimal("4000.25")
    assert totals[REJECTED].count == 2
    assert [part.key for part in parts] == ["MR-04"]
    client.force_login(regional)
    page = client.get("/reports/", {"region": "MR-01"})
    assert page.status_code == 200
    assert "region" not in page.context["form"].fields
    assert page.context["selection"].region == "MR-04"
