"""Background tasks of the exchange (Django's Tasks API; `sanad db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from sanad.exchange.services import exchange_deliver, exchanges_sweep


@task()
def exchange_deliver_task(exchange_id: int) -> str:
    """Try one answer's callback (a retry is enqueued again by the service, later)."""
    return str(exchange_deliver(exchange_id=exchange_id).status)


@task()
def exchanges_sweep_task() -> int:
    """Deliver every answer whose callback is due; returns how many were tried."""
    return exchanges_sweep()


@task()
def notification_send_task(notification_id: int) -> str:
    """Try one subscription notification (a retry is enqueued again by the service, later)."""
    from sanad.exchange.subscriptions import notification_send

    return str(notification_send(notification_id=notification_id).status)
