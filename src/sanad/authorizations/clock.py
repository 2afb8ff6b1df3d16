"""The answer clock of a request: when it is due, how much is left, whether it is near or past due.

The due time is computed here and only here, on the fund's working calendar (`sanad.funds.calendar`):
pages, lists, exports and reports all ask `request_due_at` (issue 17, §3).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from sanad.funds.calendar import (
    add_working_days,
    add_working_hours,
    deadline,
    is_working_day,
    working_days_between,
)
from sanad.funds.types import Clock, FundProfile

Pause = tuple[datetime, datetime | None]  # a request for information: asked, answered (None: waiting)


def _local(moment: datetime) -> datetime:
    # Clocks count on the fund's wall clock (its working days start at local midnight).
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def working_time_between(profile: FundProfile, start: datetime, end: datetime) -> timedelta:
    """The time from `start` to `end` that falls on working days (none on weekends and public holidays)."""
    total, current = timedelta(0), start
    while current < end:
        midnight = datetime.combine(current.date() + timedelta(days=1), time.min, tzinfo=current.tzinfo)
        stop = min(end, midnight)
        if is_working_day(profile, current):
            total += stop - current
        current = stop
    return total


def _resume(
    profile: FundProfile, clock: Clock, asked: datetime, due: datetime, answered: datetime
) -> datetime:
    """The time the clock had left when it stopped at `asked`, run again from `answered`."""
    if clock.unit == "calendar_days":
        return answered + (due - asked)
    if clock.unit == "working_days":
        left = working_days_between(profile, asked.date(), due.date())
        return datetime.combine(add_working_days(profile, answered.date(), left), answered.timetz())
    left_hours = working_time_between(profile, asked, due) / timedelta(hours=1)
    return add_working_hours(profile, answered, left_hours)


def request_due_at(
    *, profile: FundProfile, clock: Clock, received_at: datetime, pauses: Sequence[Pause] = ()
) -> datetime | None:
    """The answer is due when the type's clock, started when the complete request was received, runs out
    (CNSS: 48 working hours, seed 004). A request for information asked before then stops the clock until
    its answer; the profile's `information_clock` says whether the answer resumes it with the time left
    ("pause") or starts it again in full ("restart"). None while a request for information waits."""
    mode = profile.authorization_requests.information_clock
    due = deadline(profile, _local(received_at), clock)
    for asked, answered in sorted(pauses, key=lambda pause: pause[0]):
        if answered is None:
            return None
        asked, answered = _local(asked), _local(answered)
        if asked >= due:
            continue  # asked once the clock had run out: the answer was late already
        due = (
            deadline(profile, answered, clock)
            if mode == "restart"
            else _resume(profile, clock, asked, due, answered)
        )
    return due


def emergency_limit(profile: FundProfile, act_date: date) -> datetime:
    """An emergency request for care already given is accepted until the profile's clock, counted from the
    end of the day of the care, runs out (seed 002: "… devra parvenir à la CNOPS le premier jour
    ouvrable")."""
    end_of_day = timezone.make_aware(datetime.combine(act_date, time.max))
    return deadline(profile, _local(end_of_day), profile.authorizations.emergency_request_clock)


def time_left(due_at: datetime | None, now: datetime) -> timedelta | None:
    """Time until the answer is due; negative once past due; None when no clock runs."""
    return None if due_at is None else due_at - now


def is_near_due(profile: FundProfile, *, received_at: datetime, due_at: datetime, now: datetime) -> bool:
    """Near due: less than the profile's share of the clock (in elapsed time) is left, and not yet past."""
    micro = timedelta(microseconds=1)
    left, total = (due_at - now) // micro, (due_at - received_at) // micro
    return left >= 0 and Decimal(left) < profile.authorization_requests.near_due_share * total
