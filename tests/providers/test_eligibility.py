"""Eligibility for an agreement and for direct billing comes from the profile, by kind and sector."""

from datetime import date

import pytest

from sanad.common.errors import DomainError
from sanad.providers.eligibility import (
    agreement_eligibility,
    direct_billing_is_automatic,
    direct_billing_may_apply,
)
from sanad.providers.models import FacilityKind, Sector
from sanad.providers.services import agreement_request

CNASS_ELIGIBLE_KINDS = set(FacilityKind.values) - {FacilityKind.PRIVATE_CLINIC, FacilityKind.PHARMACY}


@pytest.mark.parametrize("kind", FacilityKind.values)
@pytest.mark.parametrize("sector", Sector.values)
def test_cnass_admits_public_and_non_profit_care_facilities_only(cnass, make_facility, kind, sector):
    facility = make_facility(kind, sector)

    verdict = agreement_eligibility(profile=cnass, facility=facility)

    expected = sector in ("public", "non_profit") and kind in CNASS_ELIGIBLE_KINDS
    assert verdict.eligible is expected
    if not expected:
        assert verdict.field == ("sector" if sector == "private" else "kind")


@pytest.mark.parametrize("kind", FacilityKind.values)
@pytest.mark.parametrize("sector", Sector.values)
def test_cnops_admits_every_kind_and_sector(cnops, make_facility, kind, sector):
    assert agreement_eligibility(profile=cnops, facility=make_facility(kind, sector)).eligible


def test_a_facility_without_a_permanent_mission_of_care_is_not_eligible(cnass, make_facility):
    facility = make_facility("health_centre", "public", mission_curative=False)

    verdict = agreement_eligibility(profile=cnass, facility=facility)

    assert not verdict.eligible
    assert verdict.field == "mission"


@pytest.mark.parametrize("mission", ["mission_curative", "mission_preventive", "mission_rehabilitation"])
def test_any_one_permanent_mission_suffices(cnass, make_facility, mission):
    fields = {"mission_curative": False, mission: True}
    assert agreement_eligibility(profile=cnass, facility=make_facility("health_post", **fields)).eligible


def test_an_ineligible_request_is_turned_away_at_once(cnass, make_facility):
    clinic = make_facility("private_clinic", "private")

    with pytest.raises(DomainError) as caught:
        agreement_request(actor=None, facility=clinic, requested_on=date(2026, 3, 2), profile=cnass)

    assert caught.value.field == "sector"
    assert not clinic.agreements.exists()


@pytest.mark.parametrize("kind", FacilityKind.values)
def test_cnops_direct_billing_applicants_are_private_clinics_dialysis_and_eye_centres(
    cnops, make_facility, kind
):
    expected = kind in ("private_clinic", "dialysis_centre", "eye_centre")
    assert direct_billing_may_apply(profile=cnops, facility=make_facility(kind, "private")) is expected


@pytest.mark.parametrize("kind", FacilityKind.values)
def test_cnops_admits_university_state_and_military_hospitals_automatically(cnops, make_facility, kind):
    expected = kind in ("university_hospital", "regional_hospital", "national_hospital", "military_hospital")
    assert direct_billing_is_automatic(profile=cnops, facility=make_facility(kind, "public")) is expected


def test_a_private_hospital_is_never_admitted_automatically(cnops, make_facility):
    assert not direct_billing_is_automatic(
        profile=cnops, facility=make_facility("regional_hospital", "private")
    )


@pytest.mark.parametrize("kind", FacilityKind.values)
def test_cnass_has_no_direct_billing_application(cnass, make_facility, kind):
    facility = make_facility(kind, "public")
    assert not direct_billing_may_apply(profile=cnass, facility=facility)
    assert not direct_billing_is_automatic(profile=cnass, facility=facility)
