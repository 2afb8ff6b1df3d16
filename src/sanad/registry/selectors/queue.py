"""Reads of the reception queue: who waits, who is called, and how long people wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from sanad.registry.models import QueueTicket


def tickets_waiting(*, branch: str, day: date) -> QuerySet[QueueTicket]:
    """Tickets of the branch not yet called, in number order."""
    return QueueTicket.objects.filter(branch=branch, day=day, called_at__isnull=True).order_by("number")


def tickets_called(*, branch: str, day: date, limit: int = 6) -> list[QueueTicket]:
    """The latest calls of the branch, newest first: what the waiting-room screen shows."""
    return list(
        QueueTicket.objects.filter(branch=branch, day=day, called_at__isnull=False).order_by(
            "-called_at", "-number"
        )[:limit]
    )


def tickets_at_counter(*, branch: str, day: date, counter: int) -> list[QueueTicket]:
    """Tickets called to one counter and not yet served."""
    return list(
        QueueTicket.objects.filter(
            branch=branch, day=day, counter=counter, called_at__isnull=False, served_at__isnull=True
        ).order_by("called_at")
    )


@dataclass(frozen=True, slots=True)
class BranchWait:
    """A branch's queue on a day: tickets issued, still waiting, served, and the average wait."""

    branch: str
    issued: int
    waiting: int
    served: int
    average_wait: timedelta | None  # from issue to call, over the tickets called; None if none called

    @property
    def average_minutes(self) -> int | None:
        return None if self.average_wait is None else round(self.average_wait.total_seconds() / 60)


def queue_waits(*, day: date) -> list[BranchWait]:
    """Every branch's queue figures on `day` (index: branch, day, called_at), by branch code."""
    rows = QueueTicket.objects.filter(day=day).values_list("branch", "issued_at", "called_at", "served_at")
    stats: dict[str, list] = {}
    for branch, issued_at, called_at, served_at in rows:
        entry = stats.setdefault(branch, [0, 0, 0, []])
        entry[0] += 1
        entry[1] += called_at is None
        entry[2] += served_at is not None
        if called_at is not None:
            entry[3].append(called_at - issued_at)
    return [
        BranchWait(
            branch=branch,
            issued=issued,
            waiting=waiting,
            served=served,
            average_wait=sum(waits, timedelta()) / len(waits) if waits else None,
        )
        for branch, (issued, waiting, served, waits) in sorted(stats.items())
    ]
