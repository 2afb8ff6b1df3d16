"""Register quality control: detection on an enrollment, closing findings, the certificate block."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.models import Dependant, Enrollment, Finding, IdentityDocument
from sanad.registry.quality.services import (
    FindingEvidence,
    enrollment_quality_check,
    finding_close,
    finding_dismiss,
    finding_resolve,
    findings_detect,
)
from sanad.registry.quality.statuses import FindingKind, FindingStatus
from sanad.registry.services import enrollment_submit
from sanad.registry.statuses import EnrollmentStatus
from tests.registry.conftest import NATIONAL_ID, PHONE, child, id_card
from tests.registry.test_certificate_family import family_enroll

TODAY = datetime.date(2026, 11, 23)
BORN = datetime.date(1980, 3, 1)


def phone(fund: str, n: int) -> str:
    return PHONE[fund][:-1] + str(n)


@pytest.fixture
def enroll(fund, member_input, alice):
    """Enroll a member with their own document number and phone; returns the enrollment."""

    def make(first, last, first_ar="", last_ar="", *, number, n=1, dependants=(), born=BORN, **fields):
        return enrollment_submit(
            actor=alice,
            member=member_input(
                first_name=first,
                last_name=last,
                first_name_ar=first_ar,
                last_name_ar=last_ar,
                sex="M",
                birth_date=born,
                phone=phone(fund, n),
                **fields,
            ),
            documents=[
                id_card(fund).__class__(
                    kind=NATIONAL_ID[fund], number=number, expires_on=TODAY.replace(year=2031)
                )
            ],
            dependants=dependants,
            on=TODAY,
        )

    return make


def kinds(run) -> set[str]:
    return {f.kind for f in run.opened}


def test_it_finds_the_same_person_spelled_two_ways(enroll, alice):
    first = enroll("Mohamed", "Ould Cheikh", "محمد", "ولد الشيخ", number="N1", n=1)
    second = enroll("Mohammed", "O. Cheikh", "محمّد", "ولد الشّيخ", number="N2", n=2)
    run = findings_detect(actor=alice, enrollment_id=second.pk, on=TODAY)
    [finding] = run.opened
    assert finding.kind == FindingKind.DUPLICATE_PERSON and finding.blocking
    assert (finding.member_id, finding.other_member_id) == (second.member_id, first.member_id)


def test_it_finds_the_same_person_from_the_arabic_names_alone(enroll, alice):
    enroll("Mohamed", "Ould Cheikh", "محمد", "ولد الشيخ", number="N1", n=1)
    second = enroll("Mamadou", "Cheikhna", "مُحَمَّد", "ولد الشـيخ", number="N2", n=2)
    assert kinds(findings_detect(actor=alice, enrollment_id=second.pk, on=TODAY)) == {
        FindingKind.DUPLICATE_PERSON
    }


def test_detection_is_idempotent_and_pairs_are_found_once(enroll, alice):
    first = enroll("Mohamed", "Ould Cheikh", number="N1", n=1)
    second = enroll("Mohammed", "O. Cheikh", number="N1", n=2)
    run = findings_detect(actor=alice, enrollment_id=second.pk, on=TODAY)
    assert kinds(run) == {FindingKind.DUPLICATE_PERSON, FindingKind.DUPLICATE_DOCUMENT}
    assert findings_detect(actor=alice, enrollment_id=second.pk, on=TODAY).opened == ()
    assert findings_detect(actor=alice, enrollment_id=first.pk, on=TODAY).opened == ()
    assert Finding.objects.filter(status=FindingStatus.OPEN).count() == 2


def _different_people(actor, finding, fund, reason="Two cousins, both documents seen."):
    """Close a duplicate as two people, with the document that tells them apart."""
    evidence = FindingEvidence(kind=NATIONAL_ID[fund], reference="B998877")
    return finding_close(
        actor=actor, finding_id=finding.pk, verdict="different_people", reason=reason, evidence=evidence
    )


def test_a_dismissed_finding_is_not_found_again(enroll, alice, fund):
    enroll("Mohamed", "Ould Cheikh", number="N1", n=1)
    second = enroll("Mohammed", "O. Cheikh", number="N2", n=2)
    [finding] = findings_detect(actor=alice, enrollment_id=second.pk, on=TODAY).opened
    _different_people(alice, finding, fund)
    assert findings_detect(actor=alice, enrollment_id=second.pk, on=TODAY).opened == ()


def test_it_finds_a_phone_on_many_members_without_blocking(enroll, alice):
    for index, name in enumerate(("Sidi", "Brahim")):
        enroll(name, "Ould Ahmed", number=f"N{index}", n=7, born=BORN.replace(year=1970 + index))
    third = enroll("Cheikh", "Ould Vall", number="N9", n=7)
    run = findings_detect(actor=alice, enrollment_id=third.pk, on=TODAY)
    [finding] = run.opened
    assert finding.kind == FindingKind.SHARED_PHONE and not finding.blocking and run.passed


def test_it_finds_a_dependant_who_is_a_member_elsewhere(enroll, alice):
    elsewhere = enroll("Sidi", "Ould Ahmed", number="N1", n=1, born=datetime.date(2015, 1, 1))
    family = enroll("Ahmed", "Ould Sidi", number="N2", n=2, dependants=[child(datetime.date(2015, 1, 1))])
    [finding] = findings_detect(actor=alice, enrollment_id=family.pk, on=TODAY).opened
    assert finding.kind == FindingKind.DEPENDANT_IS_MEMBER_ELSEWHERE
    assert finding.other_member_id == elsewhere.member_id and finding.dependant.member_id == family.member_id


def test_it_finds_inconsistent_family_data(enroll, alice, profile):
    enrollment = enroll("Ahmed", "Ould Sidi", number="N1", n=1)
    Dependant.objects.create(  # as a bulk import could bring them in
        member_id=enrollment.member_id,
        relationship="child",
        first_name="Old",
        last_name="Child",
        sex="M",
        birth_date=BORN.replace(year=1985),
    )
    Dependant.objects.create(
        member_id=enrollment.member_id,
        relationship="spouse",
        first_name="Young",
        last_name="Spouse",
        sex="F",
        birth_date=TODAY.replace(year=TODAY.year - profile.dependants.spouse_min_age + 1),
    )
    run = findings_detect(actor=alice, enrollment_id=enrollment.pk, on=TODAY)
    assert kinds(run) == {FindingKind.CHILD_OLDER_THAN_MEMBER, FindingKind.SPOUSE_UNDER_AGE}


def test_it_finds_an_expired_document_and_resolves_it_once_replaced(enroll, alice):
    enrollment = enroll("Ahmed", "Ould Sidi", number="N1", n=1)
    later = TODAY.replace(year=2032)
    [finding] = findings_detect(actor=alice, enrollment_id=enrollment.pk, on=later).opened
    assert finding.kind == FindingKind.DOCUMENT_EXPIRED
    IdentityDocument.objects.filter(member_id=enrollment.member_id).update(
        expires_on=later.replace(year=2040)
    )
    run = findings_detect(actor=alice, enrollment_id=enrollment.pk, on=later)
    finding.refresh_from_db()
    assert run.closed == (finding.pk,) and finding.status == FindingStatus.RESOLVED
    IdentityDocument.objects.filter(member_id=enrollment.member_id).delete()
    assert kinds(findings_detect(actor=alice, enrollment_id=enrollment.pk, on=later)) == {
        FindingKind.DOCUMENT_MISSING
    }


def test_the_detector_runs_in_a_constant_number_of_queries(enroll, alice):
    small = enroll("Ahmed", "Ould Sidi", number="N1", n=1, dependants=[child(datetime.date(2015, 1, 1))])
    births = [datetime.date(2010 + i, 2, 1) for i in range(5)]
    large = enroll(
        "Brahim",
        "Ould Vall",
        number="N2",
        n=2,
        dependants=[child(b, name=f"C{i}") for i, b in enumerate(births)],
    )
    counts = []
    for enrollment in (small, large):
        with CaptureQueriesContext(connection) as queries:
            findings_detect(actor=alice, enrollment_id=enrollment.pk, on=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_officers_check_moves_a_clean_enrollment_and_holds_a_doubtful_one(enroll, alice):
    clean = enroll("Ahmed", "Ould Sidi", number="N1", n=1)
    assert enrollment_quality_check(actor=alice, enrollment_id=clean.pk, on=TODAY).passed
    assert Enrollment.objects.get(pk=clean.pk).status == EnrollmentStatus.CHECKED
    doubtful = enroll("Ahmad", "Ould Sidi", number="N2", n=2)
    run = enrollment_quality_check(actor=alice, enrollment_id=doubtful.pk, on=TODAY)
    assert (
        run.blocking_open == 1 and Enrollment.objects.get(pk=doubtful.pk).status == EnrollmentStatus.SUBMITTED
    )


def test_closing_a_finding_needs_a_reason_happens_once_and_is_audited(enroll, alice, fund):
    enroll("Mohamed", "Ould Cheikh", number="N1", n=1)
    second = enroll("Mohammed", "O. Cheikh", number="N2", n=2)
    [finding] = findings_detect(actor=alice, enrollment_id=second.pk, on=TODAY).opened
    with pytest.raises(DomainError) as error:
        _different_people(alice, finding, fund, reason="  ")
    assert error.value.code == ErrorCode.REQUIRED
    with pytest.raises(DomainError) as error:  # a blocking finding is not closed by just any sentence
        finding_resolve(actor=alice, finding_id=finding.pk, reason="Checked.")
    _different_people(alice, finding, fund, reason="Two people: cards seen.")
    with pytest.raises(DomainError) as error:
        finding_dismiss(actor=alice, finding_id=finding.pk, reason="again")
    assert error.value.code == ErrorCode.ILLEGAL_TRANSITION
    event = AuditEvent.objects.get(object_id=str(finding.pk), after__reason="Two people: cards seen.")
    assert event.actor == alice


def test_no_certificate_while_a_blocking_finding_is_open(fund, alice):
    member = family_enroll(actor=alice)
    twin = family_enroll(actor=alice, first_name="Aminétou")
    [finding] = [
        f
        for f in findings_detect(actor=alice, enrollment_id=twin.enrollment.pk, on=TODAY).opened
        if f.kind == FindingKind.DUPLICATE_PERSON
    ]
    Finding.objects.exclude(pk=finding.pk).update(status=FindingStatus.DISMISSED, reason="seen")
    for person in (member, twin):  # both sides of the pair are held
        with pytest.raises(DomainError) as error:
            certificate_issue(actor=alice, member_id=person.pk)
        assert error.value.code == ErrorCode.CONFLICT
        assert str(finding.get_kind_display()) in error.value.message  # the problem, never the finding's id
    _different_people(alice, finding, fund, reason="Checked: two people.")
    assert certificate_issue(actor=alice, member_id=member.pk).member == member
