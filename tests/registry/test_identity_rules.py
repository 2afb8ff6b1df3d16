"""Identity at enrollment: one unexpired document of the population's kinds, and a photo (seed 003)."""

import datetime

import pytest
from django.utils import translation

from sanad.registry.inputs import DocumentInput
from sanad.registry.rules import identity_check, photo_check
from sanad.registry.vocabulary import IdentityProblem

ON = datetime.date(2026, 11, 23)
# For each fund and population: a document that proves identity, and one of another population.
PROOF = {
    "cnass-mr": {
        "national": "birth_certificate_extract",
        "migrant": "residence_card",
        "refugee": "asylum_certificate",
    },
    "cnops-ma": {"national": "cnie", "migrant": "residence_card", "refugee": "refugee_card"},
    "cnss-ma": {"national": "passport", "migrant": "residence_card", "refugee": "refugee_card"},
}
POPULATIONS = ["national", "migrant", "refugee"]


def document(kind, expires_on=datetime.date(2030, 1, 1)):
    return DocumentInput(kind=kind, number="X1", expires_on=expires_on)


@pytest.mark.parametrize("population", POPULATIONS)
def test_one_document_of_the_population_proves_identity(fund, profile, population):
    assert identity_check(
        profile, population=population, documents=[document(PROOF[fund][population])], on=ON
    ).ok


@pytest.mark.parametrize("population", POPULATIONS)
def test_a_missing_document_blocks_enrollment_and_names_the_accepted_ones_in_french(
    fund, profile, population
):
    other = next(p for p in POPULATIONS if p != population)
    documents = [document(PROOF[fund][other])] if PROOF[fund][other] not in PROOF[fund].values() else []

    with translation.override("fr"):
        verdict = identity_check(profile, population=population, documents=documents, on=ON)

    assert not verdict.ok
    assert verdict.reason == IdentityProblem.DOCUMENT_MISSING
    assert verdict.missing == tuple(kind.code for kind in profile.identity.documents_for(population))
    for kind in profile.identity.documents_for(population):
        assert kind.label.fr in verdict.message


def test_a_national_cannot_enroll_with_a_residence_card(profile):
    verdict = identity_check(profile, population="national", documents=[document("residence_card")], on=ON)

    assert verdict.reason == IdentityProblem.DOCUMENT_MISSING


@pytest.mark.parametrize("population", POPULATIONS)
def test_an_expired_document_blocks_enrollment_and_is_named(fund, profile, population):
    kind = next(k for k in profile.identity.documents_for(population) if k.expires)

    with translation.override("fr"):
        expired_yesterday = identity_check(
            profile,
            population=population,
            documents=[document(kind.code, ON - datetime.timedelta(days=1))],
            on=ON,
        )
    valid_today = identity_check(profile, population=population, documents=[document(kind.code, ON)], on=ON)

    assert not expired_yesterday.ok
    assert expired_yesterday.reason == IdentityProblem.DOCUMENT_EXPIRED
    assert kind.label.fr in expired_yesterday.message
    assert "22/11/2026" in expired_yesterday.message
    assert valid_today.ok


def test_any_one_valid_document_suffices_next_to_an_expired_one(fund, profile):
    kinds = [k.code for k in profile.identity.documents_for("national")]
    documents = [document(kinds[0], datetime.date(2020, 1, 1)), document(kinds[1])]

    assert identity_check(profile, population="national", documents=documents, on=ON).ok


def test_a_birth_certificate_extract_never_expires_for_cnass(settings):
    from sanad.funds import load_profile

    cnass = load_profile("cnass-mr")
    extract = document("birth_certificate_extract", expires_on=None)

    assert identity_check(cnass, population="national", documents=[extract], on=ON).ok


def test_a_photo_is_required(profile):
    assert photo_check(profile, has_photo=True).ok
    assert photo_check(profile, has_photo=False).reason == IdentityProblem.PHOTO_MISSING
