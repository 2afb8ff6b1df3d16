"""Background tasks of the reports (Django's Tasks API; `sanad db_worker` runs them)."""

from __future__ import annotations

import datetime

from django_tasks import task

from sanad.reports.compute import day_compute, days_compute, nightly_start


@task()
def reports_compute_task(on: str | None = None) -> int:
    """The nightly computation: the profile's last `nightly_days` days up to `on` (today by default), the
    oldest first, `on` so far included so that the pages show this morning's work too; returns the number
    of rows written."""
    today = datetime.date.fromisoformat(on) if on else datetime.date.today()
    return sum(day.rows for day in days_compute(start=nightly_start(today), end=today))


@task()
def reports_history_task(since: str, until: str) -> int:
    """The figures of a past period (after a history is loaded: the demo, a migration from another
    system), the latest day first so that the pages fill from today backwards; returns the days computed."""
    first, day = datetime.date.fromisoformat(since), datetime.date.fromisoformat(until)
    done = 0
    while day >= first:
        day_compute(day=day)
        day -= datetime.timedelta(days=1)
        done += 1
    return done
