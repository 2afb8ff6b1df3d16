"""The background worker's heartbeat, as a ping: an observer enqueues a small task, the worker answers.

`sanad db_worker` leaves no trace of its own while the queue is empty, so whoever looks (the readiness
probe, a metrics scrape) asks for a beat when the last one grows old; a worker that takes tasks from the
queue runs it within seconds. A dead or stuck worker leaves the request unanswered and the beat ages.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from sanad.operations.models import Heartbeat

WORKER = "worker"


def heartbeat_beat(*, name: str, now: datetime.datetime | None = None) -> None:
    """Record that `name` is alive now."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beaten_at": now or timezone.now()})


def _ping_due(beat: Heartbeat | None, now: datetime.datetime, max_age: datetime.timedelta) -> bool:
    """A new beat is wanted once the last is a third of the allowed age old, unless one was asked for
    since (and not so long ago that the request itself may have been lost, as in a restored database)."""
    if beat is None:
        return True
    if beat.beaten_at is not None and now - beat.beaten_at < max_age / 3:
        return False
    asked = beat.requested_at
    answered = beat.beaten_at
    pending = asked is not None and (answered is None or asked > answered) and now - asked < max_age
    return not pending


def worker_heartbeat_age(*, now: datetime.datetime | None = None, ping: bool = True) -> float | None:
    """Seconds since the worker last ran the heartbeat task (None: never); with `ping`, asks it for a new
    beat when one is due."""
    from sanad.operations.tasks import worker_heartbeat

    now = now or timezone.now()
    beat = Heartbeat.objects.filter(name=WORKER).first()
    if ping and _ping_due(beat, now, heartbeat_max_age()):
        Heartbeat.objects.update_or_create(name=WORKER, defaults={"requested_at": now})
        worker_heartbeat.enqueue()
        # A backend that runs tasks at once (tests, a single-process set-up) has beaten already.
        beat = Heartbeat.objects.filter(name=WORKER).first()
    if beat is None or beat.beaten_at is None:
        return None
    return max((now - beat.beaten_at).total_seconds(), 0.0)


def heartbeat_max_age() -> datetime.timedelta:
    """How old the worker's last beat may be before the installation is reported not ready."""
    return datetime.timedelta(seconds=settings.SANAD_WORKER_HEARTBEAT_MAX_AGE)
