"""Seed 003: the officer refuses an enrollment with a reason (the member is told by SMS) and may reopen it."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.notifications.models import Message
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.models import Enrollment
from sanad.registry.services import enrollment_move, enrollment_submit
from sanad.registry.services.enrollment import enrollment_due_on, enrollment_refuse, enrollment_reopen
from sanad.registry.statuses import EnrollmentStatus, RefusalReason
from tests.registry.conftest import id_card
from tests.registry.test_certificate_family import family_enroll

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}
DAY = timezone.timedelta(days=1)


def sms_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


@pytest.fixture
def sms(settings, tmp_path):
    """Tasks run at once and SMS land in a fresh file; call it to read the lines sent so far."""
    settings.TASKS = IMMEDIATE
    settings.SMS_TRANSPORT = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    return lambda: sms_lines(tmp_path / "sms.jsonl")


@pytest.fixture
def officer(make_user):
    """Omar is the enrollment officer of the regional office."""
    return make_user("omar", Role.ENROLLMENT_OFFICER, first_name="Omar")


@pytest.fixture
def submitted(fund, member_input, alice):
    """An enrollment submitted at the counter today."""
    return enrollment_submit(
        actor=alice, member=member_input(), documents=[id_card(fund)], on=timezone.localdate()
    )


def test_refusing_sends_the_sms_in_plain_words_and_records_the_audit_event(
    submitted, officer, sms, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_refuse(
            actor=officer,
            enrollment_id=submitted.pk,
            reason=RefusalReason.DOCUMENTS,
            note="Carte illisible, copie floue.",
            on=today,
        )

    assert (enrollment.status, enrollment.decided_on) == (EnrollmentStatus.REJECTED, today)
    assert enrollment.refusal_reason == RefusalReason.DOCUMENTS
    [line] = [s for s in sms() if "refusée" in s["text"]]
    assert line["recipient"] == submitted.member.phone
    # The reason in the member's words (French, the fund's first language), never the code or the note.
    assert "une pièce d'identité manque ou n'est pas valable" in line["text"]
    for internal in ("documents", "enrollment_refused", "Carte illisible"):
        assert internal not in line["text"]
    assert Message.objects.get(member_id=submitted.member_id, template="enrollment_refused").language == "fr"
    event = AuditEvent.objects.get(action="enrollment_reject", object_id=str(submitted.pk))
    assert event.actor == officer
    assert event.before["status"] == EnrollmentStatus.SUBMITTED
    assert event.after == {
        "status": EnrollmentStatus.REJECTED,
        "decided_on": str(today),
        "refusal_reason": "documents",
        "note": "Carte illisible, copie floue.",
    }


def test_a_refusal_needs_a_reason_and_other_needs_the_note(submitted, officer):
    with pytest.raises(DomainError) as no_reason:
        enrollment_refuse(actor=officer, enrollment_id=submitted.pk, reason="", on=timezone.localdate())
    with pytest.raises(DomainError) as no_note:
        enrollment_refuse(
            actor=officer, enrollment_id=submitted.pk, reason=RefusalReason.OTHER, on=timezone.localdate()
        )

    assert (no_reason.value.field, no_note.value.field) == ("reason", "note")
    assert Enrollment.objects.get(pk=submitted.pk).status == EnrollmentStatus.SUBMITTED


def test_the_generic_rejection_also_tells_the_member(
    submitted, officer, sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_move(
            actor=officer,
            enrollment_id=submitted.pk,
            action="enrollment_reject",
            on=timezone.localdate(),
            note="Dossier incomplet",
        )

    [line] = [s for s in sms() if "refusée" in s["text"]]
    assert "votre agence vous en donnera la raison" in line["text"]


def test_a_refused_enrollment_gets_no_certificate(fund, officer):
    member = family_enroll(actor=officer)
    enrollment_refuse(
        actor=officer,
        enrollment_id=member.enrollment.pk,
        reason=RefusalReason.NOT_ELIGIBLE,
        on=timezone.localdate(),
    )

    with pytest.raises(DomainError) as error:
        certificate_issue(actor=officer, member_id=member.pk)

    assert error.value.code == ErrorCode.CONFLICT


def test_reopening_examines_the_enrollment_again_on_a_new_clock_with_its_reason_audited(
    submitted, officer, profile
):
    refused_on = timezone.localdate() - 10 * DAY
    enrollment_refuse(
        actor=officer, enrollment_id=submitted.pk, reason=RefusalReason.DOCUMENTS, on=refused_on
    )
    today = timezone.localdate()

    enrollment = enrollment_reopen(
        actor=officer, enrollment_id=submitted.pk, note="Nouvelle carte apportée au guichet.", on=today
    )

    assert enrollment.status == EnrollmentStatus.SUBMITTED
    assert (enrollment.decided_on, enrollment.refusal_reason) == (None, "")
    assert enrollment.due_on == enrollment_due_on(profile, today)
    event = AuditEvent.objects.get(action="enrollment_reopen")
    assert event.actor == officer
    assert (
        event.before["status"] == EnrollmentStatus.REJECTED and event.before["refusal_reason"] == "documents"
    )
    assert event.after["status"] == EnrollmentStatus.SUBMITTED
    assert event.after["note"] == "Nouvelle carte apportée au guichet."


def test_reopening_needs_a_reason_and_a_refused_enrollment(submitted, officer):
    with pytest.raises(DomainError) as not_refused:
        enrollment_reopen(actor=officer, enrollment_id=submitted.pk, note="Erreur", on=timezone.localdate())
    enrollment_refuse(
        actor=officer, enrollment_id=submitted.pk, reason=RefusalReason.UNVERIFIED, on=timezone.localdate()
    )
    with pytest.raises(DomainError) as no_reason:
        enrollment_reopen(actor=officer, enrollment_id=submitted.pk, note=" ", on=timezone.localdate())

    assert not_refused.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert no_reason.value.field == "note"
    assert Enrollment.objects.get(pk=submitted.pk).status == EnrollmentStatus.REJECTED


def test_the_officer_refuses_from_the_member_page_and_reopens(
    client, submitted, officer, sms, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    member_page = reverse("registry:member_detail", args=[submitted.member_id])
    refuse = reverse("registry:enrollment_refuse", args=[submitted.pk])
    assert refuse in client.get(member_page).content.decode()

    form = client.get(refuse).content.decode()
    assert (
        str(RefusalReason.NOT_ELIGIBLE.label) == "Non éligible au régime" and "Non éligible au régime" in form
    )
    missing = client.post(refuse, {"reason": "other", "note": ""})
    assert missing.status_code == 400 and 'data-field="note"' in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(refuse, {"reason": "already_enrolled", "note": ""})

    assert done.status_code == 302
    page = client.get(member_page).content.decode()
    assert 'id="refusal"' in page and "Déjà immatriculé sous un autre numéro" in page
    assert [s for s in sms() if "déjà immatriculé" in s["text"]]

    client.post(
        reverse("registry:enrollment_reopen", args=[submitted.pk]), {"note": "Numéro vérifié: unique."}
    )
    assert Enrollment.objects.get(pk=submitted.pk).status == EnrollmentStatus.SUBMITTED


def test_a_counter_agent_may_neither_refuse_nor_reopen(client, submitted, alice):
    client.force_login(alice)

    page = client.get(reverse("registry:member_detail", args=[submitted.member_id])).content.decode()
    refused = client.post(
        reverse("registry:enrollment_refuse", args=[submitted.pk]), {"reason": "documents", "note": ""}
    )

    assert reverse("registry:enrollment_refuse", args=[submitted.pk]) not in page
    assert refused.status_code == 403
    assert Enrollment.objects.get(pk=submitted.pk).status == EnrollmentStatus.SUBMITTED
