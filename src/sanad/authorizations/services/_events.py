"""What every service of the app shares: the locked request, the recorded step, the audit event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from sanad.authorizations.models import AuthorizationRequest, RequestEvent
from sanad.authorizations.statuses import BRANCH_CAPABILITY, Channel, transition_check
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.providers.selectors import facility_of_user


def locked(request: AuthorizationRequest) -> AuthorizationRequest:
    """The request, locked for the rest of the transaction, read again (someone may have acted first)."""
    found = AuthorizationRequest.objects.select_for_update().filter(pk=request.pk).first()
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="request")
    return found


def own_request(actor: Any, request: AuthorizationRequest) -> AuthorizationRequest:
    """The request, locked, if `actor` is staff of its facility (or the system, or the branch counter for a
    request filed at a branch); another facility's request does not exist for them."""
    found = locked(request)
    if actor is not None and found.channel == Channel.BRANCH and can(actor, BRANCH_CAPABILITY):
        return found  # the branch counter completes what the insured filed there (seed 004)
    if actor is not None:
        own = facility_of_user(user=actor) if can(actor, "authorizations.submit") else None
        if own is None or own.pk != found.facility_id:
            raise DomainError(ErrorCode.NOT_FOUND, field="request")
    return found


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def step(
    request: AuthorizationRequest,
    *,
    action: str,
    actor: Any,
    to_status: str | None = None,
    at: datetime | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> RequestEvent:
    """Record one step of a request: the change of status checked against the table (None: no change),
    the request's fields changed, the event on its timeline and the audit event (before and after)."""
    at = at or timezone.now()
    current = request.status
    changes = dict(changes or {})
    if to_status is not None:
        transition_check(current, to_status)
        changes["status"] = to_status
    before = {name: getattr(request, name) for name in changes}
    for name, value in changes.items():
        setattr(request, name, value)
    if changes:
        request.save(update_fields=list(changes))
    event = RequestEvent.objects.create(
        request=request,
        at=at,
        action=action,
        from_status=current,
        to_status=request.status,
        actor=user_or_none(actor),
        reason=reason,
        data=data or {},
    )
    audit_record(actor=actor, action=action, obj=request, before=before, after={**changes, **(data or {})})
    return event
