"""Background tasks of the operations app (Django's Tasks API, run by `sanad db_worker`)."""

from __future__ import annotations

from django_tasks import task

from sanad.operations.heartbeat import WORKER, heartbeat_beat


@task()
def worker_heartbeat() -> str:
    """The worker took this task from the queue and ran it: record the beat readiness looks for."""
    heartbeat_beat(name=WORKER)
    return "beat"
