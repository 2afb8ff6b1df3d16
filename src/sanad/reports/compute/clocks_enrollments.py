"""The enrollments' clock (issue 20, §1): enrollments certified within the profile's processing clock (30
days, seed 003), and those still waiting past it.

An enrollment's clock runs from its submission (`submitted_on`) to its due date (`due_on`, set on
submission from `enrollment.processing_clock`); it is certified on time when `decided_on <= due_on`.

What each query reads, and its index:
- the day's certifications: Enrollment by (status, decided_on) — no index yet, see `DECISION_DAY_INDEX`;
  each row's member region by primary key;
- the overdue ones: Enrollment's (status, due_on) for those still waiting, and, when a past day is computed
  again, those decided after it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sanad.common.permissions import Role
from sanad.funds.types import FundProfile
from sanad.registry.models import Enrollment
from sanad.registry.statuses import ENROLLMENT_CLOCK_RUNNING, EnrollmentStatus
from sanad.reports.compute import FigureRow
from sanad.reports.compute._durations import ClockTally, bucket_days, hours_of_days
from sanad.reports.indicators import Area, Indicator, Measure, Selection, address, register

# The index the day's certifications need on PostgreSQL (registry app, not added here): without it, a day
# reads every certified enrollment.
DECISION_DAY_INDEX = 'models.Index(fields=["status", "decided_on"], name="registry_enrollment_decided")'

ROLES = frozenset({Role.ENROLLMENT_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
CERTIFIED = "enrollments_certified"
OVERDUE = "enrollments_overdue"


def _list_url(query: dict[str, str]) -> str:
    return f"{address('registry:enrollment_list')}?{urlencode(query)}"


def certified_link(selection: Selection) -> str:
    """The enrollments list: certified from the period's first day to its last, in the region picked."""
    query = {
        "status": EnrollmentStatus.CERTIFIED.value,
        "decided_from": selection.start.isoformat(),
        "decided_to": selection.end.isoformat(),
    }
    if selection.region:
        query["region"] = selection.region
    return _list_url(query)


def overdue_link(selection: Selection) -> str:
    """The enrollments list of those waiting past their due date today (the state the figure of today
    counts), in the region picked."""
    query = {"overdue": "on"}
    if selection.region:
        query["region"] = selection.region
    return _list_url(query)


register(
    Indicator(
        code=CERTIFIED,
        label=_("Enrollments certified"),
        area=Area.CLOCKS,
        measure=Measure.ON_TIME,
        description=_(
            "Enrollments whose rights certificate was issued, and the share issued within the processing "
            "time of 30 days from the submission of the file (seed 003); the time counts calendar days."
        ),
        roles=ROLES,
        link=certified_link,
        key_name=_("days to the certificate"),
        duration_unit="days",
    ),
    Indicator(
        code=OVERDUE,
        label=_("Enrollments overdue"),
        area=Area.CLOCKS,
        measure=Measure.COUNT,
        description=_(
            "Enrollments still waiting for a decision at the end of the day although their processing time "
            "of 30 days (seed 003) has run out."
        ),
        roles=ROLES,
        link=overdue_link,
        snapshot=True,
    ),
)


def _certified(day: datetime.date) -> Iterator[FigureRow]:
    """One figure per region and whole days taken: the enrollments certified on `day`."""
    rows = Enrollment.objects.filter(status=EnrollmentStatus.CERTIFIED, decided_on=day).values_list(
        "member__region", "submitted_on", "due_on"
    )
    tally = ClockTally(CERTIFIED)
    for region, submitted_on, due_on in rows.iterator():
        days = (day - (submitted_on or day)).days
        tally.add(
            region=region or "",
            bucket=bucket_days(days),
            on_time=due_on is None or day <= due_on,
            hours=hours_of_days(max(days, 0)),
        )
    return tally.rows()


def open_at_end_of(day: datetime.date) -> Q:
    """Enrollments waiting for a decision at the end of `day`: submitted by then, and either still waiting
    or decided (certified, refused, merged) only later."""
    return Q(submitted_on__lte=day) & (Q(status__in=sorted(ENROLLMENT_CLOCK_RUNNING)) | Q(decided_on__gt=day))


def _overdue(day: datetime.date) -> Iterator[FigureRow]:
    """Per region, the enrollments open at the end of `day` whose due date is `day` or earlier: on the next
    morning they are past it."""
    rows = (
        Enrollment.objects.filter(open_at_end_of(day), due_on__lte=day)
        .values("member__region")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(indicator=OVERDUE, region=row["member__region"] or "", count=row["n"])


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    yield from _certified(day)
    yield from _overdue(day)
