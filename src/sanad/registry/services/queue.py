"""The reception queue of a branch: issue a numbered ticket, call the next one to a counter, serve it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.registry.certificates.access import registration_number_valid
from sanad.registry.models import Member, QueueDay, QueueService, QueueTicket


def branch_check(branch: str) -> str:
    """A branch is a regional agency of the fund: its code is one of the profile's regions (seed 003)."""
    if branch not in {region.code for region in active_profile().regions}:
        raise DomainError(ErrorCode.INVALID, _("Unknown branch."), field="branch")
    return branch


def _queue_day(branch: str, day: Any) -> QueueDay:
    """The branch's row for the day, created if missing, and locked until the transaction ends.

    Two counters creating the row at once: one insert wins, the other falls back to reading it.
    """
    try:
        with transaction.atomic():
            QueueDay.objects.get_or_create(branch=branch, day=day)
    except IntegrityError:
        pass
    return QueueDay.objects.select_for_update().get(branch=branch, day=day)


def _member_of(registration_number: str) -> Member | None:
    """The member reception named by their registration number, or None when none was given."""
    if not registration_number.strip():
        return None
    number = registration_number_valid(registration_number)
    member = Member.objects.filter(registration_number=number).only("pk").first()
    if member is None:
        raise DomainError(
            ErrorCode.NOT_FOUND, _("No member has this registration number."), field="registration_number"
        )
    return member


@transaction.atomic
def ticket_issue(
    *,
    actor: Any,
    branch: str,
    service: str,
    registration_number: str = "",
    now: datetime | None = None,
) -> QueueTicket:
    """Hand out the next number of the branch for today: 1, 2, 3… without gaps or repeats.

    The per-branch-day row is locked while its counter goes up, so two receptions never get one number;
    the unique (branch, day, number) constraint stands behind it. A registration number, when the visitor
    gives one, ties the ticket to that member so that the agent who serves it opens the member's page.
    """
    branch_check(branch)
    if service not in QueueService.values:
        raise DomainError(ErrorCode.INVALID, field="service")
    member = _member_of(registration_number)
    now = now or timezone.now()
    row = _queue_day(branch, timezone.localdate(now))
    row.last_number += 1
    row.save(update_fields=["last_number"])
    ticket = QueueTicket.objects.create(
        branch=branch, day=row.day, number=row.last_number, service=service, issued_at=now, member=member
    )
    after = {"number": ticket.number, "service": service}
    if member is not None:
        after["member"] = member.pk
    audit_record(actor=actor, action="ticket_issue", obj=ticket, after=after)
    return ticket


@transaction.atomic
def ticket_call_next(
    *, actor: Any, branch: str, counter: int, service: str = "", now: datetime | None = None
) -> QueueTicket:
    """Call the lowest waiting number of the branch today (of one service, if given) to `counter`.

    The branch's day row is locked first, so two counters calling at once get two different tickets.
    """
    branch_check(branch)
    if not 1 <= counter <= 99:
        raise DomainError(ErrorCode.INVALID, field="counter")
    now = now or timezone.now()
    _queue_day(branch, timezone.localdate(now))
    waiting = QueueTicket.objects.filter(branch=branch, day=timezone.localdate(now), called_at__isnull=True)
    if service:
        waiting = waiting.filter(service=service)
    ticket = waiting.order_by("number").first()
    if ticket is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("Nobody is waiting."), field="counter")
    ticket.called_at = now
    ticket.counter = counter
    ticket.called_by = actor if getattr(actor, "is_authenticated", False) else None
    ticket.save(update_fields=["called_at", "counter", "called_by"])
    audit_record(actor=actor, action="ticket_call_next", obj=ticket, after={"counter": counter})
    return ticket


@transaction.atomic
def ticket_serve(*, actor: Any, ticket_id: int, now: datetime | None = None) -> QueueTicket:
    """Mark a called ticket as served; a ticket is served once, and only after it was called."""
    ticket = QueueTicket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="ticket")
    if ticket.called_at is None:
        raise DomainError(ErrorCode.ILLEGAL_TRANSITION, _("This ticket has not been called."), field="ticket")
    if ticket.served_at is not None:
        raise DomainError(ErrorCode.CONFLICT, _("This ticket is already served."), field="ticket")
    ticket.served_at = now or timezone.now()
    ticket.save(update_fields=["served_at"])
    audit_record(actor=actor, action="ticket_serve", obj=ticket, after={"served_at": ticket.served_at})
    return ticket
