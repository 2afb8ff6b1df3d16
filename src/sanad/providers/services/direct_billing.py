"""Direct-billing access (tiers payant, CNOPS seed 002): applications, automatic admission, decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.banking import bank_account_normalize
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.eligibility import direct_billing_admission, direct_billing_eligibility
from sanad.providers.models import DirectBillingAccess, DirectBillingEvent, Facility
from sanad.providers.services._workflow import move, require_date, require_text
from sanad.providers.statuses import DIRECT_BILLING_STEPS, DirectBillingStatus

S = DirectBillingStatus
_OPEN = (S.APPLIED, S.GRANTED, S.SUSPENDED)


def _open_exists(facility: Facility) -> bool:
    return DirectBillingAccess.objects.filter(facility=facility, status__in=_OPEN).exists()


def _create(*, actor: Any, facility: Facility, status: str, on: date, action: str, **fields: Any):
    access = DirectBillingAccess.objects.create(facility=facility, status=status, applied_on=on, **fields)
    DirectBillingEvent.objects.create(
        access=access,
        on=on,
        action=action,
        to_status=status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor, action=action, obj=access, after={"facility": facility.code, "status": status, **fields}
    )
    return access


@transaction.atomic
def direct_billing_apply(
    *,
    actor: Any,
    facility: Facility,
    applied_on: date,
    bank_account: str,
    registration_sheet: str,
    profile: FundProfile | None = None,
) -> DirectBillingAccess:
    """Private clinics, dialysis and eye centres (the profile's applicants) apply with the request, a bank
    account identifier and the regulator's registration sheet."""
    profile = profile or active_profile()
    require_date(applied_on, "applied_on")
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    verdict = direct_billing_eligibility(profile=profile, facility=facility)
    if not verdict.eligible:
        raise DomainError(ErrorCode.INVALID, verdict.message, field=verdict.field)
    account = bank_account_normalize(require_text(bank_account, "bank_account"))
    sheet = require_text(registration_sheet, "registration_sheet")
    if _open_exists(facility):
        raise DomainError(
            ErrorCode.CONFLICT, _("This facility already has direct-billing access or an application.")
        )
    return _create(
        actor=actor,
        facility=facility,
        status=S.APPLIED,
        on=applied_on,
        action="direct_billing_apply",
        bank_account=account,
        registration_sheet=sheet,
    )


@transaction.atomic
def direct_billing_admit(
    *, actor: Any, facility: Facility, on: date, profile: FundProfile | None = None
) -> DirectBillingAccess:
    """University, State and military hospitals (the profile's list, public sector) are admitted to direct
    billing automatically, without an application (seed 002); admitting one already admitted changes nothing.
    Registration and the facility page's button both come here."""
    profile = profile or active_profile()
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    verdict = direct_billing_admission(profile=profile, facility=facility)
    if not verdict.eligible:
        raise DomainError(ErrorCode.INVALID, verdict.message, field=verdict.field)
    existing = DirectBillingAccess.objects.filter(facility=facility, status__in=_OPEN).first()
    if existing is not None:
        return existing
    return _create(
        actor=actor,
        facility=facility,
        status=S.GRANTED,
        on=on,
        action="direct_billing_admit",
        automatic=True,
        decided_on=on,
    )


def _step(access: DirectBillingAccess, *, action: str, on: date, actor: Any, **kw: Any):
    locked = DirectBillingAccess.objects.select_for_update().get(pk=access.pk)
    return move(
        obj=locked,
        steps=DIRECT_BILLING_STEPS,
        action=action,
        on=on,
        actor=actor,
        event_model=DirectBillingEvent,
        event_fk="access",
        **kw,
    )


@transaction.atomic
def direct_billing_decide(
    *, actor: Any, access: DirectBillingAccess, on: date, grant: bool, reason: str = ""
) -> DirectBillingAccess:
    """An application is granted or rejected on a date; a rejection states its reason."""
    if not grant:
        reason = require_text(reason, "reason")
    action = "direct_billing_grant" if grant else "direct_billing_reject"
    changes = {"decided_on": on, "decision_reason": reason}
    return _step(
        access,
        action=action,
        on=on,
        actor=actor,
        note=reason,
        changes=changes,
    )


@transaction.atomic
def direct_billing_suspend(
    *, actor: Any, access: DirectBillingAccess, on: date, reason: str
) -> DirectBillingAccess:
    """Granted access is suspended from a date, for a stated reason."""
    reason = require_text(reason, "reason")
    changes = {"suspended_on": on, "suspension_reason": reason}
    return _step(
        access,
        action="direct_billing_suspend",
        on=on,
        actor=actor,
        note=reason,
        changes=changes,
    )


@transaction.atomic
def direct_billing_reinstate(
    *, actor: Any, access: DirectBillingAccess, on: date, reason: str
) -> DirectBillingAccess:
    """Suspended access is restored from a date, for a stated reason."""
    reason = require_text(reason, "reason")
    return _step(access, action="direct_billing_reinstate", on=on, actor=actor, note=reason)


@transaction.atomic
def direct_billing_terminate(
    *, actor: Any, access: DirectBillingAccess, on: date, reason: str
) -> DirectBillingAccess:
    """Access ends on a date, for a stated reason."""
    reason = require_text(reason, "reason")
    changes = {"terminated_on": on, "termination_reason": reason}
    return _step(
        access,
        action="direct_billing_terminate",
        on=on,
        actor=actor,
        note=reason,
        changes=changes,
    )
