"""Reads of appeals: a request's appeals, the appeals in the medical review queue with their countdown,
and whether (until when) a request's decision may still be appealed."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from sanad.authorizations.clock import is_near_due
from sanad.authorizations.models import Appeal, AuthorizationRequest
from sanad.authorizations.selectors.requests import QUEUE_SIZE, QueueRow
from sanad.authorizations.statuses import APPEALABLE, RequestStatus
from sanad.common.permissions import can
from sanad.funds.types import FundProfile


def appeals_of(*, request: AuthorizationRequest) -> list[Appeal]:
    """The request's appeals, oldest first, with who filed and who decided them."""
    return list(
        request.appeals.select_related("filed_by", "decision__decided_by", "answer__decided_by").order_by(
            "filed_at", "id"
        )
    )


def appeal_row(
    profile: FundProfile, request: AuthorizationRequest, appeal: Appeal | None, now: datetime.datetime
) -> QueueRow:
    """A request under appeal with the countdown of its appeal's clock (started when it was filed)."""
    if appeal is None or appeal.due_at is None:
        return QueueRow(request, None, False, False)
    left = appeal.due_at - now
    near = is_near_due(profile, received_at=appeal.filed_at, due_at=appeal.due_at, now=now)
    return QueueRow(request, left, near, left < datetime.timedelta(0))


def appeal_queue(
    *, user: Any, profile: FundProfile, now: datetime.datetime, request_type: str = ""
) -> list[QueueRow]:
    """The requests under appeal awaiting a decision, the soonest due first (past due on top)."""
    if not can(user, "authorizations.decide"):
        raise PermissionDenied("authorizations.decide")
    rows = AuthorizationRequest.objects.select_related("facility", "member", "dependant").filter(
        status=RequestStatus.UNDER_APPEAL
    )
    if request_type:
        rows = rows.filter(request_type=request_type)
    found = list(rows.order_by("due_at", "id")[:QUEUE_SIZE])
    waiting = {
        appeal.request_id: appeal
        for appeal in Appeal.objects.filter(request__in=[r.pk for r in found], answer__isnull=True)
    }
    return [appeal_row(profile, r, waiting.get(r.pk), now) for r in found]


def appeal_deadline(
    *, profile: FundProfile, request: AuthorizationRequest, now: datetime.datetime
) -> datetime.date | None:
    """The last day the request's decision may be appealed, or None when it may not be (not a refusal or
    an approval with reserve, made on appeal, appealed already, or its period over)."""
    decision = request.decision
    if (
        decision is None
        or request.status not in (RequestStatus.REFUSED, RequestStatus.APPROVED_WITH_RESERVE)
        or decision.kind not in APPEALABLE
        or decision.on_appeal
        or Appeal.objects.filter(Q(decision=decision)).exists()
    ):
        return None
    last = timezone.localtime(decision.decided_at).date() + datetime.timedelta(
        days=profile.authorization_requests.appeal_days
    )
    return last if timezone.localtime(now).date() <= last else None
