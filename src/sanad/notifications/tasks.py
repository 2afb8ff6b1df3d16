"""Background tasks (Django's Tasks API; `sanad db_worker` runs them from the database)."""

from __future__ import annotations

from django_tasks import task

from sanad.notifications.services import message_send, outbox_sweep


@task()
def message_send_task(message_id: int) -> str:
    """Send one message (retries are enqueued again by the service, later)."""
    return str(message_send(message_id=message_id).status)


@task()
def outbox_sweep_task() -> int:
    """Send every queued message that is due; returns how many were tried."""
    return outbox_sweep()
