"""Time bar (forclusion)."""

from __future__ import annotations

from datetime import date

from sanad.adjudication.codes import Reason
from sanad.adjudication.dates import add_months
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import ClaimSnapshot

RULE = "time_bar"


def episode_end(snapshot: ClaimSnapshot) -> date:
    """The day the time bar counts from: discharge, else dispensing, else the last date of service."""
    if snapshot.discharge_date is not None:
        return snapshot.discharge_date
    if snapshot.dispensing_date is not None:
        return snapshot.dispensing_date
    return max(line.service_date for line in snapshot.lines)


def check_time_bar(received_on: date, episode_end: date, months: int) -> Finding | None:
    """A file received more than the profile's number of months after discharge or dispensing is
    time-barred and every line is rejected.

    Source: 002_* (CNOPS: "dans un délai maximum de trois mois après la sortie du malade, sinon le dossier
    est forclos"; pharmacies: 3 months from dispensing); the number of months comes from the profile.
    """
    if (received_on - episode_end).days <= 28 * months:  # fast path: no month is shorter than 28 days
        return None
    deadline = add_months(episode_end, months)
    if received_on <= deadline:
        return None
    return finding(
        Reason.TIME_BARRED, RULE, received=received_on, end=episode_end, months=months, deadline=deadline
    )
