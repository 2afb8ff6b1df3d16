"""Every read of the outbox."""

from __future__ import annotations

import datetime

from sanad.notifications.models import Message
from sanad.notifications.statuses import MessageStatus


def member_messages(*, member_id: int, limit: int = 20) -> list[Message]:
    """A member's latest messages, newest first (index notif_msg_member_idx)."""
    return list(Message.objects.filter(member_id=member_id).order_by("-created_at", "-pk")[:limit])


def messages_due(*, now: datetime.datetime, limit: int = 500) -> list[int]:
    """Ids of the queued messages whose next attempt is due, oldest first (index notif_msg_due_idx)."""
    return list(
        Message.objects.filter(status=MessageStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
