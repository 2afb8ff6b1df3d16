"""Statuses of a billing file and the transition table every change of status goes through."""

from __future__ import annotations

from typing import Any

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
    """Where a billing file stands: at the facility (draft, submitted in a batch), then in the fund's
    pipeline."""

    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    RECEIVED = "received", gettext_lazy("Received")
    ADJUDICATED = "adjudicated", gettext_lazy("Adjudicated")
    ADMIN_CHECK = "admin_check", gettext_lazy("Administrative check")
    MEDICAL_REVIEW = "medical_review", gettext_lazy("Medical review")
    VALIDATED = "validated", gettext_lazy("Validated")
    REJECTED = "rejected", gettext_lazy("Rejected")
    # A draft the facility cancelled before sending it: kept, never sent, never decided.
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


class SheetStatus(models.TextChoices):
    """A care sheet is open (it can be corrected until its billing file is submitted) or cancelled (kept,
    with the reason, never billed)."""

    OPEN = "open", gettext_lazy("Open")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


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


class SubmittedVia(models.TextChoices):
    """Who handed the file to the fund."""

    FACILITY = "facility", gettext_lazy("Facility, in a batch")
    BRANCH = "branch", gettext_lazy("Insured person, at a branch")
    SELF_SERVICE = "self_service", gettext_lazy("Insured person, online")


class DecisionSource(models.TextChoices):
    ENGINE = "engine", gettext_lazy("Automatic adjudication")
    CHECKER = "checker", gettext_lazy("Administrative check")
    ADVISER = "adviser", gettext_lazy("Medical review")


class ReviewReason(models.TextChoices):
    """Why a checker or a medical adviser reduces or rejects a line or a file."""

    NOT_PER_PROTOCOL = "not_per_protocol", gettext_lazy("Not in line with the treatment protocol")
    NOT_JUSTIFIED = "not_justified", gettext_lazy("Not medically justified")
    QUANTITY_EXCESSIVE = "quantity_excessive", gettext_lazy("Quantity above what the care required")
    NOT_PERFORMED = "not_performed", gettext_lazy("Service not proven to have been given")
    DOCUMENTS_MISSING = "documents_missing", gettext_lazy("Supporting documents missing")
    DOCUMENTS_INCONSISTENT = "documents_inconsistent", gettext_lazy("Documents inconsistent with the bill")
    TARIFF_EXCEEDED = "tariff_exceeded", gettext_lazy("Billed above the agreed tariff")
    NOT_COVERED = "not_covered", gettext_lazy("Not in the benefit package")
    OTHER = "other", gettext_lazy("Other reason (see the note)")


# The finding codes of a person's decision on a line, stored beside the engine's reason codes.
REVIEW_REDUCED = "review_reduced"
REVIEW_REJECTED = "review_rejected"


class LineVerdict(models.TextChoices):
    """The adviser's decision on one line."""

    ACCEPT = "accept", gettext_lazy("Accept")
    REDUCE = "reduce", gettext_lazy("Reduce")
    REJECT = "reject", gettext_lazy("Reject")


class BatchStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Being prepared")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    RECEIVED = "received", gettext_lazy("Received by the fund")


class DocumentKind(models.TextChoices):
    """The supporting documents of a billing file (DOMAIN.md: what a billing file holds)."""

    INVOICE = "invoice", gettext_lazy("Invoice")
    PRESCRIPTION = "prescription", gettext_lazy("Prescription")
    RESULTS = "results", gettext_lazy("Results (laboratory, imaging)")
    HOSPITAL_REPORT = "hospital_report", gettext_lazy("Hospital report")
    OPERATING_REPORT = "operating_report", gettext_lazy("Operating report")
    AUTHORIZATION = "authorization", gettext_lazy("Prior authorization form")
    BARCODES = "barcodes", gettext_lazy("Barcode stickers of the drugs")
    RECEIPT = "receipt", gettext_lazy("Receipt of payment (reimbursement)")
    # Kept apart: only medical advisers may open it.
    MEDICAL_ENVELOPE = "medical_envelope", gettext_lazy("Confidential medical envelope")


CONFIDENTIAL_DOCUMENTS = frozenset({DocumentKind.MEDICAL_ENVELOPE})


class ComplainantKind(models.TextChoices):
    INSURED = "insured", gettext_lazy("Insured person")
    FACILITY = "facility", gettext_lazy("Facility")


class ComplaintStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    ANSWERED = "answered", gettext_lazy("Answered")


class PayeeChoice(models.TextChoices):
    FACILITY = "facility", gettext_lazy("Facility")
    INSURED = "insured", gettext_lazy("Insured person")


F = FileStatus

# Each action, the statuses it may start from and the status it leads to.
FILE_STEPS: dict[str, tuple[frozenset[FileStatus], FileStatus]] = {
    "billing_file_submit": (frozenset({F.DRAFT}), F.SUBMITTED),
    # The facility cancels a draft it never sent (kept, with the reason); a file sent is never cancelled.
    "billing_file_cancel": (frozenset({F.DRAFT}), F.CANCELLED),
    # The facility recalls its batch before the fund received it: its files are drafts again.
    "billing_file_recall": (frozenset({F.SUBMITTED}), F.DRAFT),
    "billing_file_receive": (frozenset({F.SUBMITTED}), F.RECEIVED),
    "billing_file_adjudicate": (frozenset({F.RECEIVED}), F.ADJUDICATED),
    "billing_file_validate_auto": (frozenset({F.ADJUDICATED}), F.VALIDATED),
    "billing_file_route_admin_check": (frozenset({F.ADJUDICATED}), F.ADMIN_CHECK),
    "billing_file_route_medical_review": (frozenset({F.ADJUDICATED, F.ADMIN_CHECK}), F.MEDICAL_REVIEW),
    "billing_file_reject_auto": (frozenset({F.ADJUDICATED}), F.REJECTED),
    "billing_file_validate": (frozenset({F.ADMIN_CHECK, F.MEDICAL_REVIEW}), F.VALIDATED),
    "billing_file_reject": (frozenset({F.ADMIN_CHECK, F.MEDICAL_REVIEW}), F.REJECTED),
    # A complaint upheld sends a decided file back through adjudication.
    "billing_file_reopen": (frozenset({F.VALIDATED, F.REJECTED}), F.RECEIVED),
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


S = SheetStatus

# The care sheet's actions at the desk: each from the statuses it may start from to the status it leads to.
# Either is also refused once the sheet's billing file has left the draft (see services/corrections.py).
SHEET_STEPS: dict[str, tuple[frozenset[SheetStatus], SheetStatus]] = {
    "care_sheet_edit": (frozenset({S.OPEN}), S.OPEN),
    "care_sheet_cancel": (frozenset({S.OPEN}), S.CANCELLED),
}

# What each action recorded in the audit trail did, said to the second of two people acting on one object
# at once (common.guards.conflict_error): %(who)s, %(when)s and the values the action recorded.
DONE: dict[str, Any] = {
    "care_sheet_edit": gettext_lazy("%(who)s changed this care sheet on %(when)s."),
    "care_sheet_cancel": gettext_lazy("%(who)s cancelled this care sheet on %(when)s (reason: %(reason)s)."),
    "billing_file_create": gettext_lazy(
        "%(who)s billed this care sheet on %(when)s (invoice %(invoice_number)s)."
    ),
    "billing_file_edit": gettext_lazy(
        "%(who)s changed this billing file on %(when)s (invoice %(invoice_number)s)."
    ),
    "billing_file_cancel": gettext_lazy(
        "%(who)s cancelled this billing file on %(when)s (reason: %(reason)s)."
    ),
    "billing_file_submit": gettext_lazy("%(who)s submitted this billing file to the fund on %(when)s."),
    "billing_file_recall": gettext_lazy("%(who)s recalled this billing file from the fund on %(when)s."),
    "billing_file_receive": gettext_lazy("%(who)s registered the receipt of this billing file on %(when)s."),
    "batch_files_add": gettext_lazy("%(who)s added files to this batch on %(when)s."),
    "batch_files_remove": gettext_lazy("%(who)s took files out of this batch on %(when)s."),
    "batch_submit": gettext_lazy("%(who)s submitted this batch on %(when)s."),
    "batch_recall": gettext_lazy("%(who)s recalled this batch on %(when)s."),
    "batch_receive": gettext_lazy(
        "%(who)s registered the receipt of this batch on %(when)s (receipt %(receipt_number)s)."
    ),
}


def sheet_step_check(action: str, current: str) -> SheetStatus:
    """A care sheet's action runs only from the statuses listed for it; it returns the status it leads to."""
    starts, target = SHEET_STEPS[action]
    if current not in starts:
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            _("The care sheet is “%(status)s”: it can no longer be changed.")
            % {"status": SheetStatus(current).label},
            field="status",
        )
    return target


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
