"""Changes of an approval after the decision (issue 17, §4): modify, extend, cancel. A change never edits a
decision: it writes a new one that replaces it (or cancels the request), its reason recorded and audited."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.authorizations.models import AuthorizationRequest, Decision
from sanad.authorizations.services._events import locked, step
from sanad.authorizations.services.decide import (
    STATUS_OF,
    Item,
    adviser_check,
    decision_record,
    items_check,
    validity,
)
from sanad.authorizations.statuses import APPROVALS, DecisionAction, DecisionKind, RequestStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile

S = RequestStatus


def _current(request: AuthorizationRequest) -> Decision:
    if request.status not in APPROVALS or request.decision is None:
        raise DomainError(ErrorCode.CONFLICT, _("Only an approval in force can be changed."), field=None)
    return request.decision


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ErrorCode.REQUIRED, _("Give the reason for the change."), field="reason")
    return reason


@transaction.atomic
def authorization_modify(
    *,
    actor: Any,
    request: AuthorizationRequest,
    kind: str,
    items: Sequence[Item],
    reason: str,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    amount: Decimal | None = None,
    conditions: str = "",
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> AuthorizationRequest:
    """An approval is modified by a new decision that replaces it, its reason recorded."""
    adviser_check(actor)
    profile = profile or active_profile()
    now = now or timezone.now()
    reason = _reason(reason)
    request = locked(request)
    current = _current(request)
    if kind not in (DecisionKind.APPROVED, DecisionKind.APPROVED_WITH_RESERVE):
        raise DomainError(
            ErrorCode.INVALID, _("A modification keeps an approval; cancel it instead."), field="kind"
        )
    if kind == DecisionKind.APPROVED_WITH_RESERVE and not conditions.strip():
        raise DomainError(ErrorCode.REQUIRED, _("Write the conditions of the reserve."), field="conditions")
    start, end = validity(request, profile, valid_from or current.valid_from, valid_to or current.valid_to)
    items_check(items, profile=profile, request=request, day=start)
    decision = decision_record(
        request,
        kind=kind,
        actor=actor,
        now=now,
        counts=current.counts,
        action=DecisionAction.MODIFY,
        items=items,
        amount=amount,
        valid_from=start,
        valid_to=end,
        conditions=conditions.strip(),
        note=reason,
        replaces=current,
    )
    step(
        request,
        action="authorization_modify",
        actor=actor,
        to_status=STATUS_OF[DecisionKind(kind)],
        at=now,
        reason=reason,
        changes={"decision": decision},
    )
    return request


@transaction.atomic
def authorization_extend(
    *,
    actor: Any,
    request: AuthorizationRequest,
    valid_to: datetime.date,
    reason: str,
    now: datetime.datetime | None = None,
) -> AuthorizationRequest:
    """An approval is extended to a later end, everything else kept, by a new decision that replaces it."""
    adviser_check(actor)
    now = now or timezone.now()
    reason = _reason(reason)
    request = locked(request)
    current = _current(request)
    if valid_to is None or current.valid_to is None or valid_to <= current.valid_to:
        raise DomainError(
            ErrorCode.INVALID, _("An extension ends later than the approval."), field="valid_to"
        )
    items = [Item(i.kind, i.code, i.quantity, i.amount) for i in current.items.all()]
    decision = decision_record(
        request,
        kind=current.kind,
        actor=actor,
        now=now,
        counts=current.counts,
        action=DecisionAction.EXTEND,
        items=items,
        amount=current.amount,
        valid_from=current.valid_from,
        valid_to=valid_to,
        conditions=current.conditions,
        note=reason,
        replaces=current,
    )
    step(
        request,
        action="authorization_extend",
        actor=actor,
        to_status=request.status,
        at=now,
        reason=reason,
        data={"valid_to": valid_to},
        changes={"decision": decision},
    )
    return request


@transaction.atomic
def authorization_cancel(
    *, actor: Any, request: AuthorizationRequest, reason: str, now: datetime.datetime | None = None
) -> AuthorizationRequest:
    """An approval is cancelled, its reason recorded; the decision stays on record."""
    adviser_check(actor)
    reason = _reason(reason)
    request = locked(request)
    _current(request)
    step(
        request,
        action="authorization_cancel",
        actor=actor,
        to_status=S.CANCELLED,
        at=now or timezone.now(),
        reason=reason,
    )
    return request
