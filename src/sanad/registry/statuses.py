"""Statuses of an enrollment and the transition table every change of status goes through."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.errors import DomainError, ErrorCode


class EnrollmentStatus(models.TextChoices):
    """Seed 003: data entry, check of the register, then the rights certificate (or a refusal)."""

    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    CHECKED = "checked", gettext_lazy("Checked")
    CERTIFIED = "certified", gettext_lazy("Certified")
    REJECTED = "rejected", gettext_lazy("Rejected")


E = EnrollmentStatus

# Each action, the statuses it may start from and the status it leads to.
ENROLLMENT_STEPS: dict[str, tuple[frozenset[EnrollmentStatus], EnrollmentStatus]] = {
    "enrollment_submit": (frozenset({E.DRAFT}), E.SUBMITTED),
    "enrollment_check": (frozenset({E.SUBMITTED}), E.CHECKED),
    "enrollment_certify": (frozenset({E.CHECKED}), E.CERTIFIED),
    "enrollment_reject": (frozenset({E.SUBMITTED, E.CHECKED}), E.REJECTED),
}

# From each status, the statuses it may change to (derived from the steps above).
ENROLLMENT_TRANSITIONS: dict[EnrollmentStatus, frozenset[EnrollmentStatus]] = {
    status: frozenset(target for starts, target in ENROLLMENT_STEPS.values() if status in starts)
    for status in EnrollmentStatus
}

# While the enrollment waits for the fund, its 30-day processing clock runs (seed 003).
ENROLLMENT_CLOCK_RUNNING: frozenset[EnrollmentStatus] = frozenset({E.SUBMITTED, E.CHECKED})


def enrollment_step_check(action: str, current: str) -> EnrollmentStatus:
    """An action runs only from the statuses listed for it; it returns the status it leads to."""
    if action not in ENROLLMENT_STEPS:
        raise DomainError(ErrorCode.INVALID, field="action")
    starts, target = ENROLLMENT_STEPS[action]
    if current not in starts:
        labels = dict(EnrollmentStatus.choices)
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            _("Cannot go from “%(from)s” to “%(to)s”.")
            % {"from": labels.get(current, current), "to": labels[target]},
            field="status",
        )
    return target
