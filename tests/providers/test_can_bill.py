"""facility_can_bill: an agreement in force or direct-billing access on the date of care, and why not."""

from datetime import date

import pytest

from sanad.providers import services
from sanad.providers.selectors import BillingReason, facility_can_bill

from .test_workflow import walk_to_draft

R = BillingReason


@pytest.fixture
def agreed(cnass, make_facility):
    """A health centre whose agreement was signed on 13 March 2026, for 36 months."""
    facility = make_facility()
    request = services.agreement_request(
        actor=None, facility=facility, requested_on=date(2026, 3, 2), profile=cnass
    )
    walk_to_draft(request)
    for party in ("fund", "directorate", "facility"):
        request = services.agreement_sign(actor=None, request=request, party=party, on=date(2026, 3, 13))
    return facility, request


def right(facility, on, profile, care_type="outpatient"):
    return facility_can_bill(facility=facility, on=on, care_type=care_type, profile=profile)


def test_it_allows_billing_within_the_validity_period(cnass, agreed):
    facility, _request = agreed
    verdict = right(facility, date(2026, 3, 13), cnass)
    assert verdict.allowed and verdict.reason == R.AGREEMENT
    assert right(facility, date(2029, 3, 12), cnass).allowed


@pytest.mark.parametrize(
    ("on", "reason"),
    [
        (date(2026, 3, 1), R.NOT_YET_IN_FORCE),  # before the request
        (date(2026, 3, 4), R.IN_PROGRESS),  # during the procedure
        (date(2026, 3, 12), R.IN_PROGRESS),  # two of three signatures missing still
        (date(2029, 3, 13), R.EXPIRED),
    ],
)
def test_it_refuses_outside_the_agreement_and_says_why(cnass, agreed, on, reason):
    facility, _request = agreed
    verdict = right(facility, on, cnass)
    assert not verdict.allowed
    assert verdict.reason == reason
    assert verdict.message == str(reason.label)


def test_a_suspension_stops_billing_until_reinstatement(cnass, agreed):
    facility, request = agreed
    services.agreement_suspend(actor=None, request=request, on=date(2026, 6, 1), reason="Audit")
    services.agreement_reinstate(actor=None, request=request, on=date(2026, 7, 1), reason="Corrected")

    assert right(facility, date(2026, 5, 31), cnass).allowed
    assert right(facility, date(2026, 6, 1), cnass).reason == R.SUSPENDED
    assert right(facility, date(2026, 7, 1), cnass).allowed


def test_a_termination_stops_billing_from_its_date(cnass, agreed):
    facility, request = agreed
    services.agreement_terminate(actor=None, request=request, on=date(2027, 1, 1), reason="Closed")

    assert right(facility, date(2026, 12, 31), cnass).allowed
    assert right(facility, date(2027, 1, 1), cnass).reason == R.TERMINATED


def test_an_unknown_care_type_is_refused(cnass, agreed):
    facility, _request = agreed
    assert right(facility, date(2026, 4, 1), cnass, care_type="space_travel").reason == R.UNKNOWN_CARE_TYPE


def test_a_facility_with_nothing_cannot_bill(cnass, make_facility):
    assert right(make_facility(), date(2026, 4, 1), cnass).reason == R.NO_AGREEMENT


def test_direct_billing_access_allows_billing_from_its_grant(cnops, make_facility):
    clinic = make_facility("private_clinic", "private", region="MA-06")
    access = services.direct_billing_apply(
        actor=None,
        facility=clinic,
        applied_on=date(2026, 3, 2),
        bank_account="011519000001205000534921",
        registration_sheet="ANAM-1",
        profile=cnops,
    )
    assert right(clinic, date(2026, 3, 10), cnops).reason == R.IN_PROGRESS
    services.direct_billing_decide(actor=None, access=access, on=date(2026, 3, 20), grant=True)

    assert right(clinic, date(2026, 3, 19), cnops).reason == R.IN_PROGRESS
    assert right(clinic, date(2026, 3, 20), cnops, care_type="inpatient").reason == R.DIRECT_BILLING


def test_a_rejected_application_gives_its_reason(cnops, make_facility):
    clinic = make_facility("eye_centre", "private", region="MA-06")
    access = services.direct_billing_apply(
        actor=None,
        facility=clinic,
        applied_on=date(2026, 3, 2),
        bank_account="011519000001205000534921",
        registration_sheet="ANAM-1",
        profile=cnops,
    )
    services.direct_billing_decide(
        actor=None, access=access, on=date(2026, 3, 20), grant=False, reason="Papers"
    )

    assert right(clinic, date(2026, 4, 1), cnops).reason == R.REFUSED
