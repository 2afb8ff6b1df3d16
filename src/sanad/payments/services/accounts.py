"""Facilities' bank account changes (issue §3: "account details of a facility change only through an
audited, four-eyes page"): proposed by a finance officer or a manager with the day it takes effect and,
when there is one, the scan of the bank's certificate; approved or refused by a finance officer who did not
propose it. Nothing is deleted: each payment goes to the account valid on the day of its run."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.audit import audit_record
from sanad.common.banking import bank_account_normalize, dated_account_decide, dated_account_pending
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can, require
from sanad.common.scans import scan_check
from sanad.payments.models import AccountChangeStatus, FacilityAccountChange
from sanad.payments.selectors.accounts import facility_account_on
from sanad.providers.models import Facility


def may_propose_account(user: Any) -> bool:
    """Finance officers and the managers of the network propose a facility's new account."""
    return can(user, "payments.prepare") or can(user, "providers.manage")


@transaction.atomic
def facility_account_propose(
    *,
    actor: Any,
    facility_id: int,
    account: str,
    valid_from: datetime.date,
    certificate: Any = None,
) -> FacilityAccountChange:
    """Propose a facility's new bank account, valid from `valid_from`; paid to once another finance
    officer approves it. One proposal waits at a time per facility."""
    if not may_propose_account(actor):
        raise PermissionDenied("payments.prepare")
    facility = Facility.objects.select_for_update().get(pk=facility_id)
    compact = bank_account_normalize(account, field="account")
    if not compact:
        raise DomainError(ErrorCode.REQUIRED, field="account")
    if certificate is not None:
        scan_check(certificate, field="certificate")
    waiting = FacilityAccountChange.objects.filter(facility=facility, status=AccountChangeStatus.PROPOSED)
    if waiting.exists():
        raise DomainError(
            ErrorCode.CONFLICT,
            _("A change of this facility's bank account already waits for approval: decide it first."),
            field="account",
        )
    change = FacilityAccountChange(
        facility=facility,
        account=compact,
        previous=facility_account_on(facility, valid_from),
        valid_from=valid_from,
        proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if certificate is not None:
        change.certificate = certificate
    change.save()
    audit_record(
        actor=actor,
        action="facility_account_propose",
        obj=change,
        after={"facility": facility.pk, "account": compact, "valid_from": valid_from},
    )
    return change


_OWN = gettext_lazy("You proposed this change: another finance officer approves it (four eyes).")


def _pending(change_id: int, actor: Any) -> FacilityAccountChange:
    require(actor, "payments.approve")
    return dated_account_pending(FacilityAccountChange, change_id, actor=actor, own=str(_OWN))


@transaction.atomic
def facility_account_approve(*, actor: Any, change_id: int) -> FacilityAccountChange:
    """A second finance officer approves the change: runs dated from its day on pay to the new account."""
    change = _pending(change_id, actor)
    dated_account_decide(change, actor=actor, approve=True)
    audit_record(
        actor=actor,
        action="facility_account_approve",
        obj=change,
        before={"account": change.previous},
        after={"account": change.account, "valid_from": change.valid_from},
    )
    return change


@transaction.atomic
def facility_account_refuse(*, actor: Any, change_id: int, reason: str) -> FacilityAccountChange:
    """A second finance officer refuses the change, saying why; it stays in the history, never paid to."""
    change = _pending(change_id, actor)
    dated_account_decide(change, actor=actor, approve=False, reason=reason)
    audit_record(actor=actor, action="facility_account_refuse", obj=change, after={"reason": reason.strip()})
    return change
