"""The enrollments waiting for the fund and their 30-day processing clock (seed 003)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from sanad.registry.models import Enrollment
from sanad.registry.statuses import ENROLLMENT_CLOCK_RUNNING


def enrollments_overdue(*, today: date) -> QuerySet[Enrollment]:
    """Open enrollments whose due date has passed, oldest due first (index: status, due_on)."""
    return (
        Enrollment.objects.filter(status__in=ENROLLMENT_CLOCK_RUNNING, due_on__lt=today)
        .select_related("member")
        .order_by("due_on", "id")
    )


def enrollment_days_left(enrollment: Enrollment, *, today: date) -> int | None:
    """Calendar days until the decision is due; negative once overdue; None when the clock is stopped."""
    if enrollment.status not in ENROLLMENT_CLOCK_RUNNING or enrollment.due_on is None:
        return None
    return (enrollment.due_on - today).days
