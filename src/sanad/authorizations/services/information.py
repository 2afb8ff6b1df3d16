"""Questions to the facility (issue 17, §3): the adviser asks for information and the answer clock stops;
the facility answers and the clock runs again, resumed with the time left or started again in full as the
profile's `information_clock` says. Both recorded on the request's timeline and audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.authorizations.clock import request_due_at
from sanad.authorizations.models import AuthorizationRequest, InformationRequest
from sanad.authorizations.services._events import locked, own_request, step, user_or_none
from sanad.authorizations.services.decide import adviser_check
from sanad.authorizations.signals import decision_announce
from sanad.authorizations.statuses import RequestStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile

S = RequestStatus


@transaction.atomic
def authorization_information_request(
    *, actor: Any, request: AuthorizationRequest, question: str, now: datetime.datetime | None = None
) -> AuthorizationRequest:
    """The adviser asks the facility for information: the clock stops until the answer (recorded)."""
    adviser_check(actor)
    now = now or timezone.now()
    question = (question or "").strip()
    if not question:
        raise DomainError(ErrorCode.REQUIRED, _("Write the question to the facility."), field="question")
    request = locked(request)
    InformationRequest.objects.create(
        request=request, question=question, asked_at=now, asked_by=user_or_none(actor)
    )
    event = step(
        request,
        action="authorization_information_request",
        actor=actor,
        to_status=S.INFORMATION_REQUESTED,
        at=now,
        reason=question,
        changes={"paused_at": now, "due_at": None},
    )
    decision_announce(request=request, outcome=request.status, event=event)
    return request


def pauses_of(request: AuthorizationRequest) -> list[tuple[datetime.datetime, datetime.datetime | None]]:
    return list(request.information.order_by("asked_at").values_list("asked_at", "answered_at"))


@transaction.atomic
def authorization_information_answer(
    *,
    actor: Any,
    request: AuthorizationRequest,
    answer: str,
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> AuthorizationRequest:
    """The facility answers: the clock runs again, resumed or started again as the profile says."""
    profile = profile or active_profile()
    now = now or timezone.now()
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(ErrorCode.REQUIRED, _("Write the answer to the adviser."), field="answer")
    request = own_request(actor, request)
    waiting = request.information.filter(answered_at__isnull=True).order_by("-asked_at").first()
    if request.status != S.INFORMATION_REQUESTED or waiting is None:
        raise DomainError(ErrorCode.CONFLICT, _("No question is waiting for an answer."), field=None)
    waiting.answer, waiting.answered_at, waiting.answered_by = answer, now, user_or_none(actor)
    waiting.save(update_fields=["answer", "answered_at", "answered_by"])
    request_type = profile.authorization_requests.type(request.request_type)
    due = request_due_at(
        profile=profile,
        clock=request_type.answer_clock,
        received_at=request.received_at,
        pauses=pauses_of(request),
    )
    step(
        request,
        action="authorization_information_answer",
        actor=actor,
        to_status=S.PENDING,
        at=now,
        reason=answer,
        data={"clock": profile.authorization_requests.information_clock},
        changes={"paused_at": None, "due_at": due},
    )
    return request
