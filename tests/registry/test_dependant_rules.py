"""Dependants on a date: the 21st and 26th birthdays, certificates, disabled children, spouses (seed 002)."""

import datetime

import pytest

from sanad.registry.rules import age_on, certificates_valid_on, dependant_eligibility
from sanad.registry.vocabulary import RightsReason
from tests.registry.conftest import certificates

BORN = datetime.date(2005, 3, 10)
DAY = datetime.timedelta(days=1)
BIRTHDAY_21 = datetime.date(2026, 3, 10)
BIRTHDAY_26 = datetime.date(2031, 3, 10)
STUDENT = frozenset({"school_certificate", "unmarried_certificate"})
MEDICAL = frozenset({"medical_control_certificate"})


def eligible(profile, on, certs=frozenset(), *, disabled=False, relationship="child", born=BORN):
    return dependant_eligibility(
        profile, relationship=relationship, birth_date=born, on=on, certificates=certs, disabled=disabled
    )


@pytest.mark.parametrize(
    ("on", "ok"), [(BIRTHDAY_21 - DAY, True), (BIRTHDAY_21, False), (BIRTHDAY_21 + DAY, False)]
)
def test_a_child_loses_rights_on_the_21st_birthday_without_certificates(profile, on, ok):
    verdict = eligible(profile, on)

    assert verdict.ok is ok
    if not ok:
        assert verdict.reason == RightsReason.MISSING_CERTIFICATE
        assert set(verdict.missing) == STUDENT


@pytest.mark.parametrize("on", [BIRTHDAY_21 - DAY, BIRTHDAY_21, BIRTHDAY_21 + DAY, BIRTHDAY_26 - DAY])
def test_a_child_from_21_to_26_is_covered_with_school_and_unmarried_certificates(profile, on):
    assert eligible(profile, on, STUDENT).ok


@pytest.mark.parametrize("kind", sorted(STUDENT))
def test_one_student_certificate_is_not_enough(profile, kind):
    verdict = eligible(profile, BIRTHDAY_21, frozenset({kind}))

    assert not verdict.ok
    assert verdict.missing == tuple(k for k in profile.dependants.student_certificates if k != kind)


@pytest.mark.parametrize("on", [BIRTHDAY_26, BIRTHDAY_26 + DAY])
def test_no_child_keeps_rights_past_26_even_with_certificates(profile, on):
    verdict = eligible(profile, on, STUDENT)

    assert not verdict.ok
    assert verdict.reason == RightsReason.AGE_LIMIT


@pytest.mark.parametrize(
    "on", [BIRTHDAY_21, BIRTHDAY_21 + DAY, BIRTHDAY_26, BIRTHDAY_26 + DAY, BIRTHDAY_26 + 3650 * DAY]
)
def test_a_disabled_child_over_21_is_covered_with_the_medical_control_certificate(profile, on):
    assert eligible(profile, on, MEDICAL, disabled=True).ok


@pytest.mark.parametrize("on", [BIRTHDAY_21, BIRTHDAY_26, BIRTHDAY_26 + DAY])
def test_a_disabled_child_over_21_without_the_medical_certificate_is_not_covered(profile, on):
    verdict = eligible(profile, on, disabled=True)

    assert not verdict.ok
    assert verdict.missing == ("medical_control_certificate",)


def test_the_medical_certificate_counts_only_for_a_disabled_child(profile):
    assert not eligible(profile, BIRTHDAY_26, MEDICAL, disabled=False).ok


def test_a_disabled_child_under_21_needs_no_certificate(profile):
    assert eligible(profile, BIRTHDAY_21 - DAY, disabled=True).ok


def test_certificates_count_only_on_the_days_they_are_valid():
    held = certificates(
        "school_certificate", issued_on=datetime.date(2026, 3, 1), expires_on=datetime.date(2026, 6, 30)
    )

    assert certificates_valid_on(held, datetime.date(2026, 2, 28)) == frozenset()
    assert certificates_valid_on(held, datetime.date(2026, 3, 1)) == {"school_certificate"}
    assert certificates_valid_on(held, datetime.date(2026, 6, 30)) == {"school_certificate"}
    assert certificates_valid_on(held, datetime.date(2026, 7, 1)) == frozenset()


def test_a_certificate_that_expired_the_day_before_the_21st_birthday_does_not_cover_it(profile):
    held = certificates(*STUDENT, issued_on=datetime.date(2025, 9, 1), expires_on=BIRTHDAY_21 - DAY)

    assert not eligible(profile, BIRTHDAY_21, certificates_valid_on(held, BIRTHDAY_21)).ok


def test_a_spouse_needs_proof_of_no_profession_where_the_profile_asks(profile):
    adult = datetime.date(1990, 1, 1)
    without = eligible(profile, BIRTHDAY_21, relationship="spouse", born=adult)
    with_proof = eligible(
        profile, BIRTHDAY_21, frozenset({"no_profession_proof"}), relationship="spouse", born=adult
    )

    # CNOPS (seed 002) and CNSS ask for it; CNASS does not (contributions are per person).
    assert without.ok is (not profile.dependants.spouse_proof_of_no_profession)
    assert with_proof.ok
    if not without.ok:
        assert without.missing == ("no_profession_proof",)


@pytest.mark.parametrize(("years_old", "ok"), [(17, False), (18, True)])
def test_a_spouse_is_at_least_the_legal_age(profile, years_old, ok):
    on = datetime.date(2026, 6, 1)
    born = on.replace(year=on.year - years_old)
    verdict = eligible(profile, on, frozenset({"no_profession_proof"}), relationship="spouse", born=born)

    assert verdict.ok is ok
    if not ok:
        assert verdict.reason == RightsReason.SPOUSE_UNDER_AGE
        assert "18" in verdict.message


def test_nobody_is_a_dependant_before_being_born(profile):
    assert eligible(profile, BORN - DAY).reason == RightsReason.NOT_BORN


def test_age_is_gained_on_the_birthday_and_a_29_february_child_on_1_march():
    assert age_on(BORN, BIRTHDAY_21 - DAY) == 20
    assert age_on(BORN, BIRTHDAY_21) == 21
    leap = datetime.date(2004, 2, 29)
    assert age_on(leap, datetime.date(2025, 2, 28)) == 20
    assert age_on(leap, datetime.date(2025, 3, 1)) == 21


def test_the_missing_certificates_are_named_in_french(profile, settings):
    from django.utils import translation

    with translation.override("fr"):
        verdict = eligible(profile, BIRTHDAY_21)

    assert "10/03/2026" in verdict.message
