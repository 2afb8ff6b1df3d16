"""Seed 003: a register finding that blocks the certificate is closed by a verdict the register bears out,
never by any sentence: "same person" is the merge, "different people" needs the distinguishing document."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.models import Finding, IdentityDocument
from sanad.registry.quality.services import FindingEvidence, finding_close, findings_detect
from sanad.registry.quality.statuses import FindingKind, FindingStatus, FindingVerdict
from sanad.registry.services.merge import member_merge
from tests.registry.conftest import NATIONAL_ID
from tests.registry.test_certificate_family import family_enroll
from tests.registry.test_merge import twin_enroll

QUEUE = reverse("registry:quality_queue")


@pytest.fixture
def officer(make_user):
    return make_user("omar", Role.ENROLLMENT_OFFICER, first_name="Omar")


@pytest.fixture
def pair(fund, alice, officer):
    """A covered family and a second, unpaid file of the same woman (her name spelled another way, the same
    identity card number), the second checked by the officer."""
    first = family_enroll(actor=alice)
    second = twin_enroll(actor=alice, on=timezone.localdate())
    run = findings_detect(actor=officer, enrollment_id=second.enrollment.pk, on=timezone.localdate())
    findings = {f.kind: f for f in run.opened}
    return first, second, findings


def test_closing_a_blocking_finding_as_same_person_requires_the_merge(pair, officer, alice):
    first, second, findings = pair
    person = findings[FindingKind.DUPLICATE_PERSON]

    with pytest.raises(DomainError) as refused:
        finding_close(
            actor=officer, finding_id=person.pk, verdict=FindingVerdict.SAME_PERSON, reason="Même femme"
        )
    assert refused.value.code == ErrorCode.CONFLICT and refused.value.field == "verdict"
    assert Finding.objects.get(pk=person.pk).status == FindingStatus.OPEN

    member_merge(
        actor=officer, kept_id=first.pk, other_id=second.pk, reason="Même femme", on=timezone.localdate()
    )

    for finding in findings.values():
        finding.refresh_from_db()
        assert finding.status == FindingStatus.RESOLVED and finding.closed_by == officer
    assert person.params["verdict"] == FindingVerdict.SAME_PERSON and person.reason == "Même femme"
    assert certificate_issue(actor=alice, member_id=first.pk).member == first


def test_closing_a_blocking_finding_as_different_people_requires_the_document(pair, officer, fund):
    _first, _second, findings = pair
    person = findings[FindingKind.DUPLICATE_PERSON]

    for evidence in (None, FindingEvidence(kind=NATIONAL_ID[fund], reference=" ")):
        with pytest.raises(DomainError) as refused:
            finding_close(
                actor=officer,
                finding_id=person.pk,
                verdict=FindingVerdict.DIFFERENT_PEOPLE,
                reason="Deux cousines",
                evidence=evidence,
            )
        assert refused.value.code == ErrorCode.REQUIRED and refused.value.field == "evidence_reference"
    with pytest.raises(DomainError) as unknown_kind:
        finding_close(
            actor=officer,
            finding_id=person.pk,
            verdict=FindingVerdict.DIFFERENT_PEOPLE,
            reason="Deux cousines",
            evidence=FindingEvidence(kind="library_card", reference="B998877"),
        )
    assert unknown_kind.value.field == "evidence_kind"
    assert Finding.objects.get(pk=person.pk).status == FindingStatus.OPEN

    scan = SimpleUploadedFile("cin.pdf", b"%PDF-1.4 card", content_type="application/pdf")
    finding_close(
        actor=officer,
        finding_id=person.pk,
        verdict=FindingVerdict.DIFFERENT_PEOPLE,
        reason="Deux cousines, cartes vues",
        evidence=FindingEvidence(kind=NATIONAL_ID[fund], reference="B998877", scan=scan),
    )

    person.refresh_from_db()
    assert person.status == FindingStatus.DISMISSED
    evidence = person.params["evidence"]
    assert (evidence["kind"], evidence["reference"]) == (NATIONAL_ID[fund], "B998877")
    assert default_storage.exists(evidence["scan"])
    event = AuditEvent.objects.get(action="registry.finding_dismiss", object_id=str(person.pk))
    assert event.actor == officer and event.after["verdict"] == "different_people"
    assert event.after["evidence"]["reference"] == "B998877" and event.before == {"status": "open"}


def test_the_shared_number_is_no_distinguishing_document(pair, officer, fund):
    _first, _second, findings = pair
    document = findings[FindingKind.DUPLICATE_DOCUMENT]

    with pytest.raises(DomainError) as refused:
        finding_close(
            actor=officer,
            finding_id=document.pk,
            verdict=FindingVerdict.DIFFERENT_PEOPLE,
            reason="Erreur de saisie",
            evidence=FindingEvidence(kind=NATIONAL_ID[fund], reference="a 123-456"),
        )

    assert refused.value.code == ErrorCode.INVALID and refused.value.field == "evidence_reference"


def test_a_missing_document_is_closed_only_by_correcting_the_register(fund, alice, officer):
    member = family_enroll(actor=alice)
    IdentityDocument.objects.filter(member=member).delete()
    [missing] = findings_detect(
        actor=officer, enrollment_id=member.enrollment.pk, on=timezone.localdate()
    ).opened
    assert missing.kind == FindingKind.DOCUMENT_MISSING

    for verdict in FindingVerdict:
        with pytest.raises(DomainError) as refused:
            finding_close(actor=officer, finding_id=missing.pk, verdict=verdict, reason="Vu la carte")
        assert refused.value.field == "verdict"
    assert Finding.objects.get(pk=missing.pk).status == FindingStatus.OPEN


def test_a_finding_that_blocks_nothing_is_closed_with_a_reason(pair, officer):
    first, _second, _findings = pair
    phone = Finding.objects.create(
        kind=FindingKind.SHARED_PHONE,
        blocking=False,
        member=first,
        key="phone:x",
        found_on=timezone.localdate(),
    )

    closed = finding_close(
        actor=officer, finding_id=phone.pk, verdict=FindingVerdict.NOTED, reason="Téléphone du foyer"
    )

    assert closed.status == FindingStatus.DISMISSED and closed.reason == "Téléphone du foyer"


def test_the_queue_offers_the_merge_and_asks_for_the_document(client, pair, officer, fund):
    _first, _second, findings = pair
    person = findings[FindingKind.DUPLICATE_PERSON]
    client.force_login(officer)

    page = client.get(QUEUE).content.decode()
    merge = reverse("registry:member_merge", args=[person.member_id])
    assert merge in page and 'name="evidence_reference"' in page
    assert 'value="same_person"' not in page  # "same person" is the merge, not a choice of the form

    url = reverse("registry:quality_close", args=[person.pk])
    client.post(
        url, {"verdict": "different_people", "reason": "Deux cousines", "evidence_kind": NATIONAL_ID[fund]}
    )
    assert Finding.objects.get(pk=person.pk).status == FindingStatus.OPEN
    response = client.post(
        url,
        {
            "verdict": "different_people",
            "reason": "Deux cousines",
            "evidence_kind": NATIONAL_ID[fund],
            "evidence_reference": "B998877",
            "evidence_scan": SimpleUploadedFile(
                "cin.png", b"\x89PNG\r\n\x1a\n img", content_type="image/png"
            ),
        },
        follow=True,
    )
    person.refresh_from_db()
    assert person.status == FindingStatus.DISMISSED and person.closed_by == officer
    assert f'id="finding-{person.pk}"' not in response.content.decode()
