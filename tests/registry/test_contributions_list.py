"""The fund-wide list of contributions paid (issue 20, seed 003): by period, payment channel, member's
region and status; the period's bounds checked beside the field; paged by key; exported with the page's
filters; open to the register's staff and the finance officer, not to a facility."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from sanad.common.permissions import Role
from sanad.registry.selectors.contributions_list import ContributionFilters, contribution_list_paid
from sanad.registry.views.contributions_list import ContributionFilterForm
from tests.reports.test_clocks_rows import contribution, member

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "registry:contribution_list"


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def paid():
    north, south = member("MR-01"), member("MR-02")
    return {
        "cash": contribution(holder=north, method="cash", amount="100.00", paid_on=D(2026, 4, 1)),
        "cheque": contribution(holder=north, method="cheque", amount="200.00", paid_on=D(2026, 4, 2)),
        "mobile": contribution(holder=south, method="mobile_money", amount="300.00", paid_on=D(2026, 4, 3)),
        "voided": contribution(
            holder=south, method="cash", amount="400.00", paid_on=D(2026, 4, 2), status="voided"
        ),
    }


def listed(client, **params) -> set[int]:
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return {c.pk for c in response.context["rows"]}


def test_the_list_keeps_the_payments_still_opening_rights_by_default(paid, client, manager):
    client.force_login(manager)
    assert listed(client) == {paid["cash"].pk, paid["cheque"].pk, paid["mobile"].pk}
    assert listed(client, status="any") == {c.pk for c in paid.values()}
    assert listed(client, status="voided") == {paid["voided"].pk}


def test_the_filters_keep_the_period_channel_and_region(paid, client, manager):
    client.force_login(manager)
    assert listed(client, paid_from="2026-04-02", paid_to="2026-04-03") == {
        paid["cheque"].pk,
        paid["mobile"].pk,
    }
    assert listed(client, method="cheque") == {paid["cheque"].pk}
    assert listed(client, region="MR-02") == {paid["mobile"].pk}


def test_a_period_ending_before_its_start_is_refused_beside_its_end(client, manager):
    form = ContributionFilterForm({"paid_from": "2026-04-03", "paid_to": "2026-04-01"})
    assert not form.is_valid() and list(form.errors) == ["paid_to"]
    assert form.filters() == ContributionFilters()
    client.force_login(manager)
    response = client.get(reverse(URL), {"paid_from": "2026-04-03", "paid_to": "2026-04-01"})
    assert b'data-field="paid_to"' in response.content


def test_the_pages_follow_one_another_by_day_paid(paid, manager):
    first = contribution_list_paid(user=manager, filters=ContributionFilters(), size=2)
    second = contribution_list_paid(
        user=manager, filters=ContributionFilters(), after=first.next_after, size=2
    )
    assert [c.pk for c in first.rows + second.rows] == [paid[k].pk for k in ("cash", "cheque", "mobile")]
    assert second.next_after is None


def test_the_export_holds_the_page_s_rows_in_plain_words(paid, client, manager):
    client.force_login(manager)
    response = client.get(reverse(URL), {"method": "mobile_money", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == paid["mobile"].receipt_number
    assert rows[1][5] == "Paiement mobile" and rows[1][8] == "300.00"


def test_the_finance_officer_reads_the_list_and_a_facility_does_not(client, make_user):
    client.force_login(make_user("sidi", Role.FINANCE_OFFICER))
    assert client.get(reverse(URL)).status_code == 200
    client.force_login(make_user("fatimetou", Role.FACILITY_STAFF))
    assert client.get(reverse(URL)).status_code == 403
