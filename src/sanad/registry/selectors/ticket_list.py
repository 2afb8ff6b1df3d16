"""The list of the queue tickets handed out at the branches (issue 20: the list behind the counters'
figures, seed 003): by day, branch, hour of issue on the fund's wall clock and how far the ticket went
(called to a counter, served), oldest first, paged by key.

The period and branch read QueueTicket by its (branch, day, called_at) index when a branch is chosen (the
figures always name one); without a branch, every branch of the profile is named so that the index's first
column is used, as the figures' computation does.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import ExtractHour

from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import require
from sanad.funds.active import active_profile
from sanad.registry.models import QueueTicket

TICKET_KEY = ("day", "id")
CALLED, SERVED = "called", "served"


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketFilters:
    day_from: datetime.date | None = None
    day_to: datetime.date | None = None
    branch: str = ""
    hour: int | None = None  # the hour of issue, on the fund's wall clock (0 to 23)
    stage: str = ""  # CALLED: called to a counter; SERVED: called and served; blank: every ticket


def tickets_issued(*, filters: TicketFilters) -> QuerySet[QueueTicket]:
    """The tickets the filters keep (no reader check)."""
    branches = [filters.branch] if filters.branch else sorted(r.code for r in active_profile().regions)
    rows = QueueTicket.objects.filter(branch__in=branches)
    if filters.day_from is not None:
        rows = rows.filter(day__gte=filters.day_from)
    if filters.day_to is not None:
        rows = rows.filter(day__lte=filters.day_to)
    if filters.hour is not None:
        # ExtractHour reads the time in the current time zone: the fund's, as the figures read it.
        rows = rows.alias(issued_hour=ExtractHour("issued_at")).filter(issued_hour=filters.hour)
    if filters.stage in (CALLED, SERVED):
        rows = rows.filter(called_at__isnull=False)
    if filters.stage == SERVED:
        rows = rows.filter(served_at__isnull=False)
    return rows


def ticket_list_issued(
    *, user: Any, filters: TicketFilters, after: str = "", size: int = PAGE_SIZE
) -> KeyPage[QueueTicket]:
    """A page of the tickets, oldest first."""
    require(user, "registry.view")
    return key_page(tickets_issued(filters=filters), key=TICKET_KEY, after=after, size=size)


def tickets_export_issued(*, user: Any, filters: TicketFilters) -> Iterator[QueueTicket]:
    require(user, "registry.view")
    return rows_by_key(
        lambda after: ticket_list_issued(user=user, filters=filters, after=after, size=EXPORT_CHUNK)
    )
