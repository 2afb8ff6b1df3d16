"""The prior authorizations' clock: the first answers of a day, their time from the complete request, in
time or not (48 working hours, seed 004, or a clock stopped), their outcomes, and the requests overdue."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.authorizations.forms import FilterForm
from sanad.reports.compute import clocks_authorizations
from sanad.reports.indicators import Selection, indicator
from sanad.reports.models import Figure
from tests.reports.test_clocks_rows import at, authorization, computed, facility, listed

D = datetime.date
DAY = D(2026, 6, 10)
REFERENCE = r"PA-\d{6}"


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnops-ma"


@pytest.fixture
def world(db):
    a, b = facility("MA-06", kind="private_clinic"), facility("MA-01", kind="regional_hospital")
    return {
        "a": a,
        "b": b,
        # 23 h 30 from the complete request, before its due time.
        "r1": authorization(
            place=a,
            status="approved",
            submitted_at=at(D(2026, 6, 8), 16),
            received_at=at(D(2026, 6, 9), 10),
            due_at=at(D(2026, 6, 11), 10),
            decided_at=at(DAY, 9, 30),
            kind="approved",
        ),
        # Complete on arrival: 102 h, 54 h past its due time.
        "r2": authorization(
            place=a,
            status="refused",
            submitted_at=at(D(2026, 6, 6), 8),
            due_at=at(D(2026, 6, 8), 8),
            decided_at=at(DAY, 14),
            kind="refused",
        ),
        # An emergency answered in 45 minutes while its clock was stopped (no due time): in time.
        "r3": authorization(
            place=b,
            status="approved_with_reserve",
            submitted_at=at(DAY, 7),
            received_at=at(DAY, 8),
            due_at=None,
            decided_at=at(DAY, 8, 45),
            kind="approved_with_reserve",
            emergency=True,
        ),
        # Answered the evening before: not a first answer of the day.
        "r4": authorization(
            place=a,
            status="approved",
            submitted_at=at(D(2026, 6, 8), 9),
            due_at=at(D(2026, 6, 10), 9),
            decided_at=at(D(2026, 6, 9), 23, 30),
            kind="approved",
        ),
        # Waiting past its due time at the end of the day.
        "r5": authorization(
            place=a, status="pending", submitted_at=at(D(2026, 6, 8), 12), due_at=at(DAY, 12)
        ),
        # Waiting, due the next morning.
        "r6": authorization(
            place=a, status="pending", submitted_at=at(D(2026, 6, 9), 9), due_at=at(D(2026, 6, 11), 9)
        ),
        # An emergency due at 20:00, answered only the next day: overdue at the end of the day.
        "r7": authorization(
            place=b,
            status="approved",
            submitted_at=at(D(2026, 6, 9), 20),
            due_at=at(DAY, 20),
            decided_at=at(D(2026, 6, 11), 10),
            kind="approved",
            emergency=True,
        ),
    }


def _rows(code: str, day=DAY):
    return {
        (f.facility_id, f.region, f.care_type, f.key): (f.count, f.on_time, f.hours)
        for f in Figure.objects.filter(indicator=code, day=day, grain="day")
    }


def test_answer_time_counts_the_first_answers_of_the_day_by_whole_hours_from_the_complete_request(
    world, monkeypatch
):
    computed(monkeypatch, DAY, clocks_authorizations)
    a, b = world["a"].pk, world["b"].pk
    assert _rows("authorization_answer_time") == {
        (a, "MA-06", "standard", "23"): (1, 1, Decimal("23.50")),
        (a, "MA-06", "standard", "102"): (1, 0, Decimal("102.00")),
        (b, "MA-01", "emergency", "0"): (1, 1, Decimal("0.75")),
    }


def test_decisions_count_the_first_answers_of_the_day_by_outcome(world, monkeypatch):
    computed(monkeypatch, DAY, clocks_authorizations)
    a, b = world["a"].pk, world["b"].pk
    assert _rows("authorization_decisions") == {
        (a, "MA-06", "standard", "approved"): (1, 0, Decimal("0.00")),
        (a, "MA-06", "standard", "refused"): (1, 0, Decimal("0.00")),
        (b, "MA-01", "emergency", "approved_with_reserve"): (1, 0, Decimal("0.00")),
    }
    label = indicator("authorization_decisions").key_label
    assert [label(k) for k in ("approved", "approved_with_reserve", "refused")] == [
        "Accordé",
        "Accordé sous réserve",
        "Refusé",
    ]


def test_a_modification_the_same_day_is_not_a_second_decision(world, monkeypatch):
    from sanad.authorizations.models import Decision

    first = world["r1"].decision
    Decision.objects.create(
        request=world["r1"],
        kind="approved",
        action="modify",
        replaces=first,
        facility=world["a"],
        counts="days",
        valid_from=DAY,
        valid_to=DAY,
        decided_at=at(DAY, 16),
    )
    computed(monkeypatch, DAY, clocks_authorizations)
    assert _rows("authorization_decisions")[world["a"].pk, "MA-06", "standard", "approved"][0] == 1


def test_overdue_counts_the_requests_waiting_past_their_due_time_at_the_end_of_the_day(world, monkeypatch):
    computed(monkeypatch, DAY, clocks_authorizations)
    a, b = world["a"].pk, world["b"].pk
    assert _rows("authorizations_overdue") == {
        (a, "MA-06", "standard", ""): (1, 0, Decimal("0.00")),
        (b, "MA-01", "emergency", ""): (1, 0, Decimal("0.00")),
    }


def test_the_figures_link_to_the_list_of_exactly_the_requests_they_count(world, client, manager):
    client.force_login(manager)
    ref = {k: r.reference for k, r in world.items() if k.startswith("r")}
    answers = indicator("authorization_answer_time").link
    decisions = indicator("authorization_decisions").link
    day = Selection(start=DAY, end=DAY)
    assert listed(client, answers(day), REFERENCE) == {ref["r1"], ref["r2"], ref["r3"]}
    assert listed(client, answers(Selection(start=DAY, end=DAY, care_type="emergency")), REFERENCE) == {
        ref["r3"]
    }
    assert listed(client, answers(Selection(start=DAY, end=DAY, region="MA-06")), REFERENCE) == {
        ref["r1"],
        ref["r2"],
    }
    assert listed(client, answers(Selection(start=DAY, end=DAY, facility_id=world["b"].pk)), REFERENCE) == {
        ref["r3"]
    }
    assert listed(client, decisions(Selection(start=DAY, end=DAY, key="refused")), REFERENCE) == {ref["r2"]}
    june = Selection(start=D(2026, 6, 1), end=D(2026, 6, 30), key="approved")
    assert listed(client, decisions(june), REFERENCE) == {ref["r1"], ref["r4"], ref["r7"]}


def test_the_requests_list_filter_by_first_answer_refuses_an_end_before_its_start(db):
    form = FilterForm({"answered_from": "2026-06-10", "answered_to": "2026-06-09"})
    form.fields["status"].choices = form.fields["request_type"].choices = [("", "—")]
    assert not form.is_valid()
    assert "answered_to" in form.errors
    form = FilterForm({"answered_from": "2026-06-10", "answered_to": "2026-06-10", "outcome": "refused"})
    form.fields["status"].choices = form.fields["request_type"].choices = [("", "—")]
    assert form.is_valid()
