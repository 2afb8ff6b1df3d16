"""Background tasks of the reports (Django's Tasks API; `sanad db_worker` runs them)."""

from __future__ import annotations

import datetime

from django_tasks import task

from sanad.reports.compute import days_compute


@task()
def reports_compute_task(on: str | None = None) -> int:
    """The nightly computation: the day before `on` (today by default), then `on` so far, so that the pages
    show this morning's work too; returns the number of rows written."""
    today = datetime.date.fromisoformat(on) if on else datetime.date.today()
    return sum(day.rows for day in days_compute(start=today - datetime.timedelta(days=1), end=today))
