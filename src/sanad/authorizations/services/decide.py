"""The medical adviser's answer (issue 17, §4): approve, approve with reserve (its conditions written) or
refuse (reason codes); locked, checked against the transition table, on the request's timeline and
audited. Questions are in `information`, changes of an approval in `changes`.

An approval states what it covers (acts, drugs or devices; days, sessions, cycles or units; an amount when
capped), the facility and its validity (seed 002: "document de prise en charge … définitif et sous réserve
le cas échéant"; oncology drugs for the profile's cycles).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.authorizations.models import Appeal, AuthorizationRequest, Decision, DecisionItem
from sanad.authorizations.reasons import RefusalReason
from sanad.authorizations.selectors.catalogue import fund_pharmacy_drugs
from sanad.authorizations.services._events import locked, step, user_or_none
from sanad.authorizations.signals import decision_announce
from sanad.authorizations.statuses import (
    OPEN,
    Counts,
    DecisionAction,
    DecisionKind,
    ItemKind,
    RequestStatus,
)
from sanad.catalog.selectors.lookup import item_tariff
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile

S = RequestStatus
STATUS_OF = {
    DecisionKind.APPROVED: S.APPROVED,
    DecisionKind.APPROVED_WITH_RESERVE: S.APPROVED_WITH_RESERVE,
    DecisionKind.REFUSED: S.REFUSED,
}
_DECIDE_ACTIONS = {
    DecisionKind.APPROVED: "authorization_approve",
    DecisionKind.APPROVED_WITH_RESERVE: "authorization_approve_with_reserve",
    DecisionKind.REFUSED: "authorization_refuse",
}
_APPEAL_ACTIONS = {
    DecisionKind.APPROVED: "authorization_appeal_approve",
    DecisionKind.APPROVED_WITH_RESERVE: "authorization_appeal_approve_with_reserve",
    DecisionKind.REFUSED: "authorization_appeal_refuse",
}


@dataclass(frozen=True, slots=True)
class Item:
    """What an approval covers: an act, a drug or a device, how many, and up to what amount if capped."""

    kind: str
    code: str
    quantity: int
    amount: Decimal | None = None


def adviser_check(actor: Any) -> None:
    """Medical advisers decide (the system too, for the profile's automatic rules)."""
    if actor is not None and not can(actor, "authorizations.decide"):
        raise DomainError(ErrorCode.FORBIDDEN, field=None)


def appeal_answer_check(actor: Any, request: AuthorizationRequest) -> Appeal:
    """An appeal is decided by a medical adviser other than the one who made the decision appealed (four
    eyes), never by an automatic rule."""
    # The request's lock, held by the caller, keeps two advisers from answering the same appeal.
    appeal = (
        Appeal.objects.select_related("decision")
        .filter(request=request, answer__isnull=True)
        .order_by("-filed_at", "-id")
        .first()
    )
    if appeal is None:
        raise DomainError(ErrorCode.CONFLICT, _("This request is not awaiting a decision."), field=None)
    if actor is None:
        raise DomainError(ErrorCode.FORBIDDEN, _("An appeal is decided by a medical adviser."), field=None)
    if appeal.decision.decided_by_id is not None and appeal.decision.decided_by_id == actor.pk:
        raise DomainError(
            ErrorCode.FORBIDDEN,
            _(
                "You made the decision appealed: another medical adviser decides the appeal, so that "
                "two people look at the request."
            ),
            field=None,
        )
    return appeal


def decision_record(
    request: AuthorizationRequest,
    *,
    kind: str,
    actor: Any,
    now: datetime.datetime,
    counts: str,
    action: str = DecisionAction.DECIDE,
    rule: str = "",
    items: Sequence[Item] = (),
    amount: Decimal | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    conditions: str = "",
    reasons: Sequence[str] = (),
    note: str = "",
    replaces: Decision | None = None,
    on_appeal: bool = False,
) -> Decision:
    """Write a decision and what it covers; the caller has checked it and moves the request."""
    decision = Decision.objects.create(
        request=request,
        kind=kind,
        action=action,
        replaces=replaces,
        automatic=actor is None,
        rule=rule,
        conditions=conditions,
        reasons=list(reasons),
        note=note,
        facility_id=request.facility_id,
        valid_from=valid_from,
        valid_to=valid_to,
        counts=counts,
        amount=amount,
        decided_by=user_or_none(actor),
        decided_at=now,
        on_appeal=on_appeal,
    )
    pharmacy = _fund_pharmacy_codes(items, valid_from)
    DecisionItem.objects.bulk_create(
        DecisionItem(
            decision=decision,
            kind=i.kind,
            code=i.code,
            quantity=i.quantity,
            amount=i.amount,
            fund_pharmacy=i.kind == ItemKind.DRUG and i.code in pharmacy,
        )
        for i in items
    )
    return decision


def _fund_pharmacy_codes(items: Sequence[Item], day: datetime.date | None) -> set[str]:
    """The approved drugs the fund's own pharmacy dispenses, when the profile says it has one (seed 002:
    drugs outside the direct-billing list are dispensed by the CNOPS pharmacy)."""
    pharmacy = active_profile().authorization_requests.fund_pharmacy
    drugs = [i.code for i in items if i.kind == ItemKind.DRUG]
    if pharmacy is None or not drugs or day is None:
        return set()
    return fund_pharmacy_drugs(codes=drugs, groups=pharmacy.drugs, day=day)


def items_check(
    items: Sequence[Item], *, profile: FundProfile, request: AuthorizationRequest, day: datetime.date
) -> None:
    """An approval covers at least one item of the catalogue, each counted at least once and, for the
    types that cap it (oncology drugs: the profile's cycles), no more than the cap."""
    if not items:
        raise DomainError(
            ErrorCode.REQUIRED, _("State at least one act, drug or device approved."), field="items"
        )
    request_type = profile.authorization_requests.type(request.request_type)
    for item in items:
        if item.kind not in ItemKind.values or not item.code.strip():
            raise DomainError(ErrorCode.INVALID, _("Give the kind and the code of each item."), field="items")
        if item.quantity < 1:
            raise DomainError(ErrorCode.INVALID, _("Each item is approved at least once."), field="items")
        cap = request_type.max_quantity
        if cap is not None and item.quantity > cap:
            raise DomainError(
                ErrorCode.INVALID,
                _("At most %(count)s %(counts)s per approval.")
                % {"count": cap, "counts": Counts(request_type.counts).label},
                field="items",
            )
        if item.amount is not None and item.amount < 0:
            raise DomainError(ErrorCode.INVALID, _("Amounts must be positive."), field="items")
        if (
            item_tariff(kind=item.kind, code=item.code.strip(), day=day, sector=request.facility.sector)
            is None
        ):
            raise DomainError(
                ErrorCode.INVALID,
                _("Code %(code)s is not in the catalogue on %(date)s.")
                % {"code": item.code, "date": date_format(day, "d/m/Y")},
                field="items",
            )


def validity(
    request: AuthorizationRequest,
    profile: FundProfile,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
) -> tuple[datetime.date, datetime.date]:
    """By default an approval runs from the day of the care (an emergency) or today, for the type's days."""
    request_type = profile.authorization_requests.type(request.request_type)
    start = valid_from or request.act_date or timezone.localdate()
    end = valid_to or start + datetime.timedelta(days=request_type.validity_days - 1)
    if end < start:
        raise DomainError(ErrorCode.INVALID, _("The validity ends before it starts."), field="valid_to")
    return start, end


def _reasons_check(reasons: Sequence[str], note: str) -> list[str]:
    if not reasons:
        raise DomainError(ErrorCode.REQUIRED, _("Give at least one reason for the refusal."), field="reasons")
    unknown = [code for code in reasons if code not in RefusalReason.values]
    if unknown:
        raise DomainError(ErrorCode.INVALID, _("Choose the reasons from the list."), field="reasons")
    if RefusalReason.OTHER in reasons and not note.strip():
        raise DomainError(ErrorCode.REQUIRED, _("State the other reason in the note."), field="note")
    return list(dict.fromkeys(reasons))


@transaction.atomic
def authorization_decide(
    *,
    actor: Any,
    request: AuthorizationRequest,
    kind: str,
    items: Sequence[Item] = (),
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    amount: Decimal | None = None,
    conditions: str = "",
    reasons: Sequence[str] = (),
    note: str = "",
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> AuthorizationRequest:
    """The adviser approves (with reserve: conditions written) or refuses (with reasons) an open request."""
    adviser_check(actor)
    profile = profile or active_profile()
    now = now or timezone.now()
    request = locked(request)
    if kind not in DecisionKind.values:
        raise DomainError(ErrorCode.INVALID, field="kind")
    if request.status not in OPEN:
        raise DomainError(ErrorCode.CONFLICT, _("This request is not awaiting a decision."), field=None)
    appeal = appeal_answer_check(actor, request) if request.status == S.UNDER_APPEAL else None
    request_type = profile.authorization_requests.type(request.request_type)
    start = end = None
    if kind == DecisionKind.REFUSED:
        reasons = _reasons_check(reasons, note)
        items, amount, conditions = (), None, ""
    else:
        if kind == DecisionKind.APPROVED_WITH_RESERVE and not conditions.strip():
            raise DomainError(
                ErrorCode.REQUIRED, _("Write the conditions of the reserve."), field="conditions"
            )
        start, end = validity(request, profile, valid_from, valid_to)
        items_check(items, profile=profile, request=request, day=start)
        reasons = ()
    decision = decision_record(
        request,
        kind=kind,
        actor=actor,
        now=now,
        counts=request_type.counts,
        items=items,
        amount=amount,
        valid_from=start,
        valid_to=end,
        conditions=conditions.strip(),
        reasons=reasons,
        note=note.strip(),
        on_appeal=appeal is not None,
    )
    changes: dict[str, Any] = {"decision": decision, "paused_at": None}
    if request.decided_at is None:
        changes["decided_at"] = now
    data: dict[str, Any] = {"reasons": list(reasons)} if reasons else {}
    if appeal is not None:
        appeal.answer = decision
        appeal.save(update_fields=["answer"])
        data["appeal"] = appeal.pk
    actions = _APPEAL_ACTIONS if appeal is not None else _DECIDE_ACTIONS
    event = step(
        request,
        action=actions[DecisionKind(kind)],
        actor=actor,
        to_status=STATUS_OF[DecisionKind(kind)],
        at=now,
        reason=note.strip() or conditions.strip(),
        data=data,
        changes=changes,
    )
    decision_announce(request=request, outcome=request.status, event=event)
    return request
