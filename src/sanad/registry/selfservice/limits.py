"""Bounds on the SMS login codes one anonymous client can make the fund send.

Each admitted request is written to the audit log (action REQUESTED, the registration number as object,
the client address in `after`), so that the limits hold across processes and servers:
- per registration number and per client address, `code_per_number` and `code_per_address` requests
  within `code_window_minutes`, counted whether or not the number is in the register, so that a refusal
  never tells whether it is;
- for the whole fund, `code_daily_budget` codes sent since midnight (the "code sent" audit events).
The limits are the fund profile's [security] table.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.funds.active import active_profile

REQUESTED = "registry.selfservice_code_request"
SENT = "registry.selfservice_code_send"
NUMBER_OBJECT = "registry.registration_number"


class CodeLimited(DomainError):
    """A code request refused by a limit; `limit` is "number", "address" or "budget"."""

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(ErrorCode.FORBIDDEN, message, field="registration_number")
        self.limit = limit


def request_admit(*, number: str, address: str, now: datetime.datetime) -> None:
    """Record a code request for `number` from `address`, or raise CodeLimited when a limit is reached."""
    rules = active_profile().security
    minutes = rules.code_window_minutes
    since = now - datetime.timedelta(minutes=minutes)
    recent = AuditEvent.objects.filter(action=REQUESTED, at__gte=since)
    if recent.filter(object_type=NUMBER_OBJECT, object_id=number).count() >= rules.code_per_number:
        message = _(
            "Too many codes were asked for this registration number. "
            "Wait %(minutes)s minutes, then ask again."
        )
        raise CodeLimited("number", message % {"minutes": minutes})
    if address and recent.filter(after__address=address).count() >= rules.code_per_address:
        message = _(
            "Too many codes were asked from this connection. Wait %(minutes)s minutes, then ask again."
        )
        raise CodeLimited("address", message % {"minutes": minutes})
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if AuditEvent.objects.filter(action=SENT, at__gte=midnight).count() >= rules.code_daily_budget:
        raise CodeLimited(
            "budget",
            _(
                "The fund cannot send more login codes today. "
                "Try again tomorrow, or visit a branch of the fund."
            ),
        )
    AuditEvent.objects.create(
        action=REQUESTED, object_type=NUMBER_OBJECT, object_id=number, after={"address": address}
    )
