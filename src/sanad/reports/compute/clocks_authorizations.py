"""The prior authorizations' clock (issue 20, §1 and §3): requests answered within their answer clock (48
working hours by default, seed 004; a type's own clock or an emergency's, as the profile sets), the first
answers by outcome, and the requests past their due time.

"First answer", "complete request" and "in time" are those of `sanad.authorizations.selectors.figures`
(`first_answers`, `answer_seconds`, `answered_in_time`), which the monthly figures of the requests' pages
use too.

What each query reads, and its index:
- the day's first answers: AuthorizationRequest by `decided_at` (no index yet, see `ANSWER_DAY_INDEX`), its
  facility by primary key; their decisions by the request (the foreign key's index);
- the overdue requests: AuthorizationRequest's (status, due_at) for those still waiting and, when a past
  day is computed again, those answered after it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.models import AuthorizationRequest, Decision
from sanad.authorizations.selectors.figures import (
    ANSWER_FIELDS,
    answer_seconds,
    answered_in_time,
    first_answers,
)
from sanad.authorizations.selectors.outcomes import decision_outcome
from sanad.authorizations.statuses import DecisionAction, DecisionKind, RequestStatus
from sanad.common.permissions import Role
from sanad.funds.types import FundProfile
from sanad.reports.compute import FigureRow
from sanad.reports.compute._durations import ClockTally, bucket_hours, day_after
from sanad.reports.indicators import (
    Area,
    Indicator,
    Measure,
    Selection,
    address,
    register,
    selected_facility_code,
)

# The index the day's first answers need on PostgreSQL (authorizations app, not added here).
ANSWER_DAY_INDEX = 'models.Index(fields=["decided_at"], name="auth_request_answer_idx")'

ROLES = frozenset({Role.MEDICAL_ADVISER, Role.MANAGER, Role.ADMINISTRATOR, Role.FACILITY_STAFF})
ANSWER_TIME = "authorization_answer_time"
DECISIONS = "authorization_decisions"
OVERDUE = "authorizations_overdue"

EMERGENCY, STANDARD = "emergency", "standard"
_HOUR = Decimal(3600)


def care_type(emergency: bool) -> str:
    """The care-type dimension of a request: an emergency regularisation or a standard request."""
    return EMERGENCY if emergency else STANDARD


_AFTER_APPEAL = {
    "approved_after_appeal": _("Approved after appeal"),
    "refused_after_appeal": _("Refused after appeal"),
}


def outcome_label(key: str) -> str:
    """The outcome of a first answer or of a decision on appeal in the reader's words."""
    if key in _AFTER_APPEAL:
        return str(_AFTER_APPEAL[key])
    try:
        return str(DecisionKind(key).label)
    except ValueError:
        return key


def _query(selection: Selection, **extra: str) -> str:
    query = {
        "answered_from": selection.start.isoformat(),
        "answered_to": selection.end.isoformat(),
        **extra,
    }
    if selection.region:
        query["region"] = selection.region
    if selection.facility_id is not None:
        query["facility"] = selected_facility_code(selection)
    if selection.care_type:
        query["care"] = selection.care_type
    return f"{address('authorizations:request_list')}?{urlencode(query)}"


def answers_link(selection: Selection) -> str:
    """The requests list: first answered in the period, in the region, facility and care type picked."""
    return _query(selection)


def decisions_link(selection: Selection) -> str | None:
    """The requests list: first answered in the period with the outcome picked (any outcome if none); the
    list has no filter of decisions on appeal, whose figure leads to its own page."""
    if selection.key in _AFTER_APPEAL:
        return None
    return _query(selection, **({"outcome": selection.key} if selection.key else {}))


def overdue_link(selection: Selection) -> str:
    """The requests awaiting a decision today (the list shows each one's countdown)."""
    query = {"status": RequestStatus.PENDING.value}
    if selection.facility_id is not None:
        query["facility"] = selected_facility_code(selection)
    return f"{address('authorizations:request_list')}?{urlencode(query)}"


register(
    Indicator(
        code=ANSWER_TIME,
        label=_("Prior authorizations answered"),
        area=Area.CLOCKS,
        measure=Measure.ON_TIME,
        description=_(
            "Prior-authorization requests answered for the first time, and the share answered within their "
            "clock (48 working hours, seed 004; an emergency's own clock); the time runs from the complete "
            "request to the answer, in hours."
        ),
        roles=ROLES,
        link=answers_link,
        key_name=_("hours to the answer"),
        duration_unit="hours",
        public=True,
    ),
    Indicator(
        code=DECISIONS,
        label=_("Prior-authorization decisions"),
        area=Area.REASONS,
        measure=Measure.COUNT,
        description=_(
            "Prior-authorization requests answered for the first time, by outcome: approved, approved with "
            "reserve, refused (seeds 002 and 004)."
        ),
        roles=ROLES,
        link=decisions_link,
        key_label=outcome_label,
        key_name=_("outcome"),
        public=True,
    ),
    Indicator(
        code=OVERDUE,
        label=_("Prior authorizations overdue"),
        area=Area.CLOCKS,
        measure=Measure.COUNT,
        description=_(
            "Prior-authorization requests still awaiting a decision at the end of the day although their "
            "answer clock (48 working hours, seed 004) has run out."
        ),
        roles=ROLES,
        link=overdue_link,
        snapshot=True,
    ),
)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _answer_time(day: datetime.date) -> Iterator[FigureRow]:
    """Per facility, care type and whole hours taken: the requests first answered on `day`."""
    rows = first_answers(start=day, stop=day_after(day)).values_list(
        "facility_id", "facility__region", "facility__kind", *ANSWER_FIELDS
    )
    tally = ClockTally(ANSWER_TIME)
    for (
        facility_id,
        region,
        kind,
        emergency,
        submitted_at,
        received_at,
        due_at,
        decided_at,
    ) in rows.iterator():
        seconds = answer_seconds(submitted_at=submitted_at, received_at=received_at, decided_at=decided_at)
        tally.add(
            facility_id=facility_id,
            region=region or "",
            facility_kind=kind or "",
            care_type=care_type(emergency),
            bucket=bucket_hours(seconds),
            on_time=answered_in_time(due_at=due_at, decided_at=decided_at),
            hours=Decimal(seconds) / _HOUR,
        )
    return tally.rows()


def _decisions(day: datetime.date) -> Iterator[FigureRow]:
    """Per facility, care type and outcome: the first answers and the decisions on appeal given on `day`
    (outcomes of `decision_outcome`: approved, approved with reserve, refused, or after appeal)."""
    rows = (
        Decision.objects.filter(
            Q(request__decided_at=F("decided_at")) | Q(on_appeal=True),
            action=DecisionAction.DECIDE,
            decided_at__gte=_midnight(day),
            decided_at__lt=_midnight(day_after(day)),
        )
        .annotate(outcome=decision_outcome())
        .values("outcome", "facility_id", "facility__region", "facility__kind", "request__emergency")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(
            indicator=DECISIONS,
            key=row["outcome"],
            facility_id=row["facility_id"],
            region=row["facility__region"] or "",
            facility_kind=row["facility__kind"] or "",
            care_type=care_type(row["request__emergency"]),
            count=row["n"],
        )


def _overdue(day: datetime.date) -> Iterator[FigureRow]:
    """Per facility and care type, the requests awaiting a decision at the end of `day` (still pending, or
    answered only later) whose due time had passed by then."""
    end = _midnight(day_after(day))
    waiting = Q(status=RequestStatus.PENDING) | Q(decided_at__gte=end)
    rows = (
        AuthorizationRequest.objects.filter(waiting, submitted_at__lt=end, due_at__lt=end)
        .values("facility_id", "facility__region", "facility__kind", "emergency")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(
            indicator=OVERDUE,
            facility_id=row["facility_id"],
            region=row["facility__region"] or "",
            facility_kind=row["facility__kind"] or "",
            care_type=care_type(row["emergency"]),
            count=row["n"],
        )


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    yield from _answer_time(day)
    yield from _decisions(day)
    yield from _overdue(day)
