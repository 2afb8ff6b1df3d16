"""Provider-network lookups for facilities' software: a facility by code, whether it could bill on a date,
and whether it may ask for an agreement or direct billing (and why not). Facility staff see only their own
facility; others do not exist for them (404)."""

from __future__ import annotations

import datetime

from ninja import Router, Schema

from sanad.funds.active import active_profile
from sanad.providers import selectors
from sanad.providers.eligibility import (
    agreement_eligibility,
    direct_billing_eligibility,
    direct_billing_is_automatic,
)

router = Router(tags=["providers"])


class FacilityOut(Schema):
    code: str
    name_fr: str
    name_ar: str
    kind: str
    sector: str
    level: str
    region: str
    health_directorate: str
    provider_identifier: str
    regulator_registration: str
    network_status: str


class BillingRightOut(Schema):
    facility: str
    on: datetime.date
    care_type: str
    allowed: bool
    reason: str
    message: str


class VerdictOut(Schema):
    eligible: bool
    message: str


class EligibilityOut(Schema):
    facility: str
    agreement: VerdictOut
    direct_billing: VerdictOut
    direct_billing_automatic: bool


@router.get("/facilities/{code}", response=FacilityOut)
def facility_lookup(request, code: str):
    """One facility by its code."""
    return selectors.facility_get(user=request.user, code=code)


@router.get("/facilities/{code}/billing-right", response=BillingRightOut)
def facility_billing_right(request, code: str, on: datetime.date, care_type: str):
    """Whether the facility could bill the fund for care of `care_type` given on `on`, and why not."""
    facility = selectors.facility_get(user=request.user, code=code)
    right = selectors.facility_can_bill(facility=facility, on=on, care_type=care_type)
    return {
        "facility": facility.code,
        "on": on,
        "care_type": care_type,
        "allowed": right.allowed,
        "reason": right.reason.value,
        "message": right.message,
    }


@router.get("/facilities/{code}/eligibility", response=EligibilityOut)
def facility_eligibility(request, code: str):
    """Whether the facility may ask the fund for an agreement and apply for direct billing; when it may not,
    the reason names its kind and sector. Asking records nothing."""
    facility = selectors.facility_get(user=request.user, code=code)
    profile = active_profile()
    agreement = agreement_eligibility(profile=profile, facility=facility)
    billing = direct_billing_eligibility(profile=profile, facility=facility)
    return {
        "facility": facility.code,
        "agreement": {"eligible": agreement.eligible, "message": agreement.message},
        "direct_billing": {"eligible": billing.eligible, "message": billing.message},
        "direct_billing_automatic": direct_billing_is_automatic(profile=profile, facility=facility),
    }
