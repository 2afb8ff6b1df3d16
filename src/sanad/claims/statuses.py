"""Statuses of a billing file and the transition table every change of status goes through."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.adjudication import Routing
from sanad.common.errors import DomainError, ErrorCode


class CareType(models.TextChoices):
    OUTPATIENT = "outpatient", gettext_lazy("Outpatient")
    INPATIENT = "inpatient", gettext_lazy("Inpatient")
    DAY_HOSPITAL = "day_hospital", gettext_lazy("Day hospital")


class LineKind(models.TextChoices):
    ACT = "act", gettext_lazy("Act")
    DRUG = "drug", gettext_lazy("Drug")
    DEVICE = "device", gettext_lazy("Device")


class Channel(models.TextChoices):
    DIRECT_BILLING = "direct_billing", gettext_lazy("Direct billing by the facility")
    REIMBURSEMENT = "reimbursement", gettext_lazy("Reimbursement of the insured")


class FileStatus(models.TextChoices):
    """Where a billing file stands in the fund's pipeline (issue 7, item 4)."""

    RECEIVED = "received", gettext_lazy("Received")
    ADJUDICATED = "adjudicated", gettext_lazy("Adjudicated")
    ADMIN_CHECK = "admin_check", gettext_lazy("Administrative check")
    MEDICAL_REVIEW = "medical_review", gettext_lazy("Medical review")
    VALIDATED = "validated", gettext_lazy("Validated")
    REJECTED = "rejected", gettext_lazy("Rejected")


class Outcome(models.TextChoices):
    """The engine's status of a file or a line, as stored."""

    ACCEPTED = "accepted", gettext_lazy("Accepted")
    REDUCED = "reduced", gettext_lazy("Reduced")
    REJECTED = "rejected", gettext_lazy("Rejected")
    TO_REVIEW = "to_review", gettext_lazy("To review")


class RoutingChoice(models.TextChoices):
    AUTO_APPROVE = "auto_approve", gettext_lazy("Validated automatically")
    ADMINISTRATIVE_CHECK = "administrative_check", gettext_lazy("Administrative check")
    MEDICAL_REVIEW = "medical_review", gettext_lazy("Medical review")
    REJECT = "reject", gettext_lazy("Rejected")


class PayeeChoice(models.TextChoices):
    FACILITY = "facility", gettext_lazy("Facility")
    INSURED = "insured", gettext_lazy("Insured person")


F = FileStatus

# Each action, the statuses it may start from and the status it leads to.
FILE_STEPS: dict[str, tuple[frozenset[FileStatus], FileStatus]] = {
    "billing_file_adjudicate": (frozenset({F.RECEIVED}), F.ADJUDICATED),
    "billing_file_validate_auto": (frozenset({F.ADJUDICATED}), F.VALIDATED),
    "billing_file_route_admin_check": (frozenset({F.ADJUDICATED}), F.ADMIN_CHECK),
    "billing_file_route_medical_review": (frozenset({F.ADJUDICATED, F.ADMIN_CHECK}), F.MEDICAL_REVIEW),
    "billing_file_reject_auto": (frozenset({F.ADJUDICATED}), F.REJECTED),
    "billing_file_validate": (frozenset({F.ADMIN_CHECK, F.MEDICAL_REVIEW}), F.VALIDATED),
    "billing_file_reject": (frozenset({F.ADMIN_CHECK, F.MEDICAL_REVIEW}), F.REJECTED),
}

# From each status, the statuses it may change to (derived from the steps above).
FILE_TRANSITIONS: dict[FileStatus, frozenset[FileStatus]] = {
    status: frozenset(target for starts, target in FILE_STEPS.values() if status in starts)
    for status in FileStatus
}

# After the engine's decision, the step its routing takes.
ROUTING_STEP: dict[Routing, str] = {
    Routing.AUTO_APPROVE: "billing_file_validate_auto",
    Routing.ADMINISTRATIVE_CHECK: "billing_file_route_admin_check",
    Routing.MEDICAL_REVIEW: "billing_file_route_medical_review",
    Routing.REJECT: "billing_file_reject_auto",
}


def file_step_check(action: str, current: str) -> FileStatus:
    """An action runs only from the statuses listed for it; it returns the status it leads to."""
    if action not in FILE_STEPS:
        raise DomainError(ErrorCode.INVALID, field="action")
    starts, target = FILE_STEPS[action]
    if current not in starts:
        labels = dict(FileStatus.choices)
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            _("Cannot go from “%(from)s” to “%(to)s”.")
            % {"from": labels.get(current, current), "to": labels[target]},
            field="status",
        )
    return target
