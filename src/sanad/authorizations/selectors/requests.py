"""Reads of requests, scoped to the user who asks: facility staff see their own facility's requests only,
fund staff who may follow requests see every facility's; the adviser's queue by due time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.authorizations.clock import is_near_due
from sanad.authorizations.models import AuthorizationRequest, Decision
from sanad.authorizations.statuses import BRANCH_CAPABILITY, Channel, DecisionAction, RequestStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.paging import PAGE_SIZE, key_page
from sanad.common.permissions import can
from sanad.funds.types import FundProfile
from sanad.providers.selectors import facility_of_user

QUEUE_SIZE = 200
_TOP = str(2**63 - 1)  # above every id: the first page reads back from here


def requests_visible(*, user: Any) -> QuerySet[AuthorizationRequest]:
    """Fund staff who follow requests see every facility's; facility staff their own; others none."""
    rows = AuthorizationRequest.objects.select_related("facility", "member", "dependant", "decision")
    if can(user, "authorizations.view"):
        return rows
    own = facility_of_user(user=user) if can(user, "authorizations.submit") else None
    if own is not None:
        return rows.filter(facility=own)
    if can(user, BRANCH_CAPABILITY):
        # The branch counters follow the requests the insured filed at a branch (seed 004).
        return rows.filter(channel=Channel.BRANCH)
    raise PermissionDenied("authorizations.view")


def request_get(*, user: Any, reference: str) -> AuthorizationRequest:
    """One request by its reference, if the user may see it; otherwise it does not exist for them."""
    found = requests_visible(user=user).filter(reference=reference).first()
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("No such request."), field="reference")
    return found


@dataclass(frozen=True, slots=True)
class RequestPage:
    """Requests newest first; `older` and `newer` are the cursors of the next pages either way."""

    rows: list[AuthorizationRequest]
    older: str | None
    newer: str | None


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _cursor(text: str) -> str:
    return text if text.isdigit() else ""


def request_rows(
    *,
    user: Any,
    status: str = "",
    request_type: str = "",
    facility: str = "",
    q: str = "",
    region: str = "",
    care: str = "",
    outcome: str = "",
    answered_from: datetime.date | None = None,
    answered_to: datetime.date | None = None,
) -> QuerySet[AuthorizationRequest]:
    """The visible requests, filtered: by status, type, facility code, a reference or a registration number
    typed, the facility's region, standard or emergency, and the day (on the fund's wall clock) and outcome
    of the first answer."""
    rows = requests_visible(user=user)
    if region:
        rows = rows.filter(facility__region=region)
    if care:
        rows = rows.filter(emergency=care == "emergency")
    if answered_from is not None:
        rows = rows.filter(decided_at__gte=_midnight(answered_from))
    if answered_to is not None:
        rows = rows.filter(decided_at__lt=_midnight(answered_to + datetime.timedelta(days=1)))
    if outcome:
        first = Decision.objects.filter(
            request=OuterRef("pk"),
            action=DecisionAction.DECIDE,
            kind=outcome,
            decided_at=OuterRef("decided_at"),
        )
        rows = rows.filter(Exists(first))
    if status:
        rows = rows.filter(status=status)
    if request_type:
        rows = rows.filter(request_type=request_type)
    if facility:
        rows = rows.filter(facility__code=facility)
    q = q.strip()
    if q:
        rows = rows.filter(Q(reference__iexact=q) | Q(member__registration_number__iexact=q))
    return rows


def request_page(
    *, user: Any, older: str = "", newer: str = "", size: int = PAGE_SIZE, **filters: Any
) -> RequestPage:
    """A page of the visible requests, newest first, paged by id (never an OFFSET)."""
    rows = request_rows(user=user, **filters)
    newer, older = _cursor(newer), _cursor(older)
    if newer:
        page = key_page(rows, key="id", after=newer, size=size)
        return RequestPage(page.rows[::-1], older=page.prev_before, newer=page.next_after)
    page = key_page(rows, key="id", before=older or _TOP, size=size)
    after_last = str(page.rows[-1].pk) if older and page.rows else None
    return RequestPage(page.rows[::-1], older=page.prev_before, newer=after_last)


@dataclass(frozen=True, slots=True)
class QueueRow:
    request: AuthorizationRequest
    left: datetime.timedelta | None  # until the answer is due; negative once late; None when paused
    near: bool
    late: bool


def request_row(profile: FundProfile, request: AuthorizationRequest, now: datetime.datetime) -> QueueRow:
    """A request with its countdown: time left, near due, past due."""
    if request.due_at is None or request.received_at is None:
        return QueueRow(request, None, False, False)
    left = request.due_at - now
    near = is_near_due(profile, received_at=request.received_at, due_at=request.due_at, now=now)
    return QueueRow(request, left, near, left < datetime.timedelta(0))


def adviser_queue(
    *, user: Any, profile: FundProfile, now: datetime.datetime, request_type: str = ""
) -> tuple[list[QueueRow], list[QueueRow]]:
    """The requests awaiting a decision, the soonest due first (past due on top), and those waiting for
    the facility's answer to a question, the oldest question first."""
    if not can(user, "authorizations.decide"):
        raise PermissionDenied("authorizations.decide")
    rows = AuthorizationRequest.objects.select_related("facility", "member", "dependant")
    if request_type:
        rows = rows.filter(request_type=request_type)
    pending = rows.filter(status=RequestStatus.PENDING).order_by("due_at", "id")[:QUEUE_SIZE]
    waiting = rows.filter(status=RequestStatus.INFORMATION_REQUESTED).order_by("paused_at", "id")[:QUEUE_SIZE]
    return [request_row(profile, r, now) for r in pending], [request_row(profile, r, now) for r in waiting]
