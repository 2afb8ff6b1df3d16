"""Seed 003: the officer certifies a checked enrollment; the certificate is generated and sent by SMS."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.common.errors import DomainError
from sanad.common.permissions import Role
from sanad.notifications.models import Message
from sanad.registry.models import Finding
from sanad.registry.quality.services import enrollment_quality_check
from sanad.registry.quality.statuses import FindingKind
from sanad.registry.services.certify import enrollment_certify
from sanad.registry.statuses import EnrollmentStatus
from tests.registry.test_certificate_family import family_enroll

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def sms_file(settings, tmp_path):
    """Tasks run at once and SMS land in a fresh file; call it to read the lines sent so far."""
    settings.TASKS = IMMEDIATE
    settings.SMS_TRANSPORT = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    settings.SANAD_PUBLIC_URL = "https://sanad.example"

    def lines() -> list[dict]:
        path = tmp_path / "sms.jsonl"
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []

    return lines


@pytest.fixture
def officer(make_user):
    return make_user("omar", Role.ENROLLMENT_OFFICER, first_name="Omar")


def _checked(officer):
    member = family_enroll(actor=officer)
    run = enrollment_quality_check(actor=officer, enrollment_id=member.enrollment.pk, on=timezone.localdate())
    assert run.enrollment.status == EnrollmentStatus.CHECKED
    return member


def test_certification_sends_the_certificate_by_sms_with_the_number_and_the_verification_link(
    fund, officer, client, sms_file, django_capture_on_commit_callbacks
):
    member = _checked(officer)
    client.force_login(officer)
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert 'id="certify"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:enrollment_certify", args=[member.enrollment.pk]))

    assert response.status_code == 302
    member.enrollment.refresh_from_db()
    assert member.enrollment.status == EnrollmentStatus.CERTIFIED
    assert member.enrollment.decided_on == timezone.localdate()
    [line] = [sms for sms in sms_file() if "/verify/" in sms["text"]]
    assert member.registration_number in line["text"]
    assert "https://sanad.example/verify/" in line["text"]
    assert line["recipient"] == member.phone
    assert Message.objects.filter(member_id=member.pk, template="certificate_ready").exists()
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert 'id="certify"' not in page


def test_certification_is_refused_while_a_blocking_finding_is_open(
    officer, client, sms_file, django_capture_on_commit_callbacks
):
    member = _checked(officer)
    finding = Finding.objects.create(
        kind=FindingKind.DUPLICATE_PERSON,
        blocking=True,
        member=member,
        key=f"test:{member.pk}",
        found_on=timezone.localdate(),
    )
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:enrollment_certify", args=[member.enrollment.pk]), follow=True
        )

    assert response.status_code == 200
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1 and str(finding.get_kind_display()) in errors[0]
    member.enrollment.refresh_from_db()
    assert member.enrollment.status == EnrollmentStatus.CHECKED
    assert not [sms for sms in sms_file() if "/verify/" in sms["text"]]


def test_only_a_checked_enrollment_is_certified(officer):
    member = family_enroll(actor=officer)  # submitted, not yet checked

    with pytest.raises(DomainError) as error:
        enrollment_certify(actor=officer, enrollment_id=member.enrollment.pk, on=timezone.localdate())

    assert error.value.field == "status"


def test_a_counter_agent_may_not_certify(alice, officer, client):
    member = _checked(officer)
    client.force_login(alice)

    response = client.post(reverse("registry:enrollment_certify", args=[member.enrollment.pk]))

    assert response.status_code == 403
    member.enrollment.refresh_from_db()
    assert member.enrollment.status == EnrollmentStatus.CHECKED
