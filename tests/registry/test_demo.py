"""The demo register exercises every rule: documents, certificates, contributions, rights, enrollments."""

import datetime
from collections import Counter

import pytest

from sanad.common.permissions import Role
from sanad.demo.loader import demo_load
from sanad.registry.models import (
    Contribution,
    Dependant,
    IdentityDocument,
    Member,
    RightsPeriod,
    SupportingCertificate,
)
from sanad.registry.rules import identity_check
from sanad.registry.selectors import Beneficiary, enrollments_overdue, rights_on, rights_on_many
from sanad.registry.vocabulary import RightsReason

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def loaded(fund, profile, db):
    return demo_load(fund=fund, members=300, seed=4, today=TODAY)


def test_every_member_has_an_identity_document_of_their_population(fund, profile, loaded):
    members = Member.objects.prefetch_related("documents")
    verdicts = [
        identity_check(profile, population=m.population, documents=m.documents.all(), on=TODAY)
        for m in members
    ]

    assert all(v.reason != "document_missing" for v in verdicts)
    assert sum(v.ok for v in verdicts) > 0.9 * len(verdicts)
    assert IdentityDocument.objects.count() == loaded.counts["documents"]


def test_contributions_follow_the_profile_and_each_opens_a_rights_period(fund, profile, loaded):
    assert Contribution.objects.count() == RightsPeriod.objects.count() == loaded.counts["contributions"] > 0
    assert all(c.amount == c.insured_share + c.sponsor_share for c in Contribution.objects.all())
    assert set(Contribution.objects.values_list("method", flat=True)) <= set(
        profile.contributions.payment_methods
    )
    assert set(Contribution.objects.values_list("currency", flat=True)) == {profile.currency}


def test_the_register_shows_covered_members_arrears_and_students_without_certificates(fund, profile, loaded):
    beneficiaries = [Beneficiary.member(pk) for pk in Member.objects.values_list("pk", flat=True)]
    beneficiaries += [Beneficiary.dependant(pk) for pk in Dependant.objects.values_list("pk", flat=True)]

    reasons = Counter(r.reason for r in rights_on_many(beneficiaries=beneficiaries, on=TODAY).values())

    assert reasons[RightsReason.COVERED] > len(beneficiaries) / 2
    assert reasons[RightsReason.ARREARS] > 0
    assert reasons[RightsReason.MISSING_CERTIFICATE] > 0
    assert SupportingCertificate.objects.filter(kind="school_certificate").exists()


def test_the_insured_demo_account_is_covered_today(fund, loaded):
    member = Member.objects.get(user=loaded.users[Role.INSURED.value])

    assert rights_on(registration_number=member.registration_number, on=TODAY).covered


def test_some_enrollments_are_overdue(fund, loaded):
    assert enrollments_overdue(today=TODAY).count() == loaded.counts["enrollments_overdue"] > 0
