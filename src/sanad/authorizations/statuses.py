"""Statuses of a prior-authorization request, with their transitions, and the words of its decisions.

Every change of status goes through `transition_check`: a change missing from the table raises.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.common.errors import DomainError, ErrorCode


class RequestStatus(models.TextChoices):
    # Incomplete: returned to the facility with the list of what is missing, its clock not started.
    RETURNED = "returned", _("Returned incomplete")
    PENDING = "pending", _("Awaiting decision")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_RESERVE = "approved_with_reserve", _("Approved with reserve")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")
    # A refusal or an approval with reserve appealed: back in the medical review queue, decided again by
    # another adviser, on its own answer clock.
    UNDER_APPEAL = "under_appeal", _("Under appeal")


class DecisionKind(models.TextChoices):
    """What a decision says (seed 002: a "document de prise en charge", definitive or "sous réserve")."""

    APPROVED = "approved", _("Approved")
    APPROVED_WITH_RESERVE = "approved_with_reserve", _("Approved with reserve")
    REFUSED = "refused", _("Refused")


class DecisionAction(models.TextChoices):
    """Why a decision was written: the first answer, or a change of an approval afterwards."""

    DECIDE = "decide", _("Decision")
    MODIFY = "modify", _("Modification")
    EXTEND = "extend", _("Extension")


class Admission(models.TextChoices):
    """Why the patient is admitted: the request's form must match it (seed 002)."""

    MEDICAL_STAY = "medical_stay", _("Inpatient stay in medicine")
    INTENSIVE_CARE = "intensive_care", _("Intensive care")
    INCUBATOR = "incubator", _("Incubator")
    SURGERY = "surgery", _("Surgery")
    DAY_HOSPITAL = "day_hospital", _("Day hospital")
    OUTPATIENT = "outpatient", _("Outpatient care")
    PHARMACY = "pharmacy", _("Pharmacy")
    EVACUATION = "evacuation", _("Medical evacuation")


class Counts(models.TextChoices):
    """What an approval counts, for the claims that use it."""

    DAYS = "days", _("days")
    SESSIONS = "sessions", _("sessions")
    CYCLES = "cycles", _("cycles")
    UNITS = "units", _("units")


class ItemKind(models.TextChoices):
    ACT = "act", _("Act")
    DRUG = "drug", _("Drug")
    DEVICE = "device", _("Device")


class Channel(models.TextChoices):
    FACILITY = "facility", _("Facility")
    PHARMACY = "pharmacy", _("Pharmacy")
    # Filed by the insured person at a branch, keyed in by a counter agent (seed 004).
    BRANCH = "branch", _("Branch of the fund")


# The branch counter's capability: the counter agents who file reimbursements for the insured at a branch
# file their prior-approval requests too, and follow the requests filed at a branch.
BRANCH_CAPABILITY = "authorizations.branch"
# The regional office's reception desk, which registers the batches handed in and gives the receipt, keeps
# the deposit and pick-up calendar and names each facility's contact.
CALENDAR_CAPABILITY = "authorizations.calendar"

S = RequestStatus
# From each status, the statuses it may change to.
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    # Completed and sent again; an emergency completed too late is refused.
    S.RETURNED: frozenset({S.PENDING, S.APPROVED, S.REFUSED}),
    # Appealed once, within the profile's `appeal_days`; decided again on appeal.
    S.REFUSED: frozenset({S.UNDER_APPEAL}),
    S.UNDER_APPEAL: frozenset({S.APPROVED, S.APPROVED_WITH_RESERVE, S.REFUSED}),
    S.PENDING: frozenset({S.INFORMATION_REQUESTED, S.APPROVED, S.APPROVED_WITH_RESERVE, S.REFUSED}),
    S.INFORMATION_REQUESTED: frozenset({S.PENDING, S.APPROVED, S.APPROVED_WITH_RESERVE, S.REFUSED}),
    # An approval may be modified or extended (it stays an approval) or cancelled, always audited.
    S.APPROVED: frozenset({S.APPROVED, S.APPROVED_WITH_RESERVE, S.CANCELLED}),
    S.APPROVED_WITH_RESERVE: frozenset({S.APPROVED, S.APPROVED_WITH_RESERVE, S.CANCELLED, S.UNDER_APPEAL}),
}
# Waiting for the fund: the adviser's queue.
OPEN: frozenset[RequestStatus] = frozenset({S.PENDING, S.INFORMATION_REQUESTED, S.UNDER_APPEAL})
APPROVALS: frozenset[RequestStatus] = frozenset({S.APPROVED, S.APPROVED_WITH_RESERVE})
DECIDED: frozenset[RequestStatus] = frozenset({*APPROVALS, S.REFUSED, S.CANCELLED})
# The decisions that may be appealed: a refusal, or an approval with reserve (a partial answer).
APPEALABLE: frozenset[str] = frozenset({DecisionKind.REFUSED, DecisionKind.APPROVED_WITH_RESERVE})


def transition_check(current: str, target: str) -> None:
    """A status may change only to one listed for it in the transition table."""
    if target not in TRANSITIONS.get(current, frozenset()):  # type: ignore[call-overload]
        labels = dict(RequestStatus.choices)
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            _("Cannot go from “%(from)s” to “%(to)s”.")
            % {"from": labels.get(current, current), "to": labels.get(target, target)},
            field="status",
        )


# What each recorded action is called on a request's timeline.
ACTION_LABELS = {
    "authorization_submit": _("Request received"),
    "authorization_return": _("Returned incomplete"),
    "authorization_complete": _("Complete: the answer clock starts"),
    "authorization_rule_check": _("Automatic rule checked: an adviser decides"),
    "authorization_resubmit": _("Request completed and sent again"),
    "authorization_document_add": _("Document added"),
    "authorization_auto_approve": _("Approved automatically"),
    "authorization_late_refuse": _("Refused: emergency request after the deadline"),
    "authorization_approve": _("Approved"),
    "authorization_approve_with_reserve": _("Approved with reserve"),
    "authorization_refuse": _("Refused"),
    "authorization_information_request": _("Information requested"),
    "authorization_information_answer": _("Information given"),
    "authorization_modify": _("Approval modified"),
    "authorization_extend": _("Approval extended"),
    "authorization_cancel": _("Approval cancelled"),
    "authorization_dispense": _("Drugs handed over by the fund's pharmacy"),
    "authorization_batch_hand_in": _("Handed in with a batch"),
    "medical_report_read": _("Medical report read"),
    "authorization_branch_file": _("Filed at a branch for the insured person"),
    "authorization_appeal_file": _("Appeal filed"),
    "authorization_appeal_approve": _("Approved on appeal"),
    "authorization_appeal_approve_with_reserve": _("Approved with reserve on appeal"),
    "authorization_appeal_refuse": _("Refused on appeal"),
}
