"""The life of an active agreement: suspension, reinstatement, renewal and termination, each dated."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.calendar import add_months
from sanad.providers.models import AgreementPeriod, AgreementRequest
from sanad.providers.services._workflow import require_text
from sanad.providers.services.agreements import _locked, _step
from sanad.providers.statuses import AGREEMENT_STEPS, AgreementStatus, step_check

S = AgreementStatus


@transaction.atomic
def agreement_suspend(*, actor: Any, request: AgreementRequest, on: date, reason: str) -> AgreementRequest:
    """An active agreement is suspended from a date, for a stated reason."""
    reason = require_text(reason, "reason")
    changes = {"suspended_on": on, "suspension_reason": reason}
    return _step(
        request,
        action="agreement_suspend",
        on=on,
        actor=actor,
        note=reason,
        changes=changes,
    )


@transaction.atomic
def agreement_reinstate(*, actor: Any, request: AgreementRequest, on: date, reason: str) -> AgreementRequest:
    """A suspended agreement is reinstated from a date, for a stated reason."""
    reason = require_text(reason, "reason")
    return _step(request, action="agreement_reinstate", on=on, actor=actor, note=reason)


@transaction.atomic
def agreement_renew(
    *, actor: Any, request: AgreementRequest, on: date, validity_months: int, tariff_schedule: str = ""
) -> AgreementRequest:
    """A renewal adds a validity period that starts the day after the current one ends."""
    if not 1 <= int(validity_months) <= 120:
        raise DomainError(ErrorCode.INVALID, _("Between 1 and 120 months."), field="validity_months")
    locked = _locked(request)
    step_check(AGREEMENT_STEPS, "agreement_renew", locked.status)
    start = locked.valid_to + timedelta(days=1)
    end = add_months(start, int(validity_months)) - timedelta(days=1)
    schedule = tariff_schedule.strip() or locked.tariff_schedule
    locked = _step(
        locked,
        action="agreement_renew",
        on=on,
        actor=actor,
        note=f"{start.isoformat()} – {end.isoformat()}",
        changes={"valid_to": end, "tariff_schedule": schedule},
    )
    AgreementPeriod.objects.create(
        request=locked, valid_from=start, valid_to=end, tariff_schedule=schedule, renewal=True
    )
    return locked


@transaction.atomic
def agreement_terminate(*, actor: Any, request: AgreementRequest, on: date, reason: str) -> AgreementRequest:
    """An agreement, active or suspended, ends on a date for a stated reason; care from that day is not
    covered by it."""
    reason = require_text(reason, "reason")
    changes = {"terminated_on": on, "termination_reason": reason}
    return _step(
        request,
        action="agreement_terminate",
        on=on,
        actor=actor,
        note=reason,
        changes=changes,
    )
