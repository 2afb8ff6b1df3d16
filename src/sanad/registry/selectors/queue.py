"""Reads of the reception queue: who waits, who is called, and how long people wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core import signing
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from sanad.common.pdf import html_to_pdf
from sanad.funds.active import active_profile
from sanad.registry.models import QueueTicket

# The waiting-room display link: a branch code signed with the site's key, for this use only.
DISPLAY_SALT = "sanad.registry.queue.display"


def tickets_waiting(*, branch: str, day: date) -> QuerySet[QueueTicket]:
    """Tickets of the branch not yet called, in number order."""
    return QueueTicket.objects.filter(branch=branch, day=day, called_at__isnull=True).order_by("number")


def ticket_get(*, pk: int) -> QueueTicket | None:
    return QueueTicket.objects.filter(pk=pk).first()


def tickets_ahead(*, ticket: QueueTicket) -> int:
    """How many people of the branch still wait before this ticket (none once it is called)."""
    if ticket.called_at is not None:
        return 0
    return QueueTicket.objects.filter(
        branch=ticket.branch, day=ticket.day, called_at__isnull=True, number__lt=ticket.number
    ).count()


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


def queue_display_token(*, branch: str) -> str:
    """The token of a branch's waiting-room display link: the branch code and its signature.

    The screen it opens shows numbers and counters only, so the link may stay on a screen for months; it
    changes only with the site's SECRET_KEY.
    """
    return signing.Signer(salt=DISPLAY_SALT).sign(branch)


def queue_display_branch(*, token: str) -> str | None:
    """The branch a display token was made for, or None when it was not made here (or was altered)."""
    try:
        return signing.Signer(salt=DISPLAY_SALT).unsign(token)
    except signing.BadSignature:
        return None


def ticket_paper_html(*, ticket: QueueTicket) -> str:
    """The printed ticket (80 mm roll) as a full HTML page, in the active language (right to left in Arabic):
    the fund, the branch, the number, the service, when it was issued and how many people wait before it."""
    language = translation.get_language() or "fr"
    return render_to_string(
        "registry/queue/ticket.html",
        {
            "ticket": ticket,
            "fund_name": active_profile().name.get(language),
            "profile": active_profile(),
            "ahead": tickets_ahead(ticket=ticket),
            "lang": language,
            "rtl": translation.get_language_bidi(),
        },
    )


def ticket_paper_pdf(*, ticket: QueueTicket) -> bytes:
    return html_to_pdf(ticket_paper_html(ticket=ticket))
