"""Whether a facility could bill the fund directly on a date, and why not: the pre-check facilities' software
and the reimbursement desk ask; the claims engine reads the same billing days (`billing_days`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.models import AgreementRequest, DirectBillingAccess, Facility
from sanad.providers.selectors.billing_days import BillingDays, billing_days, spans_cover
from sanad.providers.statuses import AGREEMENT_BOARD_STEPS, AgreementStatus, DirectBillingStatus


class BillingReason(models.TextChoices):
    AGREEMENT = "agreement", _("An agreement was in force on that date.")
    DIRECT_BILLING = "direct_billing", _("Direct-billing access was granted on that date.")
    UNKNOWN_CARE_TYPE = "unknown_care_type", _("This care type is unknown to the fund.")
    NO_AGREEMENT = "no_agreement", _("No agreement and no direct-billing access.")
    NOT_YET_IN_FORCE = "not_yet_in_force", _("The agreement or access was not yet in force on that date.")
    IN_PROGRESS = "in_progress", _("The request was still being processed on that date.")
    REFUSED = "refused", _("The request was refused.")
    EXPIRED = "expired", _("The agreement had expired on that date.")
    SUSPENDED = "suspended", _("The agreement or access was suspended on that date.")
    TERMINATED = "terminated", _("The agreement or access had been terminated by that date.")


@dataclass(frozen=True, slots=True)
class BillingRight:
    allowed: bool
    reason: BillingReason
    message: str


# When several records explain a refusal, the most telling one is given.
_PRIORITY = (
    BillingReason.SUSPENDED,
    BillingReason.EXPIRED,
    BillingReason.TERMINATED,
    BillingReason.IN_PROGRESS,
    BillingReason.REFUSED,
    BillingReason.NOT_YET_IN_FORCE,
)


def _right(reason: BillingReason) -> BillingRight:
    allowed = reason in (BillingReason.AGREEMENT, BillingReason.DIRECT_BILLING)
    return BillingRight(allowed=allowed, reason=reason, message=str(reason.label))


def _status_on(events, on: date) -> str | None:
    """The status in force on `on`: the target of the last step dated on or before it."""
    status = None
    for event in events:  # ordered by date, then by order of recording
        if event.on > on:
            break
        status = event.to_status
    return status


def _agreement_reason(request: AgreementRequest, on: date) -> BillingReason:
    status = _status_on(request.events.all(), on)
    if status is None:
        return BillingReason.NOT_YET_IN_FORCE
    if status == AgreementStatus.ACTIVE:
        periods = request.periods.all()
        if any(p.valid_from <= on <= p.valid_to for p in periods):
            return BillingReason.AGREEMENT
        return (
            BillingReason.EXPIRED if any(on > p.valid_to for p in periods) else BillingReason.NOT_YET_IN_FORCE
        )
    if status in AGREEMENT_BOARD_STEPS:
        return BillingReason.IN_PROGRESS
    return {
        AgreementStatus.REFUSED: BillingReason.REFUSED,
        AgreementStatus.SUSPENDED: BillingReason.SUSPENDED,
        AgreementStatus.TERMINATED: BillingReason.TERMINATED,
    }[AgreementStatus(status)]


def _direct_billing_reason(access: DirectBillingAccess, on: date) -> BillingReason:
    status = _status_on(access.events.all(), on)
    return {
        None: BillingReason.NOT_YET_IN_FORCE,
        DirectBillingStatus.APPLIED: BillingReason.IN_PROGRESS,
        DirectBillingStatus.GRANTED: BillingReason.DIRECT_BILLING,
        DirectBillingStatus.REJECTED: BillingReason.REFUSED,
        DirectBillingStatus.SUSPENDED: BillingReason.SUSPENDED,
        DirectBillingStatus.TERMINATED: BillingReason.TERMINATED,
    }[status]


def facility_can_bill(
    *, facility: Facility, on: date, care_type: str, profile: FundProfile | None = None
) -> BillingRight:
    """A facility may bill the fund for care given on a date when an agreement was in force on that date
    (signed, within a validity period, neither suspended nor terminated) or, where the profile does not
    require an agreement (`agreements.required_to_bill`: seed 002, CNOPS), its direct-billing access was
    granted and not suspended or terminated; every care type of the profile is covered alike."""
    profile = profile or active_profile()
    if care_type not in {ct.code for ct in profile.care_types}:
        return _right(BillingReason.UNKNOWN_CARE_TYPE)
    # Allowed or not: from the billing days the claims engine reads too (one reading, the same answer).
    days = billing_days([facility.pk]).get(facility.pk, BillingDays())
    if spans_cover(days.agreement, on):
        return _right(BillingReason.AGREEMENT)
    if not profile.agreements.required_to_bill and spans_cover(days.direct, on):
        return _right(BillingReason.DIRECT_BILLING)
    # Why not: the status of each record on that date.
    reasons: list[BillingReason] = []
    agreements = AgreementRequest.objects.filter(facility=facility).prefetch_related("events", "periods")
    for request in agreements:
        reasons.append(_agreement_reason(request, on))
    for access in DirectBillingAccess.objects.filter(facility=facility).prefetch_related("events"):
        reasons.append(_direct_billing_reason(access, on))
    for reason in _PRIORITY:
        if reason in reasons:
            return _right(reason)
    return _right(BillingReason.NO_AGREEMENT)
