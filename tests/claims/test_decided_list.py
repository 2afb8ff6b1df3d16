"""The list of the files decided in a period (issue 20): its filters by penalty, rejected line and days
from receipt, their bounds checked beside the field, its exports with the page's filters, its link among
the fund's lists."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from sanad.claims.views.fund_forms import DecidedFilterForm
from tests.reports.test_claims_figures import DAY, decided_file, facility, finding, line

pytestmark = pytest.mark.django_db

URL = "claims:fund_decided"


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def world():
    centre = facility("CS-A")
    return {
        # 22 days from receipt, one line rejected.
        "rejected": decided_file(
            centre,
            received_on=datetime.date(2026, 4, 20),
            lines=[
                line("CON-C", "1000.00", "800.00"),
                line("RAD-1", "500.00", "0", "rejected", finding("no_tariff")),
            ],
        ),
        # 10 days, a penalty.
        "penalised": decided_file(
            centre,
            received_on=datetime.date(2026, 5, 2),
            lines=[
                line("HOS-1", "2000.00", "1200.00", "reduced", finding("pyramid_penalty"), penalty="300.00")
            ],
        ),
        # 0 days, plain.
        "plain": decided_file(centre, received_on=DAY),
    }


def listed(client, **params) -> set[int]:
    response = client.get(reverse(URL), {"decided_from": DAY, "decided_to": DAY, **params})
    assert response.status_code == 200
    return {row["decision"].pk for row in response.context["rows"]}


def test_the_penalty_filter_keeps_the_files_with_a_penalty(world, client, manager):
    client.force_login(manager)
    assert listed(client, penalty="on") == {world["penalised"].pk}


def test_the_rejected_line_filter_keeps_the_files_with_a_rejected_line_and_shows_them(world, client, manager):
    client.force_login(manager)
    assert listed(client, rejected_line="on") == {world["rejected"].pk}
    response = client.get(reverse(URL), {"rejected_line": "on"})
    [row] = response.context["rows"]
    assert (row["decision"].rejected_lines, row["rejected_amount"]) == (1, Decimal("500.00"))


def test_the_days_from_receipt_filter_keeps_the_files_decided_within_its_bounds(world, client, manager):
    client.force_login(manager)
    assert listed(client, days_from=10, days_to=10) == {world["penalised"].pk}
    assert listed(client, days_from=10) == {world["penalised"].pk, world["rejected"].pk}
    assert listed(client, days_to=10) == {world["penalised"].pk, world["plain"].pk}


def test_days_from_receipt_whose_upper_bound_is_below_the_lower_is_refused_beside_the_field():
    form = DecidedFilterForm({"days_from": "12", "days_to": "3"})
    assert not form.is_valid()
    assert list(form.errors) == ["days_to"]
    assert form.filters().days_from is None  # a form with errors filters nothing
    assert not DecidedFilterForm({"days_from": "-1"}).is_valid()


def test_a_list_with_an_error_names_the_field_on_the_page(client, manager):
    client.force_login(manager)
    response = client.get(reverse(URL), {"days_from": "12", "days_to": "3"})
    assert b'data-field="days_to"' in response.content


def test_the_export_holds_the_rows_of_the_page_s_filters(world, client, manager):
    client.force_login(manager)
    response = client.get(reverse(URL), {"rejected_line": "on", "export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    invoice = world["rejected"].billing_file.invoice_number
    assert rows[1][0] == invoice and rows[1][1] == "CS-A"
    assert rows[1][-2:] == ["1", "500.00"]
    response = client.get(reverse(URL), {"penalty": "on", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][0] == world["penalised"].billing_file.invoice_number


def test_the_fund_s_lists_link_to_the_files_decided(client, manager):
    client.force_login(manager)
    response = client.get(reverse("claims:fund_overdue"))
    assert reverse(URL).encode() in response.content
