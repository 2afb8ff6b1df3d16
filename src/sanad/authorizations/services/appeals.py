"""The appeal of a decision ("recours"): the facility, or a counter agent at a branch for the insured
person, appeals a refusal or an approval with reserve once, within the profile's `appeal_days`, with a
reason and papers if any; the request goes back to the medical review queue under appeal, on the type's
answer clock started again, to be decided by another medical adviser (`decide.appeal_answer_check`).

The seeds say the fund answers prior-approval requests (seed 004: "la CNSS répond dans les 48 heures") and
that complaints go to the regional offices (seed 000); the appeal is what a real fund adds to both.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.authorizations.checklist import checklist_codes
from sanad.authorizations.clock import request_due_at
from sanad.authorizations.models import Appeal, AuthorizationRequest, Decision
from sanad.authorizations.models.appeal import REASON_MAX_LENGTH
from sanad.authorizations.selectors.checklist import beneficiary_group
from sanad.authorizations.services._events import locked, step
from sanad.authorizations.services.documents import documents_store, uploads_check
from sanad.authorizations.signals import decision_announce
from sanad.authorizations.statuses import APPEALABLE, BRANCH_CAPABILITY, Channel, RequestStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.selectors import facility_of_user

S = RequestStatus


def appeal_last_day(profile: FundProfile, decision: Decision) -> datetime.date:
    """The last day (on the fund's wall clock) a decision may be appealed: `appeal_days` calendar days
    after the day it was made."""
    decided_on = timezone.localtime(decision.decided_at).date()
    return decided_on + datetime.timedelta(days=profile.authorization_requests.appeal_days)


def _appellant(actor: Any, request: AuthorizationRequest) -> tuple[AuthorizationRequest, bool]:
    """The request, locked, and whether the appeal is filed at a branch. The facility's staff appeal its
    own requests; a counter agent at a branch appeals for the insured person. Another facility's request
    does not exist for the appellant."""
    found = locked(request)
    if actor is None:
        raise DomainError(ErrorCode.FORBIDDEN, field=None)
    own = facility_of_user(user=actor) if can(actor, "authorizations.submit") else None
    if own is not None:
        if own.pk != found.facility_id:
            raise DomainError(ErrorCode.NOT_FOUND, field="request")
        return found, False
    if can(actor, BRANCH_CAPABILITY):
        return found, True
    raise DomainError(ErrorCode.NOT_FOUND, field="request")


def appealable_check(profile: FundProfile, request: AuthorizationRequest, now: datetime.datetime) -> Decision:
    """The decision in force may be appealed: a refusal or an approval with reserve, not itself made on
    appeal, not appealed yet, and within the profile's period."""
    decision = request.decision
    if request.status == S.UNDER_APPEAL:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("This request is already under appeal: a decision is appealed only once."),
            field=None,
        )
    if (
        decision is None
        or request.status not in (S.REFUSED, S.APPROVED_WITH_RESERVE)
        or decision.kind not in APPEALABLE
    ):
        raise DomainError(
            ErrorCode.CONFLICT, _("Only a refusal or an approval with reserve can be appealed."), field=None
        )
    if decision.on_appeal:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("This decision was made on appeal: it cannot be appealed again."),
            field=None,
        )
    earlier = Appeal.objects.filter(decision=decision).first()
    if earlier is not None:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("This decision was already appealed on %(date)s: a decision is appealed only once.")
            % {"date": date_format(timezone.localtime(earlier.filed_at), "d/m/Y")},
            field=None,
        )
    last_day = appeal_last_day(profile, decision)
    if timezone.localtime(now).date() > last_day:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("The period to appeal ended on %(date)s (%(days)s days after the decision).")
            % {"date": date_format(last_day, "d/m/Y"), "days": profile.authorization_requests.appeal_days},
            field=None,
        )
    return decision


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ErrorCode.REQUIRED, _("Give the reason for the appeal."), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(
            ErrorCode.INVALID,
            _("The reason is limited to %(count)s characters.") % {"count": REASON_MAX_LENGTH},
            field="reason",
        )
    return reason


@transaction.atomic
def authorization_appeal_file(
    *,
    actor: Any,
    request: AuthorizationRequest,
    reason: str,
    documents: Mapping[str, UploadedFile | None] | None = None,
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> Appeal:
    """File the one appeal of a refusal or an approval with reserve, within the profile's period: the
    request goes back to the medical review queue under appeal, its answer clock started again, the
    insured told (the SMS written in this transaction), audited."""
    profile = profile or active_profile()
    now = now or timezone.now()
    reason = _reason(reason)
    request, at_branch = _appellant(actor, request)
    decision = appealable_check(profile, request, now)
    catalogue = profile.authorization_requests
    request_type = catalogue.type(request.request_type)
    scans: dict[str, UploadedFile] = {}
    if documents:
        group = beneficiary_group(profile, request, timezone.localdate(now))
        allowed = checklist_codes(
            profile, request_type, request.values, group, branch=request.channel == Channel.BRANCH
        )
        scans = uploads_check(catalogue, documents, allowed)
        documents_store(actor=actor, request=request, catalogue=catalogue, scans=scans)
    # The appeal is answered on the type's clock, as a new request would be, from the day it is filed.
    due = request_due_at(profile=profile, clock=request_type.answer_clock, received_at=now)
    appeal = Appeal.objects.create(
        request=request,
        decision=decision,
        reason=reason,
        filed_at=now,
        filed_by=actor,
        at_branch=at_branch,
        due_at=due,
    )
    event = step(
        request,
        action="authorization_appeal_file",
        actor=actor,
        to_status=S.UNDER_APPEAL,
        at=now,
        reason=reason,
        data={
            "appeal": appeal.pk,
            "decision": decision.pk,
            "at_branch": at_branch,
            **({"documents": sorted(scans)} if scans else {}),
        },
        changes={"due_at": due, "paused_at": None},
    )
    decision_announce(request=request, outcome=S.UNDER_APPEAL, event=event)
    return appeal
