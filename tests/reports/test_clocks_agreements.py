"""The agreements' clock: 10 working days (2 weeks, seed 001), weekends and public holidays left out."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.funds import load_profile
from sanad.providers.clock import agreement_due_on
from sanad.reports.compute import clocks_agreements
from sanad.reports.indicators import Selection, indicator
from sanad.reports.models import Figure
from tests.reports.test_clocks_rows import agreement, computed, facility

D = datetime.date
DAY = D(2026, 5, 5)


@pytest.fixture
def requests(db):
    """CNASS: requests of 6, 13 and 20 April 2026; 1 May (Labour Day, a Friday) is a public holiday."""
    profile = load_profile("cnass-mr")
    centre, hospital = facility("MR-01"), facility("MR-02", kind="regional_hospital")
    early, middle, late = D(2026, 4, 6), D(2026, 4, 13), D(2026, 4, 20)
    return {
        "profile": profile,
        "centre": centre,
        "hospital": hospital,
        # Decided on 5 May: past its due date of 20 April.
        "early": agreement(
            place=centre,
            status="refused",
            requested_on=early,
            due_on=agreement_due_on(profile, early),
            decided_on=DAY,
        ),
        # Still waiting, due on 27 April.
        "middle": agreement(
            place=centre, status="mission_done", requested_on=middle, due_on=agreement_due_on(profile, middle)
        ),
        # Decided on 5 May: the holiday moved its due date from 4 to 5 May.
        "late": agreement(
            place=hospital,
            status="approved",
            requested_on=late,
            due_on=agreement_due_on(profile, late),
            decided_on=DAY,
        ),
    }


def test_a_public_holiday_inside_the_working_day_clock_moves_the_due_date(requests):
    assert [requests[k].due_on for k in ("early", "middle", "late")] == [
        D(2026, 4, 20),
        D(2026, 4, 27),
        D(2026, 5, 5),
    ]


def test_decided_counts_the_day_s_decisions_per_facility_on_time_only_within_the_working_days(
    requests, monkeypatch
):
    computed(monkeypatch, DAY, clocks_agreements)
    rows = {
        (f.facility_id, f.region, f.facility_kind, f.key): (f.count, f.on_time, f.hours)
        for f in Figure.objects.filter(indicator="agreements_decided", day=DAY, grain="day")
    }
    assert rows == {
        (requests["centre"].pk, "MR-01", "health_centre", "29"): (1, 0, Decimal("696.00")),
        # Decided on the 11th working day after the request, but the 10th the fund works: on time.
        (requests["hospital"].pk, "MR-02", "regional_hospital", "15"): (1, 1, Decimal("360.00")),
    }


def test_overdue_counts_the_requests_waiting_past_their_due_date_at_the_end_of_the_day(requests, monkeypatch):
    computed(monkeypatch, DAY, clocks_agreements)
    computed(monkeypatch, D(2026, 5, 4), clocks_agreements)
    count = {
        day: {
            f.facility_id: f.count
            for f in Figure.objects.filter(indicator="agreements_overdue", day=day, grain="day")
        }
        for day in (D(2026, 5, 4), DAY)
    }
    # On 4 May the early request still waited (decided the next day); the late one was not due yet.
    assert count == {D(2026, 5, 4): {requests["centre"].pk: 2}, DAY: {requests["centre"].pk: 1}}


def test_the_overdue_figure_links_to_the_list_of_requests_past_their_due_date(requests, client, manager):
    client.force_login(manager)
    url = indicator("agreements_overdue").link(Selection(start=DAY, end=DAY))
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    # Today the early and late requests are decided: only the middle one waits past its due date.
    assert requests["middle"].reference in page
    assert requests["early"].reference not in page
    assert requests["late"].reference not in page
