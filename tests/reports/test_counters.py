"""The counters: tickets handed out per branch and hour of the day, waits before the call and service times
(seed 003: reception with a numbered ticket)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.common.templatetags.sanad import region_name
from sanad.reports.compute import counters
from sanad.reports.indicators import indicator
from tests.reports.test_clocks_rows import at, computed, figures, ticket

DAY = datetime.date(2026, 11, 23)


@pytest.fixture
def tickets(db):
    return [
        # Waited 30 minutes, served in 15.
        ticket(
            branch="MR-01",
            day=DAY,
            number=1,
            issued_at=at(DAY, 8, 10),
            called_at=at(DAY, 8, 40),
            served_at=at(DAY, 8, 55),
        ),
        # Waited an hour, still at the counter.
        ticket(branch="MR-01", day=DAY, number=2, issued_at=at(DAY, 8, 50), called_at=at(DAY, 9, 50)),
        # Never called.
        ticket(branch="MR-01", day=DAY, number=3, issued_at=at(DAY, 10, 5)),
        # Waited 6 minutes, served in 24.
        ticket(
            branch="MR-02",
            day=DAY,
            number=1,
            issued_at=at(DAY, 9, 0),
            called_at=at(DAY, 9, 6),
            served_at=at(DAY, 9, 30),
        ),
        # Another day's ticket.
        ticket(branch="MR-01", day=DAY - datetime.timedelta(days=1), number=1, issued_at=at(DAY, 8, 0)),
    ]


def test_tickets_are_counted_per_branch_and_per_hour_of_issue(tickets, monkeypatch):
    computed(monkeypatch, DAY, counters)
    assert figures("queue_tickets", DAY) == {
        ("MR-01", "MR-01"): (3, 0, Decimal("0.00")),
        ("MR-02", "MR-02"): (1, 0, Decimal("0.00")),
    }
    assert figures("queue_tickets_by_hour", DAY) == {
        ("MR-01", "08"): (2, 0, Decimal("0.00")),
        ("MR-01", "10"): (1, 0, Decimal("0.00")),
        ("MR-02", "09"): (1, 0, Decimal("0.00")),
    }


def test_the_wait_sums_the_hours_from_ticket_to_call_of_the_tickets_called(tickets, monkeypatch):
    computed(monkeypatch, DAY, counters)
    assert figures("queue_wait", DAY) == {
        ("MR-01", "MR-01"): (2, 0, Decimal("1.50")),  # an average of 45 minutes
        ("MR-02", "MR-02"): (1, 0, Decimal("0.10")),
    }


def test_the_service_time_sums_the_hours_from_call_to_end_of_the_tickets_served(tickets, monkeypatch):
    computed(monkeypatch, DAY, counters)
    assert figures("queue_service", DAY) == {
        ("MR-01", "MR-01"): (1, 0, Decimal("0.25")),
        ("MR-02", "MR-02"): (1, 0, Decimal("0.40")),
    }


def test_a_branch_is_shown_by_its_name_and_an_hour_as_a_slot(db):
    assert indicator("queue_tickets").key_label("MR-01") == region_name("MR-01") != "MR-01"
    assert indicator("queue_tickets_by_hour").key_label("08") == "08:00–08:59"
