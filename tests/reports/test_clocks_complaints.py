"""The complaints' clock: answered by the regional offices (seed 000) within their due date, and overdue."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.claims.views.complaints import ComplaintFilterForm
from sanad.reports.compute import clocks_complaints
from sanad.reports.indicators import Selection, indicator
from tests.reports.test_clocks_rows import complaint, computed, figures, listed

D = datetime.date
DAY = D(2026, 9, 15)
NUMBER = r"RC-\d{6}"


@pytest.fixture
def complaints(db):
    return {
        # Answered in 14 days, before its due date.
        "a": complaint(region="MR-01", received_on=D(2026, 9, 1), due_on=D(2026, 10, 1), answered_on=DAY),
        # Answered on its 36th day, 6 days late.
        "b": complaint(region="MR-01", received_on=D(2026, 8, 10), due_on=D(2026, 9, 9), answered_on=DAY),
        # Answered the day it arrived, at another office.
        "c": complaint(region="MR-04", received_on=DAY, due_on=D(2026, 10, 15), answered_on=DAY),
        # Answered the day before.
        "d": complaint(
            region="MR-01", received_on=D(2026, 9, 1), due_on=D(2026, 10, 1), answered_on=D(2026, 9, 14)
        ),
        # Open past its due date, and open but due later.
        "e": complaint(region="MR-04", received_on=D(2026, 8, 1), due_on=D(2026, 8, 31)),
        "f": complaint(region="MR-01", received_on=D(2026, 9, 1), due_on=D(2026, 10, 1)),
    }


def test_answered_counts_the_day_s_answers_per_office_and_whole_days_with_those_within_the_clock(
    complaints, monkeypatch
):
    computed(monkeypatch, DAY, clocks_complaints)
    assert figures("complaints_answered", DAY) == {
        ("MR-01", "14"): (1, 1, Decimal("336.00")),
        ("MR-01", "36"): (1, 0, Decimal("864.00")),
        ("MR-04", "0"): (1, 1, Decimal("0.00")),
    }


def test_overdue_counts_the_complaints_open_at_the_end_of_the_day_past_their_due_date(
    complaints, monkeypatch
):
    computed(monkeypatch, DAY, clocks_complaints)
    computed(monkeypatch, D(2026, 9, 10), clocks_complaints)
    assert figures("complaints_overdue", DAY) == {("MR-04", ""): (1, 0, Decimal("0.00"))}
    # On 10 September b was still open (answered on the 15th), a day past its due date.
    assert figures("complaints_overdue", D(2026, 9, 10)) == {
        ("MR-01", ""): (1, 0, Decimal("0.00")),
        ("MR-04", ""): (1, 0, Decimal("0.00")),
    }


def test_the_answered_figure_links_to_the_list_of_exactly_the_complaints_it_counts(
    complaints, client, manager
):
    client.force_login(manager)
    link = indicator("complaints_answered").link
    number = {k: c.number for k, c in complaints.items()}
    assert listed(client, link(Selection(start=DAY, end=DAY)), NUMBER) == {number[k] for k in "abc"}
    assert listed(client, link(Selection(start=DAY, end=DAY, region="MR-01")), NUMBER) == {
        number["a"],
        number["b"],
    }
    week = Selection(start=D(2026, 9, 14), end=DAY)
    assert listed(client, link(week), NUMBER) == {number[k] for k in "abcd"}


def test_the_complaints_list_filter_by_answer_day_refuses_an_end_before_its_start(db):
    form = ComplaintFilterForm({"answered_from": "2026-09-15", "answered_to": "2026-09-14"})
    assert not form.is_valid()
    assert "answered_to" in form.errors
    assert ComplaintFilterForm({"answered_from": "2026-09-15", "answered_to": "2026-09-15"}).is_valid()
