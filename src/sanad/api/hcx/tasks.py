"""The background tasks that answer HCX requests (Django's Tasks API; `sanad db_worker` runs them)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from sanad.api.hcx.process import exchange_process
from sanad.exchange.selectors import exchanges_unanswered

# A request still unanswered this long after it came was lost by its task (a worker killed): the sweep
# answers it.
_LOST_AFTER = datetime.timedelta(minutes=10)
_SWEEP = 200


@task()
def exchange_process_task(exchange_id: int) -> str:
    """Answer one received exchange; its callback is then delivered by `exchange_deliver_task`."""
    return exchange_process(exchange_id=exchange_id)


@task()
def exchanges_unanswered_sweep_task() -> int:
    """Answer the requests whose task was lost; returns how many were."""
    due = exchanges_unanswered(before=timezone.now() - _LOST_AFTER, limit=_SWEEP)
    for exchange_id in due:
        exchange_process(exchange_id=exchange_id)
    return len(due)
