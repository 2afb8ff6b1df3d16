"""The counters (issue 20, §1): queue tickets handed out at the branches' reception (seed 003), per branch
and per hour of the day, the time people waited before being called and the time at the counter.

A branch is a regional agency of the fund (its code is one of the profile's regions): every figure carries
it as its key and its region. Each figure links to the list of the tickets it counts
(`registry:ticket_list`) with its period, branch, hour, and how far the tickets went.

What each query reads, and its index: QueueTicket by (branch, day, called_at), every branch of the profile
named, so that the index's first column is used.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.common.permissions import Role
from sanad.common.templatetags.sanad import region_name
from sanad.funds.types import FundProfile
from sanad.registry.models import QueueTicket
from sanad.reports.compute import FigureRow
from sanad.reports.indicators import Area, Indicator, Measure, Selection, address, register

ROLES = frozenset({Role.COUNTER_AGENT, Role.MANAGER, Role.ADMINISTRATOR})
TICKETS = "queue_tickets"
BY_HOUR = "queue_tickets_by_hour"
WAIT = "queue_wait"
SERVICE = "queue_service"

_HOUR = Decimal(3600)
_CENT = Decimal("0.01")


def hour_label(key: str) -> str:
    """An hour of the day as a reader says it: "08" → "08:00–08:59"."""
    return f"{key}:00–{key}:59"


def _ticket_link(selection: Selection, **extra: str) -> str | None:
    """The tickets of the period at the selection's branch (its key, else its region). A ticket has no
    facility nor care type: a selection by them counts none, and has no list."""
    if selection.facility_id is not None or selection.facility_kind or selection.care_type:
        return None
    params = {"day_from": selection.start.isoformat(), "day_to": selection.end.isoformat(), **extra}
    query = urlencode({name: value for name, value in params.items() if value})
    return f"{address('registry:ticket_list')}?{query}"


def _branch_link(stage: str) -> Callable[[Selection], str | None]:
    def link(selection: Selection) -> str | None:
        return _ticket_link(selection, branch=selection.key or selection.region, stage=stage)

    return link


def _hour_link(selection: Selection) -> str | None:
    hour = str(int(selection.key)) if selection.key.isdigit() else ""
    return _ticket_link(selection, branch=selection.region, hour=hour)


register(
    Indicator(
        code=TICKETS,
        label=_("Queue tickets issued"),
        area=Area.COUNTERS,
        measure=Measure.COUNT,
        description=_("Numbered tickets handed out at the reception of each branch (seed 003)."),
        roles=ROLES,
        link=_branch_link(""),
        key_label=region_name,
        key_name=_("branch"),
    ),
    Indicator(
        code=BY_HOUR,
        label=_("Queue tickets by hour"),
        area=Area.COUNTERS,
        measure=Measure.COUNT,
        description=_(
            "Numbered tickets handed out at the branches' reception (seed 003), by hour of the day they were "
            "issued."
        ),
        roles=ROLES,
        link=_hour_link,
        key_label=hour_label,
        key_name=_("hour of the day"),
    ),
    Indicator(
        code=WAIT,
        label=_("Waiting time at the branches"),
        area=Area.COUNTERS,
        measure=Measure.COUNT,
        description=_(
            "Tickets called to a counter, and the time their holders waited from the ticket to the call; the "
            "average wait is the hours divided by the tickets called."
        ),
        roles=ROLES,
        link=_branch_link("called"),
        key_label=region_name,
        key_name=_("branch"),
    ),
    Indicator(
        code=SERVICE,
        label=_("Service time at the counters"),
        area=Area.COUNTERS,
        measure=Measure.COUNT,
        description=_(
            "Tickets served at a counter, and the time from the call to the end of the service; the average "
            "is the hours divided by the tickets served."
        ),
        roles=ROLES,
        link=_branch_link("served"),
        key_label=region_name,
        key_name=_("branch"),
    ),
)


def _hours(seconds: float) -> Decimal:
    return (Decimal(max(seconds, 0)) / _HOUR).quantize(_CENT, rounding=ROUND_HALF_UP)


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    branches = sorted(region.code for region in profile.regions)
    tickets = QueueTicket.objects.filter(branch__in=branches, day=day)
    for row in tickets.values("branch").annotate(n=Count("id")).order_by():
        yield FigureRow(indicator=TICKETS, region=row["branch"], key=row["branch"], count=row["n"])
    yield from _times(tickets.values_list("branch", "issued_at", "called_at", "served_at"))


def _times(
    rows: Iterable[tuple[str, datetime.datetime, datetime.datetime | None, datetime.datetime | None]],
) -> Iterator[FigureRow]:
    """Per branch: tickets by hour of issue (on the fund's wall clock), waits and service times."""
    hours: dict[tuple[str, str], int] = {}
    waits: dict[str, list[float]] = {}
    services: dict[str, list[float]] = {}
    for branch, issued_at, called_at, served_at in rows:
        hour = f"{timezone.localtime(issued_at).hour:02d}"
        hours[branch, hour] = hours.get((branch, hour), 0) + 1
        if called_at is not None:
            waits.setdefault(branch, []).append((called_at - issued_at).total_seconds())
            if served_at is not None:
                services.setdefault(branch, []).append((served_at - called_at).total_seconds())
    out: list[FigureRow] = [
        FigureRow(indicator=BY_HOUR, region=branch, key=hour, count=n) for (branch, hour), n in hours.items()
    ]
    for code, cells in ((WAIT, waits), (SERVICE, services)):
        out.extend(
            FigureRow(
                indicator=code, region=branch, key=branch, count=len(seconds), hours=_hours(sum(seconds))
            )
            for branch, seconds in cells.items()
        )
    return iter(out)
