"""The answer clock's figures (issue 17, §3): the requests near or past their due time, escalated to the
manager, and each month's share answered in time with the median and average time to the first answer,
standard requests and emergencies apart, computed from the requests themselves (the dashboards read them).
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.selectors.requests import QueueRow, request_row
from sanad.authorizations.statuses import RequestStatus
from sanad.common.permissions import can
from sanad.funds.calendar import add_months
from sanad.funds.types import FundProfile

ESCALATION_SIZE = 500
# No clock runs longer than this: requests due later are neither near nor past due.
_HORIZON = datetime.timedelta(days=21)
_TENTH = Decimal("0.1")
_HOUR = Decimal(3600)


def escalation_rows(
    *, user: Any, profile: FundProfile, now: datetime.datetime
) -> tuple[list[QueueRow], list[QueueRow]]:
    """The requests awaiting a decision past their due time (the longest late first), and those near it
    (the soonest due first), of every facility, for the fund's staff who follow requests."""
    if not can(user, "authorizations.view"):
        raise PermissionDenied("authorizations.view")
    rows = (
        AuthorizationRequest.objects.select_related("facility", "member", "dependant")
        .filter(status=RequestStatus.PENDING, due_at__lte=now + _HORIZON)
        .order_by("due_at", "id")[:ESCALATION_SIZE]
    )
    checked = [request_row(profile, row, now) for row in rows]
    return [r for r in checked if r.late], [r for r in checked if r.near]


@dataclass(frozen=True, slots=True)
class AnswerFigures:
    """Requests first answered in a month: how many, how many by their due time, and how long it took from
    the complete request to the answer (hours of elapsed time)."""

    answered: int
    in_time: int
    median_hours: Decimal | None
    mean_hours: Decimal | None

    @property
    def share_in_time(self) -> Decimal | None:
        """Percent answered in time, to the tenth; None when nothing was answered."""
        if not self.answered:
            return None
        return (Decimal(100) * self.in_time / self.answered).quantize(_TENTH, ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: datetime.date  # the first day of the month
    standard: AnswerFigures
    emergency: AnswerFigures
    total: AnswerFigures


def _figures(durations: list[Decimal], late: int) -> AnswerFigures:
    if not durations:
        return AnswerFigures(0, 0, None, None)
    median = Decimal(statistics.median(durations)).quantize(_TENTH, ROUND_HALF_UP)
    mean = (sum(durations, Decimal(0)) / len(durations)).quantize(_TENTH, ROUND_HALF_UP)
    return AnswerFigures(len(durations), len(durations) - late, median, mean)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# The fields of a request that its answer's figures read (`first_answers`'s rows, in this order).
ANSWER_FIELDS = ("emergency", "submitted_at", "received_at", "due_at", "decided_at")


def first_answers(*, start: datetime.date, stop: datetime.date) -> QuerySet[AuthorizationRequest]:
    """The requests whose first answer (`decided_at`) fell from `start` (included) to `stop` (excluded), on
    the fund's wall clock."""
    return AuthorizationRequest.objects.filter(
        decided_at__gte=_local_midnight(start), decided_at__lt=_local_midnight(stop)
    )


def answer_seconds(
    *, submitted_at: datetime.datetime, received_at: datetime.datetime | None, decided_at: datetime.datetime
) -> int:
    """The time to decision, in whole seconds of elapsed time: from the complete request (or its arrival,
    for one refused at once) to the first answer."""
    return max(int((decided_at - (received_at or submitted_at)).total_seconds()), 0)


def answered_in_time(*, due_at: datetime.datetime | None, decided_at: datetime.datetime) -> bool:
    """A request is answered in time when the answer came by its due time, or while its clock was stopped
    (no due time: a question waiting for the facility's answer; an emergency refused at once for being
    late)."""
    return due_at is None or decided_at <= due_at


def answer_figures_by_month(*, first: datetime.date, last: datetime.date) -> list[MonthFigures]:
    """For each month from `first`'s to `last`'s, the requests whose first answer fell in it (on the fund's
    wall clock). A request is answered in time when the answer came by its due time, or while its clock was
    stopped (a question waiting for the facility's answer; an emergency refused at once for being late).
    The time to decision runs from the complete request (or its arrival, for one refused at once)."""
    start, stop = first.replace(day=1), add_months(last.replace(day=1), 1)
    rows = first_answers(start=start, stop=stop).values_list(*ANSWER_FIELDS)
    durations: dict[tuple[datetime.date, bool], list[Decimal]] = defaultdict(list)
    late: dict[tuple[datetime.date, bool], int] = defaultdict(int)
    for emergency, submitted_at, received_at, due_at, decided_at in rows.iterator():
        month = timezone.localtime(decided_at).date().replace(day=1)
        seconds = answer_seconds(submitted_at=submitted_at, received_at=received_at, decided_at=decided_at)
        durations[month, emergency].append(Decimal(seconds) / _HOUR)
        if not answered_in_time(due_at=due_at, decided_at=decided_at):
            late[month, emergency] += 1
    out = []
    month = start
    while month < stop:
        standard, urgent = durations[month, False], durations[month, True]
        out.append(
            MonthFigures(
                month,
                standard=_figures(standard, late[month, False]),
                emergency=_figures(urgent, late[month, True]),
                total=_figures(standard + urgent, late[month, False] + late[month, True]),
            )
        )
        month = add_months(month, 1)
    return out
