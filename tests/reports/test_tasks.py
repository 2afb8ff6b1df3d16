"""The nightly computation, the computation of a history and the command (issue 20, §4)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from sanad.demo.loader import demo_load
from sanad.reports.models import ComputedDay
from sanad.reports.tasks import reports_compute_task, reports_history_task

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 18)


def test_the_nightly_task_computes_the_profiles_last_days_up_to_today():
    """The profile's `nightly_days` (7): a payment confirmed late with an earlier date reaches its day."""
    rows = reports_compute_task.call(on=DAY.isoformat())

    days = sorted(ComputedDay.objects.values_list("day", flat=True))
    assert days == [DAY - datetime.timedelta(days=n) for n in range(6, -1, -1)]
    assert rows == sum(ComputedDay.objects.values_list("rows", flat=True))


def test_a_history_is_computed_day_by_day_once_each():
    done = reports_history_task.call(since="2026-11-01", until="2026-11-05")
    reports_history_task.call(since="2026-11-04", until="2026-11-05")

    assert done == 5
    assert sorted(ComputedDay.objects.values_list("day", flat=True)) == [
        datetime.date(2026, 11, n) for n in range(1, 6)
    ]


def test_the_demo_queues_its_year_of_figures_with_its_data():
    demo_load(fund="cnass-mr", members=20, seed=1, today=DAY)

    queued = DBTaskResult.objects.get(task_path="sanad.reports.tasks.reports_history_task")
    assert queued.args_kwargs["kwargs"] == {"since": "2025-11-18", "until": "2026-11-18"}


def test_the_command_computes_a_range_and_refuses_one_backwards():
    out = io.StringIO()
    call_command("reports_compute", "--since", "2026-11-01", "--until", "2026-11-03", stdout=out)

    assert ComputedDay.objects.count() == 3
    assert "2026-11-03:" in out.getvalue()
    with pytest.raises(CommandError, match="before"):
        call_command(
            "reports_compute", "--since", "2026-11-03", "--until", "2026-11-01", stdout=io.StringIO()
        )
