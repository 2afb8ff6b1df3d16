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
    # The record was a second one of a person already in the register: closed, kept for the trace.
    MERGED = "merged", gettext_lazy("Merged into another record")


class RefusalReason(models.TextChoices):
    """Why the enrollment officer refuses an enrollment (seed 003: the check of the file before the
    certificate); the member is told in plain words by SMS."""

    DOCUMENTS = "documents", gettext_lazy("Identity document missing or not valid")
    NOT_ELIGIBLE = "not_eligible", gettext_lazy("Not eligible for the scheme")
    ALREADY_ENROLLED = "already_enrolled", gettext_lazy("Already enrolled under another number")
    UNVERIFIED = "unverified", gettext_lazy("Information on the file could not be verified")
    OTHER = "other", gettext_lazy("Other reason (given in the note)")


E = EnrollmentStatus

# Each action, the statuses it may start from and the status it leads to.
ENROLLMENT_STEPS: dict[str, tuple[frozenset[EnrollmentStatus], EnrollmentStatus]] = {
    "enrollment_submit": (frozenset({E.DRAFT}), E.SUBMITTED),
    "enrollment_check": (frozenset({E.SUBMITTED}), E.CHECKED),
    "enrollment_certify": (frozenset({E.CHECKED}), E.CERTIFIED),
    "enrollment_reject": (frozenset({E.SUBMITTED, E.CHECKED}), E.REJECTED),
    # A refusal can be taken back (new papers, a mistake): the file is examined again, on a new clock.
    "enrollment_reopen": (frozenset({E.REJECTED}), E.SUBMITTED),
    # The second record of a person is closed by the merge; a certified one keeps its decision (the
    # member record itself is marked merged).
    "enrollment_merge": (frozenset({E.DRAFT, E.SUBMITTED, E.CHECKED, E.REJECTED}), E.MERGED),
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
