"""The answer clock (issue 17, §3): counted on each country's working days and public holidays, computed
by one function; a request for information stops it and the profile says how it runs again."""

from __future__ import annotations

import datetime

import pytest

from sanad.authorizations.clock import emergency_limit, is_near_due, request_due_at, working_time_between
from sanad.funds import load_profile
from tests.authorizations.conftest import at


@pytest.fixture
def cnss():
    return load_profile("cnss-ma")


@pytest.fixture
def cnops():
    return load_profile("cnops-ma")


@pytest.fixture
def cnass():
    return load_profile("cnass-mr")


def due(profile, received, pauses=(), clock=None):
    return request_due_at(
        profile=profile,
        clock=clock or profile.authorizations.answer_clock,
        received_at=received,
        pauses=pauses,
    )


def test_cnss_answers_within_48_working_hours_friday_16h_is_due_tuesday_16h(cnss):
    assert due(cnss, at(2026, 3, 6, 16)) == at(2026, 3, 10, 16)


def test_the_clock_runs_through_the_night_on_working_days(cnss):
    assert due(cnss, at(2026, 3, 2, 23)) == at(2026, 3, 4, 23)


def test_the_clock_skips_a_moroccan_holiday_in_the_middle(cnss):
    # Wednesday 14 January 2026 is the Amazigh New Year: the 48 hours end on Friday.
    assert due(cnss, at(2026, 1, 13, 10)) == at(2026, 1, 16, 10)


def test_the_clock_skips_a_mauritanian_holiday_after_the_weekend(cnass):
    # Monday 25 May 2026 is Africa Day in Mauritania: 8 h on Thursday, 24 on Friday, 16 on Tuesday.
    assert due(cnass, at(2026, 5, 21, 16)) == at(2026, 5, 26, 16)


def test_a_request_received_on_saturday_starts_counting_on_monday(cnops):
    assert due(cnops, at(2026, 3, 7, 11)) == at(2026, 3, 11, 0)


def test_dialysis_first_admission_has_its_own_clock(cnss):
    clock = cnss.authorization_requests.type("dialysis_first").answer_clock
    assert clock == cnss.authorizations.dialysis_answer_clock
    assert due(cnss, at(2026, 3, 6, 16), clock=clock) == at(2026, 3, 13, 16)


def test_a_request_for_information_pauses_the_cnops_clock_which_resumes_with_the_time_left(cnops):
    # Due Wednesday 10:00; asked on Tuesday 10:00 with 24 working hours left; answered the next Monday 9:00.
    pause = (at(2026, 3, 3, 10), at(2026, 3, 9, 9))
    assert due(cnops, at(2026, 3, 2, 10), [pause]) == at(2026, 3, 10, 9)


def test_a_request_for_information_restarts_the_cnss_clock_in_full(cnss):
    # Answered on Thursday 15:00: 48 working hours again, over the weekend, to Monday 15:00.
    pause = (at(2026, 3, 3, 10), at(2026, 3, 5, 15))
    assert due(cnss, at(2026, 3, 2, 10), [pause]) == at(2026, 3, 9, 15)


def test_no_answer_is_due_while_a_question_waits(cnops):
    assert due(cnops, at(2026, 3, 2, 10), [(at(2026, 3, 3, 10), None)]) is None


def test_a_pause_of_a_calendar_day_clock_keeps_the_days_left(cnops):
    clock = cnops.authorizations.dialysis_answer_clock
    pause = (at(2026, 3, 4, 10), at(2026, 3, 6, 10))
    # 7 days from Monday 2 March, 5 left when asked: due 5 days after the answer.
    assert due(cnops, at(2026, 3, 2, 10), [pause], clock=clock) == at(2026, 3, 11, 10)


def test_a_question_asked_after_the_deadline_does_not_move_it(cnops):
    late = (at(2026, 3, 5, 10), at(2026, 3, 6, 10))
    assert due(cnops, at(2026, 3, 2, 10), [late]) == at(2026, 3, 4, 10)


def test_working_time_leaves_out_weekends(cnss):
    assert working_time_between(cnss, at(2026, 3, 6, 16), at(2026, 3, 9, 8)) == datetime.timedelta(hours=16)


def test_an_emergency_act_on_saturday_may_be_asked_until_the_end_of_monday(cnops):
    limit = emergency_limit(cnops, datetime.date(2026, 3, 7))
    assert at(2026, 3, 9, 23, 59) < limit < at(2026, 3, 10, 0, 0)


def test_an_emergency_act_before_a_holiday_may_be_asked_the_next_working_day(cnops):
    # Thursday 19 March 2026; Friday 20 is Eid al-Fitr, then the weekend: Monday 23.
    assert emergency_limit(cnops, datetime.date(2026, 3, 19)).date() == datetime.date(2026, 3, 23)


def test_a_request_is_near_due_in_the_last_quarter_of_its_clock(cnss):
    received, due_at = at(2026, 3, 2, 10), at(2026, 3, 4, 10)
    assert not is_near_due(cnss, received_at=received, due_at=due_at, now=at(2026, 3, 3, 20))
    assert is_near_due(cnss, received_at=received, due_at=due_at, now=at(2026, 3, 4, 0))
    assert not is_near_due(cnss, received_at=received, due_at=due_at, now=at(2026, 3, 4, 11))
