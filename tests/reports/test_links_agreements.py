"""A figure's link leads to exactly the rows it counts (issue 20, §2): the agreement requests decided in a
period (seed 001), by facility and by whole days from the request to the decision."""

from __future__ import annotations

import datetime
import re

import pytest

from sanad.funds import load_profile
from sanad.providers.clock import agreement_due_on
from sanad.reports.compute import day_compute
from sanad.reports.indicators import Selection, indicator
from sanad.reports.models import Figure
from tests.reports.test_clocks_rows import agreement, facility

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2026, 5, 5)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def requests():
    """Decided on 5 May: the centre's request of 6 April (29 days) and the hospital's of 20 April (15
    days); the centre's request of 20 April decided the day before; one still waiting."""
    profile = load_profile("cnass-mr")
    centre, hospital = facility("MR-01"), facility("MR-02", kind="regional_hospital")

    def made(place, status, requested_on, decided_on=None):
        return agreement(
            place=place,
            status=status,
            requested_on=requested_on,
            due_on=agreement_due_on(profile, requested_on),
            decided_on=decided_on,
        )

    found = {
        "early": made(centre, "refused", D(2026, 4, 6), DAY),
        "late": made(hospital, "approved", D(2026, 4, 20), DAY),
        "yesterday": made(centre, "approved", D(2026, 4, 20), DAY - datetime.timedelta(days=1)),
        "waiting": made(centre, "mission_done", D(2026, 4, 13)),
        "centre": centre,
        "hospital": hospital,
    }
    day_compute(day=DAY)
    return found


def listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].next_after is None
    return {row["request"].pk for row in response.context["rows"]}


def stored(**dims) -> int:
    return sum(
        f.count for f in Figure.objects.filter(grain="day", day=DAY, indicator="agreements_decided", **dims)
    )


def test_the_decided_figure_leads_to_exactly_the_requests_it_counts(requests, client, manager):
    client.force_login(manager)
    link = indicator("agreements_decided").link
    shown = listed(client, link(Selection(start=DAY, end=DAY)))
    assert shown == {requests["early"].pk, requests["late"].pk}
    assert stored() == len(shown) == 2
    week = Selection(start=DAY - datetime.timedelta(days=6), end=DAY, facility_id=requests["centre"].pk)
    assert listed(client, link(week)) == {requests["early"].pk, requests["yesterday"].pk}


@pytest.mark.parametrize(("key", "name"), [("29", "early"), ("15", "late")])
def test_a_days_to_the_decision_bucket_leads_to_exactly_its_requests(requests, client, manager, key, name):
    client.force_login(manager)
    shown = listed(client, indicator("agreements_decided").link(Selection(start=DAY, end=DAY, key=key)))
    assert shown == {requests[name].pk}
    assert stored(key=key) == 1


def test_a_region_s_figure_leads_to_its_requests(requests, client, manager):
    client.force_login(manager)
    url = indicator("agreements_decided").link(Selection(start=DAY, end=DAY, region="MR-02"))
    assert listed(client, url) == {requests["late"].pk}
    assert stored(region="MR-02") == 1
    page = client.get(url).content.decode()
    assert re.search(r"AGR-2026-\d{5}", page)
