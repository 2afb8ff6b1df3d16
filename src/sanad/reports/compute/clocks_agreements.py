"""The agreements' clock (issue 20, §1): agreement requests decided within their processing clock (2 weeks
counted in the profile's working days, its weekend and public holidays left out, seed 001), and those
still waiting past it.

A request's clock runs from its request date to its due date (`AgreementRequest.due_on`, set on request by
`sanad.providers.clock.agreement_due_on`); it is decided on time when `decided_on <= due_on`.

What each query reads, and its index:
- the day's decisions: AgreementRequest by `decided_on` (a small table: one request per facility and
  procedure), its facility by primary key;
- the overdue requests: AgreementRequest's (status, due_on) for those still waiting, and, when a past day
  is computed again, those decided after it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sanad.common.permissions import Role
from sanad.funds.types import FundProfile
from sanad.providers.models import AgreementRequest
from sanad.providers.statuses import AGREEMENT_CLOCK_RUNNING
from sanad.reports.compute import FigureRow
from sanad.reports.compute._durations import ClockTally, bucket_days, hours_of_days
from sanad.reports.compute.claims import list_query
from sanad.reports.indicators import Area, Indicator, Measure, Selection, address, register

ROLES = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
DECIDED = "agreements_decided"
OVERDUE = "agreements_overdue"


def decided_link(selection: Selection) -> str:
    """The requests decided in the period with the selection's dimensions; a bucket narrows them to its
    whole days from the request (bucket "0" also holds a decision dated before its request: no lower
    bound)."""
    bounds = {}
    if selection.key.isdigit():
        bounds["days_to"] = selection.key
        if selection.key != "0":
            bounds["days_from"] = selection.key
    query = list_query(
        selection, decided_from=selection.start.isoformat(), decided_to=selection.end.isoformat(), **bounds
    )
    return f"{address('providers:agreements_decided')}?{query}"


def overdue_link(selection: Selection) -> str:
    """The requests past their due date today (the page lists them all, without filters)."""
    return address("providers:overdue")


register(
    Indicator(
        code=DECIDED,
        label=_("Agreement requests decided"),
        area=Area.CLOCKS,
        measure=Measure.ON_TIME,
        description=_(
            "Agreement requests approved or refused, and the share decided within the processing time of 2 "
            "weeks in working days, weekends and public holidays left out (seed 001); the time shown counts "
            "calendar days."
        ),
        roles=ROLES,
        link=decided_link,
        key_name=_("days to the decision"),
        duration_unit="days",
    ),
    Indicator(
        code=OVERDUE,
        label=_("Agreement requests overdue"),
        area=Area.CLOCKS,
        measure=Measure.COUNT,
        description=_(
            "Agreement requests still waiting for a decision at the end of the day although their processing "
            "time of 2 working weeks (seed 001) has run out."
        ),
        roles=ROLES,
        link=overdue_link,
        snapshot=True,
    ),
)


def _decided(day: datetime.date) -> Iterator[FigureRow]:
    """One figure per facility and whole days taken: the requests approved or refused on `day`."""
    rows = AgreementRequest.objects.filter(decided_on=day).values_list(
        "facility_id", "facility__region", "facility__kind", "requested_on", "due_on"
    )
    tally = ClockTally(DECIDED)
    for facility_id, region, kind, requested_on, due_on in rows.iterator():
        days = max((day - requested_on).days, 0)
        tally.add(
            facility_id=facility_id,
            region=region or "",
            facility_kind=kind or "",
            bucket=bucket_days(days),
            on_time=day <= due_on,
            hours=hours_of_days(days),
        )
    return tally.rows()


def _overdue(day: datetime.date) -> Iterator[FigureRow]:
    """Per facility, the requests open at the end of `day` (still waiting, or decided only later) whose due
    date is `day` or earlier."""
    running = Q(status__in=sorted(AGREEMENT_CLOCK_RUNNING)) | Q(decided_on__gt=day)
    rows = (
        AgreementRequest.objects.filter(running, requested_on__lte=day, due_on__lte=day)
        .values("facility_id", "facility__region", "facility__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(
            indicator=OVERDUE,
            facility_id=row["facility_id"],
            region=row["facility__region"] or "",
            facility_kind=row["facility__kind"] or "",
            count=row["n"],
        )


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    yield from _decided(day)
    yield from _overdue(day)
