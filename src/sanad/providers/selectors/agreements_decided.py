"""The agreement requests decided in a period (issue 20: the list behind the agreements' clock, seed 001):
approved or refused, by facility, its region and kind, the outcome and the whole days from the request to
the decision, oldest decided first, paged by key.

The period reads AgreementRequest by `decided_on` (no index: a small table, one request per facility and
procedure; an `Index(fields=["decided_on", "id"])` would serve it once the network grows).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import require
from sanad.providers.models import AgreementRequest

DECIDED_KEY = ("decided_on", "id")


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementDecidedFilters:
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None
    facility_ids: tuple[int, ...] | None = None
    region: str = ""
    facility_kind: str = ""
    status: str = ""  # the request's status now (approved, refused, signed…)
    # Whole days from the request to the decision, both bounds included (the indicator's key).
    days_from: int | None = None
    days_to: int | None = None


def agreements_decided(*, filters: AgreementDecidedFilters) -> QuerySet[AgreementRequest]:
    """The requests with a decision the filters keep (no reader check)."""
    rows = AgreementRequest.objects.filter(decided_on__isnull=False)
    if filters.decided_from is not None:
        rows = rows.filter(decided_on__gte=filters.decided_from)
    if filters.decided_to is not None:
        rows = rows.filter(decided_on__lte=filters.decided_to)
    if filters.facility_ids is not None:
        rows = rows.filter(facility_id__in=filters.facility_ids)
    if filters.region:
        rows = rows.filter(facility__region=filters.region)
    if filters.facility_kind:
        rows = rows.filter(facility__kind=filters.facility_kind)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.days_from is not None or filters.days_to is not None:
        # A duration compared as a duration: the same on SQLite and PostgreSQL.
        rows = rows.alias(waited=F("decided_on") - F("requested_on"))
        if filters.days_from is not None:
            rows = rows.filter(waited__gte=datetime.timedelta(days=filters.days_from))
        if filters.days_to is not None:
            rows = rows.filter(waited__lte=datetime.timedelta(days=filters.days_to))
    return rows


def agreement_list_decided(
    *, user: Any, filters: AgreementDecidedFilters, after: str = "", size: int = PAGE_SIZE
) -> KeyPage[AgreementRequest]:
    """A page of the decided requests, oldest decided first, with their facility."""
    require(user, "providers.view")
    rows = agreements_decided(filters=filters).select_related("facility")
    return key_page(rows, key=DECIDED_KEY, after=after, size=size)


def agreements_export_decided(*, user: Any, filters: AgreementDecidedFilters) -> Iterator[AgreementRequest]:
    require(user, "providers.view")
    return rows_by_key(
        lambda after: agreement_list_decided(user=user, filters=filters, after=after, size=EXPORT_CHUNK)
    )
