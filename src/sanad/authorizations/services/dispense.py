"""The fund's own pharmacy hands over the drugs of an approval (seed 002, CNOPS: drugs outside the
direct-billing list are dispensed by the fund's pharmacy; issue 17, §4: dispensing is recorded against the
approval). Within what was approved and the approval's dates; on the request's timeline and audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.authorizations.models import AuthorizationRequest, Dispensing
from sanad.authorizations.selectors.pharmacy import drugs_left
from sanad.authorizations.services._events import locked, step, user_or_none
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile


@transaction.atomic
def authorization_dispense(
    *,
    actor: Any,
    request: AuthorizationRequest,
    code: str,
    quantity: int,
    day: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Dispensing:
    """The fund's pharmacy hands over `quantity` of the approved drug `code` on `day`: no more than is
    left of what was approved, and only within the approval's validity."""
    if actor is None or not can(actor, "authorizations.dispense"):
        raise DomainError(ErrorCode.FORBIDDEN, field=None)
    if active_profile().authorization_requests.fund_pharmacy is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("The fund has no pharmacy of its own."), field=None)
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    request = locked(request)
    drug = next((d for d in drugs_left(request) if d.code == code), None)
    if drug is None:
        raise DomainError(
            ErrorCode.INVALID,
            _("Drug %(code)s is not approved for the fund's pharmacy on this request.") % {"code": code},
            field="code",
        )
    decision = request.decision
    if not decision.valid_from <= day <= decision.valid_to:
        raise DomainError(
            ErrorCode.INVALID,
            _("The approval is valid from %(start)s to %(end)s only.")
            % {
                "start": date_format(decision.valid_from, "d/m/Y"),
                "end": date_format(decision.valid_to, "d/m/Y"),
            },
            field="day",
        )
    if quantity < 1 or quantity > drug.left:
        raise DomainError(
            ErrorCode.INVALID,
            _("At most %(left)s left of the %(approved)s approved.")
            % {"left": drug.left, "approved": drug.approved},
            field="quantity",
        )
    dispensing = Dispensing.objects.create(
        request=request,
        decision=decision,
        code=code,
        quantity=quantity,
        dispensed_on=day,
        dispensed_by=user_or_none(actor),
        recorded_at=now,
    )
    step(
        request,
        action="authorization_dispense",
        actor=actor,
        at=now,
        reason=f"{code} × {quantity}",
        data={"code": code, "quantity": quantity, "dispensed_on": day, "left": drug.left - quantity},
    )
    return dispensing
