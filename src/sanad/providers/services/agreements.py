"""The accreditation and agreement workflow (CNASS seed 001), one service per step."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.funds.calendar import add_months
from sanad.funds.types import FundProfile
from sanad.providers.checklist import MAX_SCORES, PREREQUISITE_CODES
from sanad.providers.clock import agreement_due_on
from sanad.providers.eligibility import agreement_eligibility
from sanad.providers.models import AgreementEvent, AgreementPeriod, AgreementRequest, ChecklistScore, Facility
from sanad.providers.services._workflow import move, require_date, require_text
from sanad.providers.statuses import (
    AGREEMENT_STEPS,
    NETWORK_STATUS_OF,
    AgreementStatus,
    SignatoryParty,
    step_check,
)

S = AgreementStatus
# A request still open blocks a second one for the same facility.
_OPEN = [s for s in S if s not in (S.REFUSED, S.TERMINATED)]


def _locked(request: AgreementRequest) -> AgreementRequest:
    return AgreementRequest.objects.select_for_update().select_related("facility").get(pk=request.pk)


def _step(request: AgreementRequest, *, action: str, on: date, actor: Any, **kw: Any):
    """Move a locked request one step and keep its facility's network status in line."""
    locked = _locked(request)
    move(
        obj=locked,
        steps=AGREEMENT_STEPS,
        action=action,
        on=on,
        actor=actor,
        event_model=AgreementEvent,
        event_fk="request",
        **kw,
    )
    Facility.objects.filter(pk=locked.facility_id).update(network_status=NETWORK_STATUS_OF[S(locked.status)])
    return locked


@transaction.atomic
def agreement_request(
    *,
    actor: Any,
    facility: Facility,
    requested_on: date,
    directorate_copy: str = "",
    profile: FundProfile | None = None,
) -> AgreementRequest:
    """A request is addressed to the director general with a copy to the regional health directorate; an
    ineligible facility is turned away at once, and one facility has at most one open request."""
    profile = profile or active_profile()
    require_date(requested_on, "requested_on")
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    verdict = agreement_eligibility(profile=profile, facility=facility)
    if not verdict.eligible:
        raise DomainError(ErrorCode.INVALID, verdict.message, field=verdict.field)
    if AgreementRequest.objects.filter(facility=facility, status__in=_OPEN).exists():
        raise DomainError(
            ErrorCode.CONFLICT, _("This facility already has a request or agreement in progress."), field=None
        )
    copy = (directorate_copy or facility.health_directorate).strip()
    if not copy:
        raise DomainError(
            ErrorCode.REQUIRED, _("Name the regional health directorate copied."), field="directorate_copy"
        )
    request = AgreementRequest.objects.create(
        facility=facility,
        requested_on=requested_on,
        directorate_copy=copy,
        due_on=agreement_due_on(profile, requested_on),
    )
    AgreementEvent.objects.create(
        request=request,
        on=requested_on,
        action="agreement_request",
        to_status=S.REQUESTED,
        note=copy,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    facility.network_status = NETWORK_STATUS_OF[S.REQUESTED]
    facility.save(update_fields=["network_status"])
    audit_record(
        actor=actor,
        action="agreement_request",
        obj=request,
        after={"facility": facility.code, "requested_on": requested_on, "due_on": request.due_on},
    )
    return request


@transaction.atomic
def agreement_mission_announce(
    *, actor: Any, request: AgreementRequest, on: date, planned_on: date | None = None
) -> AgreementRequest:
    """The fund sends a letter announcing the accreditation mission, with its planned date."""
    if planned_on is not None and planned_on < on:
        raise DomainError(
            ErrorCode.INVALID, _("The mission cannot be planned before the letter."), field="planned_on"
        )
    changes = {"mission_announced_on": on, "mission_planned_on": planned_on}
    return _step(
        request,
        action="agreement_mission_announce",
        on=on,
        actor=actor,
        changes=changes,
    )


@transaction.atomic
def agreement_mission_record(
    *, actor: Any, request: AgreementRequest, on: date, experts: str, report: str, scores: dict[str, int]
) -> AgreementRequest:
    """The mission is recorded with its date, its experts, a score for every prerequisite and its report."""
    experts = require_text(experts, "experts")
    report = require_text(report, "report")
    missing = [code for code in PREREQUISITE_CODES if code not in scores]
    if missing:
        raise DomainError(ErrorCode.REQUIRED, _("Score every prerequisite."), field=f"score_{missing[0]}")
    for code, score in scores.items():
        if code not in MAX_SCORES:
            raise DomainError(ErrorCode.INVALID, _("Unknown prerequisite."), field=f"score_{code}")
        if not 0 <= int(score) <= MAX_SCORES[code]:
            raise DomainError(
                ErrorCode.INVALID,
                _("A score lies between 0 and %(max)s.") % {"max": MAX_SCORES[code]},
                field=f"score_{code}",
            )
    percent = round(100 * sum(int(v) for v in scores.values()) / sum(MAX_SCORES.values()))
    changes = {
        "mission_on": on,
        "mission_experts": experts,
        "mission_report": report,
        "mission_score": percent,
    }
    locked = _step(request, action="agreement_mission_record", on=on, actor=actor, changes=changes)
    ChecklistScore.objects.bulk_create(
        ChecklistScore(request=locked, code=code, score=int(scores[code]), max_score=MAX_SCORES[code])
        for code in PREREQUISITE_CODES
    )
    return locked


@transaction.atomic
def agreement_report_share(*, actor: Any, request: AgreementRequest, on: date) -> AgreementRequest:
    """The accreditation report is shared with the regional health directorate and the facility."""
    return _step(
        request,
        action="agreement_report_share",
        on=on,
        actor=actor,
        changes={"report_shared_on": on},
    )


@transaction.atomic
def agreement_approve(*, actor: Any, request: AgreementRequest, on: date) -> AgreementRequest:
    """The fund sends the letter of agreement, which stops the processing clock."""
    return _step(request, action="agreement_approve", on=on, actor=actor, changes={"decided_on": on})


@transaction.atomic
def agreement_refuse(*, actor: Any, request: AgreementRequest, on: date, reasons: str) -> AgreementRequest:
    """A refusal states its reasons."""
    reasons = require_text(reasons, "reasons")
    changes = {"decided_on": on, "refusal_reasons": reasons}
    return _step(
        request,
        action="agreement_refuse",
        on=on,
        actor=actor,
        note=reasons,
        changes=changes,
    )


@transaction.atomic
def agreement_draft_send(
    *, actor: Any, request: AgreementRequest, on: date, validity_months: int, tariff_schedule: str
) -> AgreementRequest:
    """The draft agreement, with validity and tariff schedule, goes to the directorate and the facility."""
    if not 1 <= int(validity_months) <= 120:
        raise DomainError(ErrorCode.INVALID, _("Between 1 and 120 months."), field="validity_months")
    tariff_schedule = require_text(tariff_schedule, "tariff_schedule")
    changes = {
        "draft_sent_on": on,
        "validity_months": int(validity_months),
        "tariff_schedule": tariff_schedule,
    }
    return _step(request, action="agreement_draft_send", on=on, actor=actor, changes=changes)


@transaction.atomic
def agreement_sign(*, actor: Any, request: AgreementRequest, party: str, on: date) -> AgreementRequest:
    """The fund, the directorate and the facility each sign once, in any order; the third signature makes
    the agreement active from that day for its validity period."""
    require_date(on)
    if party not in SignatoryParty.values:
        raise DomainError(ErrorCode.INVALID, _("Unknown party."), field="party")
    locked = _locked(request)
    # Only a draft that was sent can be signed: signing is the way to an active agreement.
    step_check(AGREEMENT_STEPS, "agreement_activate", locked.status)
    if locked.signature_on(party) is not None:
        raise DomainError(ErrorCode.CONFLICT, _("This party has already signed."), field="party")
    if on < locked.draft_sent_on:
        raise DomainError(ErrorCode.INVALID, _("A signature cannot precede the draft."), field="on")
    attribute = f"signed_{party}_on"
    setattr(locked, attribute, on)
    locked.save(update_fields=[attribute])
    label = SignatoryParty(party).label
    AgreementEvent.objects.create(
        request=locked,
        on=on,
        action="agreement_sign",
        from_status=locked.status,
        to_status=locked.status,
        note=str(label),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action="agreement_sign", obj=locked, after={attribute: on})
    dates = [locked.signature_on(p) for p in SignatoryParty]
    if all(dates):
        start = max(dates)  # type: ignore[type-var]
        end = add_months(start, locked.validity_months) - timedelta(days=1)
        locked = _step(
            locked,
            action="agreement_activate",
            on=start,
            actor=actor,
            changes={"valid_from": start, "valid_to": end},
        )
        AgreementPeriod.objects.create(
            request=locked, valid_from=start, valid_to=end, tariff_schedule=locked.tariff_schedule
        )
    return locked
