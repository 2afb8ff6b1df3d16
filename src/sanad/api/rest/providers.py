"""Provider-network lookups for facilities' software: a facility by code, and whether it could bill on a
date. Facility staff see only their own facility; others do not exist for them (404)."""

from __future__ import annotations

import datetime

from ninja import Router, Schema

from sanad.providers import selectors

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
