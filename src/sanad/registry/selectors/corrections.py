"""The payment corrections waiting for a second person's approval (issue 14): filtered by kind and day
requested, oldest first, paged by key and exported.

What serves each filter on PostgreSQL: the queue registry_correction_queue (status, requested_at), a kind
registry_correction_kind (status, kind, requested_at, id); the days requested are a range of the key.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import can
from sanad.registry.models import ContributionCorrection, CorrectionKind, CorrectionStatus

LIST_KEY = ("requested_at", "id")


def _cursor(text: str) -> str:
    """A cursor of the list as `key_page` gave it (a moment and an id), or "" for anything else: a cursor
    typed by hand starts the list again rather than failing."""
    if not text:
        return ""
    try:
        requested_at, pk = json.loads(text)
        moment = parse_datetime(requested_at)
    except (TypeError, ValueError):
        return ""
    return text if moment is not None and isinstance(pk, str) and pk.isdigit() else ""


@dataclass(frozen=True, slots=True)
class CorrectionFilters:
    """A kind of correction, and the days (in the fund's time zone) it was requested."""

    kind: str = ""
    requested_from: datetime.date | None = None
    requested_to: datetime.date | None = None


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of a day in the fund's time zone: a day's bounds stay a range of the indexed moment."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _pending(*, user: Any, filters: CorrectionFilters) -> QuerySet[ContributionCorrection]:
    if not can(user, "registry.review"):
        raise PermissionDenied("registry.review")
    rows = ContributionCorrection.objects.filter(status=CorrectionStatus.PENDING).select_related(
        "contribution__member", "requested_by"
    )
    if filters.kind in CorrectionKind.values:
        rows = rows.filter(kind=filters.kind)
    if filters.requested_from is not None:
        rows = rows.filter(requested_at__gte=_day_start(filters.requested_from))
    if filters.requested_to is not None:
        rows = rows.filter(requested_at__lt=_day_start(filters.requested_to + datetime.timedelta(days=1)))
    return rows


def correction_list(
    *, user: Any, filters: CorrectionFilters, after: str = "", before: str = "", size: int = PAGE_SIZE
) -> KeyPage[ContributionCorrection]:
    """A page of the corrections waiting for approval, oldest requested first, each with its payment, its
    member and who asked. For the enrollment officers who approve."""
    rows = _pending(user=user, filters=filters)
    return key_page(rows, key=LIST_KEY, after=_cursor(after), before=_cursor(before), size=size)


def corrections_export(*, user: Any, filters: CorrectionFilters) -> Iterator[ContributionCorrection]:
    """Every correction waiting for approval the filters keep, in the list's order, a chunk at a time."""
    rows = _pending(user=user, filters=filters)
    return rows_by_key(lambda after: key_page(rows, key=LIST_KEY, after=after, size=EXPORT_CHUNK))
