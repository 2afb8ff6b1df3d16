"""Reads of the claims app: work queues and decisions."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from sanad.claims.models import BillingFile, FileDecision
from sanad.claims.statuses import FileStatus


def billing_file_queue(
    *, status: FileStatus, after: tuple[datetime.date, int] | None = None, limit: int = 50
) -> QuerySet[BillingFile]:
    """Files of a status, oldest received first, paged by key (`after` = the last row's received_on, id)."""
    rows = BillingFile.objects.filter(status=status).select_related("facility").order_by("received_on", "id")
    if after is not None:
        day, pk = after
        rows = rows.filter(Q(received_on__gt=day) | Q(received_on=day, id__gt=pk))
    return rows[:limit]


def billing_file_decision(*, file_id: int) -> FileDecision | None:
    """The current decision on a file, with its line outcomes and their lines."""
    return (
        FileDecision.objects.filter(billing_file_id=file_id, is_current=True)
        .prefetch_related("lines__line")
        .first()
    )
