"""The enrollments' clock: certified within 30 days of submission (seed 003), and those overdue."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.registry.views.lists import EnrollmentFilterForm
from sanad.reports.compute import clocks_enrollments
from sanad.reports.indicators import Selection, indicator
from tests.reports.test_clocks_rows import computed, enrollment, figures, listed

D = datetime.date
DAY = D(2026, 3, 31)
NUMBER = r"T\d{8}"


@pytest.fixture
def files(db):
    """Three certified on 31 March (one late), one refused that day, one certified the day before, and
    three still waiting."""
    return {
        "a": enrollment(status="certified", submitted_on=D(2026, 3, 1), due_on=DAY, decided_on=DAY),
        "b": enrollment(
            status="certified", submitted_on=D(2026, 2, 20), due_on=D(2026, 3, 22), decided_on=DAY
        ),
        "c": enrollment(
            status="certified",
            submitted_on=D(2026, 3, 25),
            due_on=D(2026, 4, 24),
            decided_on=DAY,
            region="MR-02",
        ),
        "d": enrollment(
            status="rejected",
            submitted_on=D(2026, 2, 10),
            due_on=D(2026, 3, 12),
            decided_on=DAY,
            region="MR-03",
        ),
        "e": enrollment(
            status="certified", submitted_on=D(2026, 3, 1), due_on=DAY, decided_on=D(2026, 3, 30)
        ),
        "f": enrollment(status="submitted", submitted_on=D(2026, 2, 1), due_on=D(2026, 3, 3)),
        "g": enrollment(status="checked", submitted_on=D(2026, 3, 1), due_on=DAY, region="MR-02"),
        "h": enrollment(status="submitted", submitted_on=D(2026, 3, 2), due_on=D(2026, 4, 1)),
    }


def test_certified_counts_the_day_s_certificates_by_region_and_whole_days_with_those_within_30_days(
    files, monkeypatch
):
    computed(monkeypatch, DAY, clocks_enrollments)
    assert figures("enrollments_certified", DAY) == {
        ("MR-01", "30"): (1, 1, Decimal("720.00")),  # the 30th day is still within the clock
        ("MR-01", "39"): (1, 0, Decimal("936.00")),
        ("MR-02", "6"): (1, 1, Decimal("144.00")),
    }


def test_overdue_counts_the_enrollments_still_waiting_at_the_end_of_the_day_past_their_due_date(
    files, monkeypatch
):
    computed(monkeypatch, DAY, clocks_enrollments)
    # f is 28 days late; g was due on the day itself and is still waiting.
    assert figures("enrollments_overdue", DAY) == {
        ("MR-01", ""): (1, 0, Decimal("0.00")),
        ("MR-02", ""): (1, 0, Decimal("0.00")),
    }


def test_overdue_of_a_past_day_counts_the_enrollments_decided_only_later(files, monkeypatch):
    computed(monkeypatch, D(2026, 3, 30), clocks_enrollments)
    # b and d were still waiting on 30 March (decided on the 31st), f too; g was not due yet.
    assert figures("enrollments_overdue", D(2026, 3, 30)) == {
        ("MR-01", ""): (2, 0, Decimal("0.00")),
        ("MR-03", ""): (1, 0, Decimal("0.00")),
    }


def test_the_certified_figure_links_to_the_list_of_exactly_the_enrollments_it_counts(files, client, manager):
    client.force_login(manager)
    spec = indicator("enrollments_certified")
    numbers = {k: e.member.registration_number for k, e in files.items()}
    assert listed(client, spec.link(Selection(start=DAY, end=DAY)), NUMBER) == {
        numbers["a"],
        numbers["b"],
        numbers["c"],
    }
    assert listed(client, spec.link(Selection(start=DAY, end=DAY, region="MR-01")), NUMBER) == {
        numbers["a"],
        numbers["b"],
    }
    month = Selection(start=D(2026, 3, 1), end=DAY)
    assert listed(client, spec.link(month), NUMBER) == {numbers[k] for k in "abce"}


def test_the_enrollments_list_filter_by_decision_day_refuses_an_end_before_its_start(db):
    form = EnrollmentFilterForm({"decided_from": "2026-03-31", "decided_to": "2026-03-30"})
    assert not form.is_valid()
    assert "decided_to" in form.errors
    assert EnrollmentFilterForm({"decided_from": "2026-03-31", "decided_to": "2026-03-31"}).is_valid()


def test_the_day_s_computation_of_every_area_writes_the_enrollments_figures(files):
    from sanad.reports.compute import day_compute

    day_compute(day=DAY)
    assert sum(c for c, _, _ in figures("enrollments_certified", DAY).values()) == 3
    assert sum(c for c, _, _ in figures("enrollments_overdue", DAY).values()) == 2
