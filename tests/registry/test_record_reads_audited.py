"""Issue 16, §2: reading a person's full record is itself audited (who read what).

Opening the member's page or a scan of their family's papers leaves one event naming the reader; a
facility's rights check, which learns only covered or not and the initials, leaves none.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.registry.selectors.record_reads import member_reads, read_sentence
from tests.registry import test_certificate_upload as upload
from tests.registry.test_certificate_family import family_enroll
from tests.registry.test_certificate_upload import PDF, daughter, file_certificate, pdf

ON = datetime.date(2025, 6, 1)
# A family with a daughter of 22, whose school certificate can be filed with a scan.
family = upload.family


def reads(member, action: str = "member_record_read"):
    return AuditEvent.objects.filter(object_type="registry.member", object_id=str(member.pk), action=action)


@pytest.fixture
def member(alice, fund):
    return family_enroll(actor=alice, covered_on=ON)


def test_opening_the_record_writes_one_event_naming_the_reader(client, alice, member):
    client.force_login(alice)

    response = client.get(reverse("registry:member_detail", args=[member.pk]))

    assert response.status_code == 200
    event = reads(member).get()
    assert event.actor == alice


def test_each_opening_is_one_more_read(client, alice, manager, member):
    client.force_login(alice)
    client.get(reverse("registry:member_detail", args=[member.pk]))
    client.force_login(manager)
    client.get(reverse("registry:member_detail", args=[member.pk]))

    assert [e.actor for e in reads(member).order_by("id")] == [alice, manager]


def test_a_refused_reader_leaves_no_read(client, make_user, member):
    client.force_login(make_user("desk", Role.FACILITY_STAFF))

    assert client.get(reverse("registry:member_detail", args=[member.pk])).status_code == 403
    assert not reads(member).exists()


def test_a_facility_rights_check_is_not_a_read_of_the_record(client, make_user, member):
    # Covered or not, the reason and the initials: no record is shown, asked at every visit.
    client.force_login(make_user("clinic", Role.FACILITY_STAFF))

    answer = client.get(f"/api/v1/registry/members/{member.registration_number}/rights?on={ON}")

    assert answer.status_code == 200
    assert not AuditEvent.objects.filter(action__endswith="_read").exists()


def test_opening_a_scan_writes_a_document_read_on_the_member(client, alice, family, profile):
    client.force_login(alice)
    khadija = daughter(family)
    file_certificate(client, khadija, profile.dependants.student_certificates[0], scan=pdf("school.pdf"))
    certificate = khadija.certificates.get()

    response = client.get(reverse("registry:certificate_scan", args=[certificate.pk]))

    assert b"".join(response.streaming_content) == PDF
    event = reads(family, "member_document_read").get()
    assert event.actor == alice and event.after["certificate"] == certificate.pk


def test_the_trail_says_who_read_the_record_in_the_readers_language(client, make_user, member):
    reader = make_user("fatima", Role.COUNTER_AGENT, first_name="Fatima", last_name="Sall")
    client.force_login(reader)
    client.get(reverse("registry:member_detail", args=[member.pk]))
    event = reads(member).get()

    with translation.override("fr"):
        assert read_sentence(event) == "Dossier consulté par Fatima Sall"
    with translation.override("en"):
        assert [r.sentence for r in member_reads(member=member)] == ["Record read by Fatima Sall"]


def test_the_medical_report_read_of_the_authorizations_has_its_words_too(alice, member):
    event = AuditEvent(actor=alice, action="medical_report_read")
    with translation.override("en"):
        assert read_sentence(event).startswith("Confidential medical report read by")
