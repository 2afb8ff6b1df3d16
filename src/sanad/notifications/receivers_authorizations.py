"""The insured person's SMS when the fund answers a prior-authorization request made for them or their
family: approved, approved with reserve, refused, or information asked of the facility.

Received INSIDE the decision's transaction (`authorizations.signals.decision_announced`): the outbox row is
written with the decision or not at all, and sent once both have committed. A failure to queue is logged
and never undoes the decision.
"""

from __future__ import annotations

from typing import Any

from sanad.authorizations import signals
from sanad.funds.active import active_profile
from sanad.notifications.services import message_queue_guarded
from sanad.notifications.texts import AuthorizationTemplate, message_language

_TEMPLATES = {
    "approved": AuthorizationTemplate.APPROVED,
    "approved_with_reserve": AuthorizationTemplate.APPROVED_WITH_RESERVE,
    "refused": AuthorizationTemplate.REFUSED,
    "information_requested": AuthorizationTemplate.INFORMATION_REQUESTED,
    "under_appeal": AuthorizationTemplate.APPEAL_RECEIVED,
}


def on_decision_announced(sender: Any, *, request: Any, outcome: str, event: Any, **kwargs: Any) -> None:
    template = _TEMPLATES.get(outcome)
    member = request.member
    if template is None or not member.phone:
        return
    profile = active_profile()
    language = message_language(profile, member)
    facility = request.facility
    # The facility as the member reads it: its name in their language; the request by its reference.
    name = facility.name_ar if language == "ar" and facility.name_ar else facility.name_fr
    params: dict[str, Any] = {"fund": profile.short_name, "reference": request.reference, "facility": name}
    decision = request.decision
    if template in (AuthorizationTemplate.APPROVED, AuthorizationTemplate.APPROVED_WITH_RESERVE):
        params |= {"start": decision.valid_from, "end": decision.valid_to}
    message_queue_guarded(
        template=template,
        recipient=member.phone,
        language=language,
        params=params,
        about=request,
        member_id=member.pk,
        dedupe_key=f"authorization:{request.pk}:{event.pk}",
    )


def receivers_connect() -> None:
    signals.decision_announced.connect(on_decision_announced, dispatch_uid="notifications.authorization")
