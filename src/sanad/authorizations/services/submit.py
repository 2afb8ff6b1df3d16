"""Submitting a request (issue 17, §2): checked at once against its type and its checklist; an incomplete
request is returned with the list of what is missing and its clock not started; a complete one starts
its answer clock and meets its type's automatic rule, if any.

Sources: seed 002 (the form matches the admission; papers of each request; emergencies on the first
working day), seed 004 (the facility asks; the fund answers within 48 hours).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.authorizations.checklist import checklist_codes
from sanad.authorizations.clock import emergency_limit, request_due_at
from sanad.authorizations.form_values import values_clean
from sanad.authorizations.measures import body_surface_area
from sanad.authorizations.models import AuthorizationRequest, RequestEvent, beneficiary_key
from sanad.authorizations.reasons import RefusalReason
from sanad.authorizations.selectors.checklist import beneficiary_group, checklist_json, checklist_of
from sanad.authorizations.services._events import own_request, step, user_or_none
from sanad.authorizations.services.automatic import automatic_check
from sanad.authorizations.services.decide import decision_record
from sanad.authorizations.services.documents import documents_store, uploads_check
from sanad.authorizations.signals import decision_announce
from sanad.authorizations.statuses import Admission, Channel, DecisionKind, RequestStatus
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.funds.types_authorizations import PHARMACY_KIND, RequestType
from sanad.providers.models import Facility
from sanad.providers.selectors import facility_of_user
from sanad.registry.models import Dependant, Member

S = RequestStatus
LATE_RULE = "emergency_request_clock"


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestInput:
    facility_id: int
    member_id: int
    request_type: str
    admission: str
    values: Mapping[str, Any]
    dependant_id: int | None = None
    emergency: bool = False
    act_date: datetime.date | None = None  # an emergency's day of care
    idempotency_key: str = ""
    documents: Mapping[str, UploadedFile | None] = field(default_factory=dict)


def _facility_for(actor: Any, facility_id: int) -> Facility:
    """Facility staff submit for their own facility only (the system, with no actor, for any)."""
    if actor is not None:
        own = facility_of_user(user=actor) if can(actor, "authorizations.submit") else None
        if own is None or own.pk != facility_id:
            raise DomainError(ErrorCode.FORBIDDEN, field="facility")
    facility = Facility.objects.filter(pk=facility_id).first()
    if facility is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="facility")
    return facility


def request_type_of(profile: FundProfile, code: str) -> RequestType:
    try:
        return profile.authorization_requests.type(code)
    except KeyError:
        raise DomainError(ErrorCode.INVALID, _("Choose a type of request."), field="request_type") from None


def _form_check(request_type: RequestType, facility: Facility, admission: str) -> None:
    """The type decides the form: it matches only its admissions (seed 002), and some types are asked
    only by some kinds of facility (pharmacies ask their own)."""
    if not request_type.asked_by(facility.kind):
        reason = (
            _("A pharmacy asks only for the types of request meant for pharmacies.")
            if facility.kind == PHARMACY_KIND
            else _("Your facility may not ask for this type of request.")
        )
        raise DomainError(ErrorCode.FORBIDDEN, reason, field="request_type")
    if admission not in request_type.admissions:
        allowed = ", ".join(str(Admission(code).label) for code in request_type.admissions)
        raise DomainError(
            ErrorCode.INVALID,
            _("This form does not match the admission: it is for %(allowed)s.") % {"allowed": allowed},
            field="admission",
        )


def _beneficiary(member_id: int, dependant_id: int | None) -> tuple[Member, Dependant | None]:
    member = Member.objects.filter(pk=member_id, merged_into__isnull=True).first()
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("No such insured person."), field="member")
    if dependant_id is None:
        return member, None
    dependant = Dependant.objects.filter(pk=dependant_id, member=member).first()
    if dependant is None:
        raise DomainError(
            ErrorCode.NOT_FOUND, _("No such dependant of this insured person."), field="dependant"
        )
    return member, dependant


def _emergency_check(request_type: RequestType, data: RequestInput, today: datetime.date) -> None:
    if not data.emergency:
        return
    if not request_type.emergency:
        raise DomainError(
            ErrorCode.INVALID,
            _("This type of request is asked before the care, never after."),
            field="emergency",
        )
    if data.act_date is None:
        raise DomainError(ErrorCode.REQUIRED, _("Give the day the care was given."), field="act_date")
    if data.act_date > today:
        raise DomainError(
            ErrorCode.INVALID, _("The care of an emergency was already given."), field="act_date"
        )


def _surface(request_type: RequestType, values: Mapping[str, str]) -> Decimal | None:
    if not request_type.body_surface_area:
        return None
    return body_surface_area(height_cm=Decimal(values["height_cm"]), weight_kg=Decimal(values["weight_kg"]))


def _refuse_late(
    request: AuthorizationRequest, *, profile: FundProfile, actor: Any, now: datetime.datetime
) -> None:
    """An emergency request that arrives after the profile's limit is refused, the rule named."""
    limit = emergency_limit(profile, request.act_date)  # type: ignore[arg-type]
    request_type = profile.authorization_requests.type(request.request_type)
    decision = decision_record(
        request,
        kind=DecisionKind.REFUSED,
        actor=None,
        now=now,
        counts=request_type.counts,
        rule=LATE_RULE,
        reasons=[RefusalReason.LATE_EMERGENCY.value],
    )
    event = step(
        request,
        action="authorization_late_refuse",
        actor=actor,
        to_status=S.REFUSED,
        at=now,
        data={"rule": LATE_RULE, "limit": limit.isoformat(), "act_date": request.act_date},
        changes={"decision": decision, "decided_at": now},
    )
    decision_announce(request=request, outcome=request.status, event=event)


def _start(
    request: AuthorizationRequest, *, profile: FundProfile, actor: Any, now: datetime.datetime
) -> None:
    """A complete request starts its clock; its type's automatic rule approves it at once when it holds,
    otherwise its finding is recorded and an adviser decides."""
    request_type = profile.authorization_requests.type(request.request_type)
    due = request_due_at(profile=profile, clock=request_type.answer_clock, received_at=now)
    request.received_at, request.due_at = now, due
    request.save(update_fields=["received_at", "due_at"])
    verdict = automatic_check(
        profile=profile, request=request, request_type=request_type, on=timezone.localdate(now)
    )
    if verdict is None:
        return
    data = {"rule": verdict.rule, "finding": verdict.finding, "params": verdict.params}
    if not verdict.approved:
        step(request, action="authorization_rule_check", actor=None, at=now, data=data)
        return
    decision = decision_record(
        request,
        kind=DecisionKind.APPROVED,
        actor=None,
        now=now,
        counts=request_type.counts,
        rule=verdict.rule,
        items=verdict.items,
        amount=verdict.amount,
        valid_from=verdict.valid_from,
        valid_to=verdict.valid_to,
    )
    event = step(
        request,
        action="authorization_auto_approve",
        actor=None,
        to_status=S.APPROVED,
        at=now,
        data=data,
        changes={"decision": decision, "decided_at": now},
    )
    decision_announce(request=request, outcome=request.status, event=event)


def _route(
    request: AuthorizationRequest, *, profile: FundProfile, actor: Any, now: datetime.datetime, action: str
) -> None:
    """Late emergency: refused. Incomplete: returned with its list, no clock. Complete: clock started."""
    if request.emergency and now > emergency_limit(profile, request.act_date):  # type: ignore[arg-type]
        _refuse_late(request, profile=profile, actor=actor, now=now)
        return
    items = checklist_of(profile, request, timezone.localdate(now))
    missing = [item.code for item in items if not item.present]
    changes = {"checklist": checklist_json(items)}
    if missing:
        step(
            request,
            action="authorization_return",
            actor=actor,
            at=now,
            data={"missing": missing},
            changes=changes,
        )
        return
    step(request, action=action, actor=actor, to_status=S.PENDING, at=now, changes=changes)
    _start(request, profile=profile, actor=actor, now=now)


@transaction.atomic
def authorization_submit(
    *,
    actor: Any,
    data: RequestInput,
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> AuthorizationRequest:
    """A facility's request: the type's form for one of its admissions, for the member or a dependant,
    with the scans of its checklist. A repeat of an idempotency key returns the first request."""
    profile = profile or active_profile()
    now = now or timezone.now()
    request_type = request_type_of(profile, data.request_type)
    facility = _facility_for(actor, data.facility_id)
    if data.idempotency_key:
        earlier = AuthorizationRequest.objects.filter(
            facility=facility, idempotency_key=data.idempotency_key
        ).first()
        if earlier is not None:
            return earlier
    _form_check(request_type, facility, data.admission)
    channel = Channel.PHARMACY if facility.kind == PHARMACY_KIND else Channel.FACILITY
    return request_file(
        actor=actor,
        data=data,
        facility=facility,
        request_type=request_type,
        channel=channel,
        now=now,
        profile=profile,
    )


def request_file(
    *,
    actor: Any,
    data: RequestInput,
    facility: Facility,
    request_type: RequestType,
    channel: str,
    now: datetime.datetime,
    profile: FundProfile,
) -> AuthorizationRequest:
    """File a request whose filer and facility are checked (the caller's transaction): the beneficiary,
    the form's values, the scans of its checklist; then it is routed (returned, started or refused)."""
    member, dependant = _beneficiary(data.member_id, data.dependant_id)
    values = values_clean(profile.authorization_requests, request_type, data.values)
    _emergency_check(request_type, data, timezone.localdate(now))
    request = AuthorizationRequest(
        facility=facility,
        member=member,
        dependant=dependant,
        beneficiary=beneficiary_key(member.pk, dependant.pk if dependant else None),
        request_type=request_type.code,
        admission=data.admission,
        values=values,
        diagnosis=values.get("diagnosis", "").upper(),
        body_surface_area=_surface(request_type, values),
        emergency=data.emergency,
        act_date=data.act_date if data.emergency else None,
        status=S.RETURNED,  # until its checklist is checked below
        channel=channel,
        submitted_by=user_or_none(actor),
        submitted_at=now,
        idempotency_key=data.idempotency_key,
    )
    group = beneficiary_group(profile, request, timezone.localdate(now))
    branch = channel == Channel.BRANCH
    allowed = checklist_codes(profile, request_type, values, group, branch=branch)
    scans = uploads_check(profile.authorization_requests, data.documents, allowed)
    request.save()
    request.reference = f"PEC-{timezone.localtime(now):%Y}-{request.pk:06d}"
    request.save(update_fields=["reference"])
    documents_store(actor=actor, request=request, catalogue=profile.authorization_requests, scans=scans)
    action = "authorization_branch_file" if branch else "authorization_submit"
    RequestEvent.objects.create(request=request, at=now, action=action, actor=user_or_none(actor))
    audit_record(
        actor=actor,
        action=action,
        obj=request,
        after={
            "reference": request.reference,
            "facility": facility.code,
            "type": request_type.code,
            "channel": channel,
            "values": values,
        },
    )
    _route(request, profile=profile, actor=actor, now=now, action="authorization_complete")
    return request


@transaction.atomic
def authorization_documents_add(
    *,
    actor: Any,
    request: AuthorizationRequest,
    documents: Mapping[str, UploadedFile | None],
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> AuthorizationRequest:
    """The facility adds papers to its request. A returned request is checked again at once: complete,
    it starts its clock; still incomplete, it is returned with what is still missing."""
    profile = profile or active_profile()
    now = now or timezone.now()
    request = own_request(actor, request)
    if request.status not in (S.RETURNED, S.PENDING, S.INFORMATION_REQUESTED, S.UNDER_APPEAL):
        raise DomainError(
            ErrorCode.CONFLICT, _("This request is decided: it takes no more papers."), field=None
        )
    request_type = profile.authorization_requests.type(request.request_type)
    group = beneficiary_group(profile, request, timezone.localdate(now))
    allowed = checklist_codes(
        profile, request_type, request.values, group, branch=request.channel == Channel.BRANCH
    )
    scans = uploads_check(profile.authorization_requests, documents, allowed)
    if not scans:
        raise DomainError(ErrorCode.REQUIRED, _("Attach at least one scan."), field=None)
    documents_store(actor=actor, request=request, catalogue=profile.authorization_requests, scans=scans)
    step(request, action="authorization_document_add", actor=actor, at=now, data={"documents": sorted(scans)})
    if request.status == S.RETURNED:
        _route(request, profile=profile, actor=actor, now=now, action="authorization_resubmit")
    else:
        items = checklist_of(profile, request, timezone.localdate(now))
        request.checklist = checklist_json(items)
        request.save(update_fields=["checklist"])
    return request
