"""From the register's events to the outbox and out through the file transport (issue 3, items 5 and 6)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sanad.funds import load_profile
from sanad.notifications.models import Message
from sanad.notifications.statuses import MessageStatus
from sanad.notifications.texts import MessageTemplate
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.inputs import MemberInput
from sanad.registry.services import enrollment_submit
from tests.registry.conftest import PHONE, id_card
from tests.registry.test_certificate_family import family_enroll

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(params=["cnass-mr", "cnops-ma", "cnss-ma"])
def fund(request, settings, tmp_path):
    settings.SANAD_FUND = request.param
    settings.MEDIA_ROOT = tmp_path / "media"
    return request.param


def _enroll(actor, fund, phone=None):
    profile = load_profile(fund)
    member = MemberInput(
        first_name="Aminetou",
        last_name="Mint Ahmed",
        sex="F",
        birth_date=datetime.date(1986, 5, 4),
        population="national",
        nationality=profile.country,
        phone=PHONE[fund] if phone is None else phone,
        region=profile.regions[0].code,
        photo=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg"),
    )
    return enrollment_submit(actor=actor, member=member, documents=[id_card(fund)], on=TODAY)


def test_an_enrollment_sends_the_registration_number_by_sms_through_the_file_transport(
    fund, alice, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = _enroll(alice, fund)

    member = enrollment.member
    message = Message.objects.get()
    assert message.template == MessageTemplate.REGISTRATION_NUMBER
    assert (message.object_type, message.object_id) == ("registry.enrollment", str(enrollment.pk))
    assert message.member_id == member.pk
    assert message.language == load_profile(fund).languages[0]
    assert message.status == MessageStatus.SENT
    [line] = sms_file()
    assert line["recipient"] == PHONE[fund]
    assert line["reference"] == str(message.pk)
    assert member.registration_number in line["text"]
    assert line["text"].startswith(load_profile(fund).short_name)
    assert "numéro d'immatriculation" in line["text"]


class _Undone(Exception):
    pass


def test_nothing_is_queued_when_the_enrollment_does_not_commit(
    fund, alice, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    # The message is written in the enrollment's transaction: undone with it, it never existed.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(_Undone), transaction.atomic():
        _enroll(alice, fund)
        assert Message.objects.count() == 1
        raise _Undone

    assert Message.objects.count() == 0
    assert sms_file() == []


def test_a_contribution_and_a_certificate_are_announced_with_the_verification_link(
    alice, settings, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    settings.SANAD_PUBLIC_URL = "https://sanad.example"
    with django_capture_on_commit_callbacks(execute=True):
        member = family_enroll(actor=alice)
        certificate = certificate_issue(actor=alice, member_id=member.pk)
        certificate_issue(actor=alice, member_id=member.pk)  # printed twice: one message a day

    templates = list(Message.objects.order_by("pk").values_list("template", flat=True))
    assert templates[0] == MessageTemplate.REGISTRATION_NUMBER
    assert templates[-1] == MessageTemplate.CERTIFICATE_READY
    assert templates.count(MessageTemplate.CERTIFICATE_READY) == 1
    contributions = member.contributions.count()
    assert templates.count(MessageTemplate.CONTRIBUTION_RECEIVED) == contributions
    receipt = member.contributions.first().receipt_number
    assert any(receipt in line["text"] for line in sms_file())
    # The SMS carries the certificate's short link (its QR code's whole token would not fit).
    assert certificate.code and certificate.code not in certificate.token
    assert sms_file()[-1]["text"].endswith(f"https://sanad.example/verify/{certificate.code}/")
    assert all(m.status == MessageStatus.SENT for m in Message.objects.all())


def test_a_member_without_a_phone_gets_no_message(member, django_capture_on_commit_callbacks):
    from sanad.registry.signals import enrollment_submitted

    member.phone = ""
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_submitted.send(sender=None, enrollment=type("E", (), {"member": member, "pk": 1})())

    assert Message.objects.count() == 0


def test_the_member_page_shows_the_messages_with_status_attempts_and_time(client, alice, member):
    Message.objects.create(
        recipient=member.phone,
        language="fr",
        template=MessageTemplate.REGISTRATION_NUMBER,
        text="CNASS : votre numéro d'immatriculation est MR0000011.",
        object_type="registry.member",
        object_id=str(member.pk),
        member_id=member.pk,
        attempts=2,
        last_error="TransportError: gateway answered HTTP 503",
        next_attempt_at=timezone.now(),
    )
    client.force_login(alice)

    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()

    assert 'id="member-messages"' in page
    assert 'data-status="queued"' in page
    assert "Numéro d&#x27;immatriculation" in page  # the template's name, in the page's language
    assert "En attente" in page
    assert "HTTP 503" in page
    assert '<td class="num">2</td>' in page


def test_the_member_page_says_when_no_message_was_sent(client, alice, member):
    client.force_login(alice)
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert "Aucun message envoyé." in page
