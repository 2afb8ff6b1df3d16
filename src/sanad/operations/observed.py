"""What operators watch, read from the database: the outbox, the task queue, the claims pipeline.

Reads only, each answered by an index (a count per status, the oldest queued row): probes and metrics
scrapes call them every few seconds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sanad.claims.models import BillingFile
from sanad.notifications.models import Message
from sanad.notifications.statuses import MessageStatus

# The task statuses that are work still to do or being done (finished results are history).
_OPEN_TASKS = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


@dataclass(frozen=True, slots=True)
class Outbox:
    queued: int
    failed: int
    # Seconds the oldest queued message has waited (0 when none waits): the outbox lag.
    lag_seconds: float


def database_ping() -> None:
    """Run a trivial query; raises if the database cannot be reached."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def outbox_read(*, now: datetime.datetime | None = None) -> Outbox:
    """The messages waiting to be sent, those given up on, and how long the oldest has waited."""
    now = now or timezone.now()
    queued = Message.objects.filter(status=MessageStatus.QUEUED).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    failed = Message.objects.filter(status=MessageStatus.FAILED).count()
    oldest = queued["oldest"]
    lag = max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    return Outbox(queued=queued["n"], failed=failed, lag_seconds=lag)


def tasks_open() -> dict[tuple[str, str], int]:
    """Background tasks waiting (READY, due or deferred) or running, per (queue, status)."""
    rows = (
        DBTaskResult.objects.filter(status__in=_OPEN_TASKS)
        .values_list("queue_name", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(queue, status): n for queue, status, n in rows}


def billing_files_by_status() -> dict[str, int]:
    """Billing files per status: the runner's progress is the received ones going down."""
    rows = BillingFile.objects.values_list("status").annotate(n=Count("pk")).order_by()
    return dict(rows)
