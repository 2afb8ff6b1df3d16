"""The agreement workflow's processing clock: 2 weeks, counted in the profile's working days (seed 001)."""

from __future__ import annotations

from datetime import date, datetime

from sanad.funds.calendar import deadline, working_days_between
from sanad.funds.types import FundProfile
from sanad.providers.statuses import AGREEMENT_CLOCK_RUNNING


def agreement_due_on(profile: FundProfile, requested_on: date) -> date:
    """A decision is due when the profile's processing clock, started on the request date, runs out."""
    start = datetime.combine(requested_on, datetime.min.time())
    return deadline(profile, start, profile.agreements.processing_clock).date()


def agreement_is_overdue(request, today: date) -> bool:
    """A request is overdue when no decision was taken by its due date."""
    return request.status in AGREEMENT_CLOCK_RUNNING and today > request.due_on


def working_days_left(profile: FundProfile, request, today: date) -> int:
    """Working days from today to the due date; negative once overdue."""
    return working_days_between(profile, today, request.due_on)
