"""Background tasks of the claims app (Django's Tasks API; `sanad db_worker` runs them)."""

from __future__ import annotations

import datetime

from django_tasks import task

from sanad.claims.runner.decide import claims_adjudicate_run
from sanad.claims.services import billing_files_adjudicate


@task()
def billing_files_adjudicate_task(file_ids: list[int], on: str | None = None) -> int:
    """Decide received files with the engine (after a batch is received); returns how many were."""
    day = datetime.date.fromisoformat(on) if on else datetime.date.today()
    return len(billing_files_adjudicate(actor=None, file_ids=file_ids, on=day))


@task()
def claims_adjudicate_run_task(on: str | None = None) -> int:
    """Decide every file still received (the nightly sweep after the day's batches); returns how many."""
    day = datetime.date.fromisoformat(on) if on else datetime.date.today()
    return claims_adjudicate_run(on=day).files
