"""Statuses of the accreditation and agreement workflow and of direct-billing access, with their transitions.

Every change of status goes through `transition_check`: a change missing from a table raises.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.common.errors import DomainError, ErrorCode


class AgreementStatus(models.TextChoices):
    """The steps of the CNASS accreditation and agreement procedure (seed 001), then the agreement's life."""

    REQUESTED = "requested", _("Requested")
    MISSION_ANNOUNCED = "mission_announced", _("Mission announced")
    MISSION_DONE = "mission_done", _("Mission done")
    REPORT_SHARED = "report_shared", _("Report shared")
    APPROVED = "approved", _("Agreement letter sent")
    REFUSED = "refused", _("Refused")
    DRAFT_SENT = "draft_sent", _("Draft agreement sent")
    ACTIVE = "active", _("Active agreement")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


class DirectBillingStatus(models.TextChoices):
    """Direct-billing access (tiers payant, CNOPS seed 002)."""

    APPLIED = "applied", _("Applied")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


class FacilityNetworkStatus(models.TextChoices):
    """Where a facility stands in the network, kept on the facility so that lists filter on an index."""

    NONE = "none", _("Not in the network")
    IN_PROGRESS = "in_progress", _("Request in progress")
    REFUSED = "refused", _("Refused")
    ACTIVE = "active", _("Under agreement")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


class SignatoryParty(models.TextChoices):
    """The three parties who sign a CNASS agreement, in any order."""

    FUND = "fund", _("Fund")
    DIRECTORATE = "directorate", _("Regional health directorate")
    FACILITY = "facility", _("Facility")


A = AgreementStatus
D = DirectBillingStatus

# The transition table: each action, the statuses it may start from and the status it leads to.
AGREEMENT_STEPS: dict[str, tuple[frozenset[AgreementStatus], AgreementStatus]] = {
    "agreement_mission_announce": (frozenset({A.REQUESTED}), A.MISSION_ANNOUNCED),
    "agreement_mission_record": (frozenset({A.MISSION_ANNOUNCED}), A.MISSION_DONE),
    "agreement_report_share": (frozenset({A.MISSION_DONE}), A.REPORT_SHARED),
    "agreement_approve": (frozenset({A.REPORT_SHARED}), A.APPROVED),
    "agreement_refuse": (frozenset({A.REPORT_SHARED}), A.REFUSED),
    "agreement_draft_send": (frozenset({A.APPROVED}), A.DRAFT_SENT),
    # Signatures are recorded while the draft is out; the third one makes the agreement active.
    "agreement_activate": (frozenset({A.DRAFT_SENT}), A.ACTIVE),
    "agreement_suspend": (frozenset({A.ACTIVE}), A.SUSPENDED),
    "agreement_reinstate": (frozenset({A.SUSPENDED}), A.ACTIVE),
    # A renewal adds a validity period and leaves the agreement active.
    "agreement_renew": (frozenset({A.ACTIVE}), A.ACTIVE),
    "agreement_terminate": (frozenset({A.ACTIVE, A.SUSPENDED}), A.TERMINATED),
}
DIRECT_BILLING_STEPS: dict[str, tuple[frozenset[DirectBillingStatus], DirectBillingStatus]] = {
    "direct_billing_grant": (frozenset({D.APPLIED}), D.GRANTED),
    "direct_billing_reject": (frozenset({D.APPLIED}), D.REJECTED),
    "direct_billing_suspend": (frozenset({D.GRANTED}), D.SUSPENDED),
    "direct_billing_reinstate": (frozenset({D.SUSPENDED}), D.GRANTED),
    "direct_billing_terminate": (frozenset({D.GRANTED, D.SUSPENDED}), D.TERMINATED),
}


def _table(steps: dict) -> dict:
    statuses = {status for starts, target in steps.values() for status in (*starts, target)}
    return {s: frozenset(t for starts, t in steps.values() if s in starts) for s in statuses}


# From each status, the statuses it may change to (derived from the steps above).
AGREEMENT_TRANSITIONS: dict[AgreementStatus, frozenset[AgreementStatus]] = _table(AGREEMENT_STEPS)
DIRECT_BILLING_TRANSITIONS: dict[DirectBillingStatus, frozenset[DirectBillingStatus]] = _table(
    DIRECT_BILLING_STEPS
)

# Steps before the decision, when the 2-week processing clock runs.
AGREEMENT_CLOCK_RUNNING: frozenset[AgreementStatus] = frozenset(
    {A.REQUESTED, A.MISSION_ANNOUNCED, A.MISSION_DONE, A.REPORT_SHARED}
)
# Steps shown on the workflow board, in order.
AGREEMENT_BOARD_STEPS: tuple[AgreementStatus, ...] = (
    A.REQUESTED,
    A.MISSION_ANNOUNCED,
    A.MISSION_DONE,
    A.REPORT_SHARED,
    A.APPROVED,
    A.DRAFT_SENT,
)

NETWORK_STATUS_OF: dict[AgreementStatus, FacilityNetworkStatus] = {
    **dict.fromkeys(AGREEMENT_BOARD_STEPS, FacilityNetworkStatus.IN_PROGRESS),
    A.REFUSED: FacilityNetworkStatus.REFUSED,
    A.ACTIVE: FacilityNetworkStatus.ACTIVE,
    A.SUSPENDED: FacilityNetworkStatus.SUSPENDED,
    A.TERMINATED: FacilityNetworkStatus.TERMINATED,
}


def transition_check(
    table: dict[AgreementStatus, frozenset[AgreementStatus]]
    | dict[DirectBillingStatus, frozenset[DirectBillingStatus]],
    current: str,
    target: str,
) -> None:
    """A status may change only to one listed for it in its transition table."""
    allowed = table.get(current, frozenset())  # type: ignore[call-overload]
    if target not in allowed:
        raise illegal_transition(current, target)


def step_check(steps: dict, action: str, current: str) -> str:
    """An action runs only from the statuses listed for it; it returns the status it leads to."""
    starts, target = steps[action]
    if current not in starts:
        raise illegal_transition(current, target)
    return target


def illegal_transition(current: str, target: str) -> DomainError:
    """The error that names both ends of a refused change of status."""
    labels = {**dict(AgreementStatus.choices), **dict(DirectBillingStatus.choices)}
    return DomainError(
        ErrorCode.ILLEGAL_TRANSITION,
        _("Cannot go from “%(from)s” to “%(to)s”.")
        % {"from": labels.get(current, current), "to": labels.get(target, target)},
        field="status",
    )


# What each recorded action is called on a timeline.
ACTION_LABELS = {
    "agreement_request": _("Request received, copy to the regional health directorate"),
    "agreement_mission_announce": _("Letter announcing the accreditation mission"),
    "agreement_mission_record": _("Accreditation mission"),
    "agreement_report_share": _("Report shared with the directorate and the facility"),
    "agreement_approve": _("Letter of agreement"),
    "agreement_refuse": _("Letter of refusal"),
    "agreement_draft_send": _("Draft agreement sent"),
    "agreement_sign": _("Signature"),
    "agreement_activate": _("Agreement in force"),
    "agreement_suspend": _("Agreement suspended"),
    "agreement_reinstate": _("Agreement reinstated"),
    "agreement_renew": _("Agreement renewed"),
    "agreement_terminate": _("Agreement terminated"),
    "direct_billing_apply": _("Application for direct billing"),
    "direct_billing_admit": _("Admitted to direct billing automatically"),
    "direct_billing_grant": _("Direct billing granted"),
    "direct_billing_reject": _("Direct billing rejected"),
    "direct_billing_suspend": _("Direct billing suspended"),
    "direct_billing_reinstate": _("Direct billing reinstated"),
    "direct_billing_terminate": _("Direct billing terminated"),
}
