"""Reading the exchange: a participant by its code, an exchange, the exchanges due for a callback."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from sanad.common.permissions import require
from sanad.exchange.models import Exchange, Participant
from sanad.exchange.statuses import ExchangeStatus


def participant_of_code(code: str) -> Participant | None:
    """The active participant `code` names, with its facility and API client; None if none."""
    return (
        Participant.objects.select_related("facility", "client", "client__account")
        .filter(code=code, active=True)
        .first()
    )


def exchange_of_call(*, participant: Participant, api_call_id: str) -> Exchange | None:
    return Exchange.objects.filter(participant=participant, api_call_id=api_call_id).first()


def exchanges_due(*, now: datetime.datetime, limit: int) -> list[int]:
    """The answered exchanges whose callback is due (first try, or a retry whose time has come)."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    rows = Exchange.objects.filter(due, status=ExchangeStatus.ANSWERED).order_by("pk")[:limit]
    return list(rows.values_list("pk", flat=True))


def participants_list(*, user) -> QuerySet[Participant]:
    """Every participant, the active ones first (administrators only)."""
    require(user, "credentials.manage")
    return Participant.objects.select_related("facility").order_by("-active", "code")


def exchange_get(*, exchange_id: int) -> Exchange:
    """An exchange with its participant, the participant's facility and API client (for its task)."""
    return Exchange.objects.select_related(
        "participant", "participant__facility", "participant__client", "participant__client__account"
    ).get(pk=exchange_id)


def exchanges_unanswered(*, before: datetime.datetime, limit: int) -> list[int]:
    """The exchanges received before `before` and still unanswered (their task was lost)."""
    rows = Exchange.objects.filter(status=ExchangeStatus.RECEIVED, received_at__lt=before).order_by("pk")
    return list(rows[:limit].values_list("pk", flat=True))
