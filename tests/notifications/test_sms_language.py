"""The member's SMS come in the language chosen at enrollment (issue 15, item 1): Arabic for one, French for
another, the fund's default when none was chosen; enrolled through the service, read from the outbox."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanad.common.errors import DomainError
from sanad.funds import load_profile
from sanad.notifications.models import Message
from sanad.notifications.texts import MessageTemplate
from sanad.registry.inputs import MemberInput
from sanad.registry.models import Member
from sanad.registry.services import enrollment_submit
from tests.registry.conftest import PHONE, id_card

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(params=["cnass-mr", "cnops-ma"])
def fund(request, settings, tmp_path):
    settings.SANAD_FUND = request.param
    settings.MEDIA_ROOT = tmp_path / "media"
    return request.param


def enroll(actor, fund, *, language, first_name="Aminetou"):
    profile = load_profile(fund)
    member = MemberInput(
        first_name=first_name,
        last_name="Mint Ahmed",
        sex="F",
        birth_date=datetime.date(1986, 5, 4),
        population="national",
        nationality=profile.country,
        phone=PHONE[fund],
        region=profile.regions[0].code,
        photo=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg"),
        language=language,
    )
    return enrollment_submit(actor=actor, member=member, documents=[id_card(fund)], on=TODAY)


def registration_sms(enrollment) -> Message:
    return Message.objects.get(template=MessageTemplate.REGISTRATION_NUMBER, member_id=enrollment.member_id)


def test_a_member_who_chose_arabic_gets_the_registration_number_in_arabic(
    fund, alice, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enroll(alice, fund, language="ar")

    message = registration_sms(enrollment)
    assert enrollment.member.language == "ar"
    assert message.language == "ar"
    assert "رقم تسجيلكم هو" in message.text
    assert enrollment.member.registration_number in message.text
    assert "immatriculation" not in message.text


def test_a_member_who_chose_french_gets_it_in_french(
    fund, alice, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enroll(alice, fund, language="fr")

    message = registration_sms(enrollment)
    assert message.language == "fr"
    assert "numéro d'immatriculation est " + enrollment.member.registration_number in message.text
    assert [line["text"] for line in sms_file()] == [message.text]


def test_two_members_each_get_their_own_language(
    fund, alice, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        arabic = enroll(alice, fund, language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        french = enroll(alice, fund, language="fr", first_name="Fatimetou")

    assert registration_sms(arabic).language == "ar"
    assert registration_sms(french).language == "fr"


def test_no_choice_keeps_the_field_blank_and_writes_in_the_funds_default(
    fund, alice, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enroll(alice, fund, language="")

    assert enrollment.member.language == ""
    assert registration_sms(enrollment).language == load_profile(fund).default_language


def test_a_language_the_fund_does_not_write_in_is_refused_and_nothing_is_saved(fund, alice):
    with pytest.raises(DomainError) as caught:
        enroll(alice, fund, language="es")

    assert caught.value.field == "language"
    assert not Member.objects.exists()


def test_the_counter_chooses_the_language_in_the_wizard_the_funds_default_offered_first(
    client, alice, fund, immediate_tasks, sms_file, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.registry.conftest import NATIONAL_ID
    from tests.registry.test_pages import documents, person, step

    profile = load_profile(fund)
    client.force_login(alice)
    page = client.get(step("person")).content.decode()
    assert 'name="language"' in page
    assert f'<option value="{profile.default_language}" selected>' in page
    assert ">العربيّة</option>" in page  # Django's own name of Arabic, in Arabic

    assert client.post(step("person"), person(profile, fund, language="ar")).status_code == 302
    assert client.post(step("documents"), documents(NATIONAL_ID[fund])).status_code == 302
    assert "العربيّة" in client.get(step("review")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step("review"))

    member = Member.objects.get()
    assert response.url == reverse("registry:member_detail", args=[member.pk])
    assert member.language == "ar"
    assert Message.objects.get(template=MessageTemplate.REGISTRATION_NUMBER).language == "ar"


def test_the_wizard_refuses_a_language_the_fund_does_not_offer(client, alice, fund):
    from tests.registry.test_pages import person, step

    client.force_login(alice)
    response = client.post(step("person"), person(load_profile(fund), fund, language="es"))

    assert response.status_code == 400
    assert 'data-field="language"' in response.content.decode()
