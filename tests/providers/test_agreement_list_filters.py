"""The list of the agreement requests decided in a period (issue 20, seed 001): its filters by period,
facility, outcome and days to the decision, their bounds checked beside the field, and its export."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from sanad.providers.views.agreements_decided import AgreementDecidedFilterForm
from tests.reports.test_clocks_rows import agreement, facility

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "providers:agreements_decided"


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def decided():
    centre = facility("MR-01")
    return {
        "refused": agreement(
            place=centre,
            status="refused",
            requested_on=D(2026, 4, 6),
            due_on=D(2026, 4, 20),
            decided_on=D(2026, 5, 5),
        ),
        "approved": agreement(
            place=centre,
            status="approved",
            requested_on=D(2026, 4, 20),
            due_on=D(2026, 5, 5),
            decided_on=D(2026, 5, 4),
        ),
        "waiting": agreement(
            place=centre, status="mission_done", requested_on=D(2026, 4, 13), due_on=D(2026, 4, 27)
        ),
    }


def listed(client, **params) -> set[int]:
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return {row["request"].pk for row in response.context["rows"]}


def test_the_list_holds_only_decided_requests_in_the_period(decided, client, manager):
    client.force_login(manager)
    assert listed(client) == {decided["refused"].pk, decided["approved"].pk}
    assert listed(client, decided_from="2026-05-05", decided_to="2026-05-05") == {decided["refused"].pk}
    assert listed(client, status="approved") == {decided["approved"].pk}
    code = decided["refused"].facility.code
    assert listed(client, facility=code.lower()) == {decided["refused"].pk, decided["approved"].pk}
    assert listed(client, facility="XX-99") == set()


def test_the_days_to_the_decision_keep_the_requests_within_them(decided, client, manager):
    client.force_login(manager)
    assert listed(client, days_from=29, days_to=29) == {decided["refused"].pk}
    assert listed(client, days_to=14) == {decided["approved"].pk}


def test_bounds_in_the_wrong_order_are_refused_beside_their_end():
    form = AgreementDecidedFilterForm({"decided_from": "2026-05-05", "decided_to": "2026-05-01"})
    assert not form.is_valid() and list(form.errors) == ["decided_to"]
    form = AgreementDecidedFilterForm({"days_from": "9", "days_to": "2"})
    assert not form.is_valid() and list(form.errors) == ["days_to"]
    assert form.filters().days_from is None


def test_the_export_holds_the_page_s_rows_in_plain_words(decided, client, manager):
    client.force_login(manager)
    response = client.get(reverse(URL), {"status": "refused", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == decided["refused"].reference
    assert rows[1][6] == "29"
    assert rows[1][7] == "Non"
    assert "refused" not in rows[1]
