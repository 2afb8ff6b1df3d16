"""The complaints' clock (issue 20, §1 and §3): complaints answered within their clock, and those still
waiting past it, per regional office (seed 000: complaints go to the regional offices).

A complaint's clock runs from the day its office received it (`received_on`) to its due date (`due_on`, set
on registration from the profile's `claims.complaint_clock`); it is answered on time when
`answered_on <= due_on`.

What each query reads, and its index:
- the day's answers: Complaint by `answered_on` (no index yet, see `ANSWER_DAY_INDEX`);
- the overdue complaints: Complaint's (status, due_on, id) for those still open, and, when a past day is
  computed again, those answered after it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import Complaint
from sanad.claims.statuses import ComplaintStatus
from sanad.common.permissions import Role
from sanad.funds.types import FundProfile
from sanad.reports.compute import FigureRow
from sanad.reports.compute._durations import ClockTally, bucket_days, hours_of_days
from sanad.reports.indicators import Area, Indicator, Measure, Selection, address, register

# The index the day's answers need on PostgreSQL (claims app, not added here).
ANSWER_DAY_INDEX = 'models.Index(fields=["answered_on"], name="claims_complaint_answered_idx")'

ROLES = frozenset({Role.COUNTER_AGENT, Role.CLAIMS_CHECKER, Role.MANAGER, Role.ADMINISTRATOR})
ANSWERED = "complaints_answered"
OVERDUE = "complaints_overdue"


def _list_url(query: dict[str, str], selection: Selection) -> str:
    if selection.region:
        query["region"] = selection.region
    return f"{address('claims:complaint_queue')}?{urlencode(query)}"


def answered_link(selection: Selection) -> str:
    """The complaints list: answered from the period's first day to its last, at the office picked."""
    return _list_url(
        {
            "status": ComplaintStatus.ANSWERED.value,
            "answered_from": selection.start.isoformat(),
            "answered_to": selection.end.isoformat(),
        },
        selection,
    )


def overdue_link(selection: Selection) -> str:
    """The complaints list: waiting for an answer past their due date today, at the office picked."""
    return _list_url({"overdue": "on"}, selection)


register(
    Indicator(
        code=ANSWERED,
        label=_("Complaints answered"),
        area=Area.CLOCKS,
        measure=Measure.ON_TIME,
        description=_(
            "Complaints answered by the regional offices (seed 000), and the share answered within their "
            "clock of 30 days from receipt; the time counts calendar days."
        ),
        roles=ROLES,
        link=answered_link,
        key_name=_("days to the answer"),
        duration_unit="days",
        public=True,
    ),
    Indicator(
        code=OVERDUE,
        label=_("Complaints overdue"),
        area=Area.CLOCKS,
        measure=Measure.COUNT,
        description=_(
            "Complaints still waiting for an answer at the end of the day although their clock of 30 days "
            "(seed 000) has run out."
        ),
        roles=ROLES,
        link=overdue_link,
        snapshot=True,
    ),
)


def _answered(day: datetime.date) -> Iterator[FigureRow]:
    """Per regional office and whole days taken: the complaints answered on `day`."""
    rows = Complaint.objects.filter(answered_on=day).values_list("region", "received_on", "due_on")
    tally = ClockTally(ANSWERED)
    for region, received_on, due_on in rows.iterator():
        days = max((day - received_on).days, 0)
        tally.add(
            region=region or "",
            bucket=bucket_days(days),
            on_time=day <= due_on,
            hours=hours_of_days(days),
        )
    return tally.rows()


def _overdue(day: datetime.date) -> Iterator[FigureRow]:
    """Per regional office, the complaints open at the end of `day` (still open, or answered only later)
    whose due date is `day` or earlier."""
    waiting = Q(status=ComplaintStatus.OPEN) | Q(answered_on__gt=day)
    rows = (
        Complaint.objects.filter(waiting, received_on__lte=day, due_on__lte=day)
        .values("region")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(indicator=OVERDUE, region=row["region"] or "", count=row["n"])


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    yield from _answered(day)
    yield from _overdue(day)
