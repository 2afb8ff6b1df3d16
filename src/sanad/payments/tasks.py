"""Background tasks of the payments app (Django's Tasks API; `sanad db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from sanad.payments.services import settlement_run_gather


@task()
def settlement_run_gather_task(run_id: int) -> int:
    """Settle a run's files (or go on settling them); returns how many the run holds."""
    return settlement_run_gather(run_id=run_id).files_done
