"""Issue 3, item 8: an insured person logs in with the registration number and a code sent by SMS."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from sanad.common.logging import redact
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role, has_role
from sanad.notifications.models import Message
from sanad.notifications.texts import ONE_TIME_CODE, message_render
from sanad.registry.models import OneTimeCode
from sanad.registry.selfservice.services import CodeRefused, code_check, code_request
from tests.registry.test_certificate_family import family_enroll

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}
NUMBER_URL = reverse("registry:selfservice_number")
CODE_URL = reverse("registry:selfservice_code")
SENT = "a code has been sent"


@pytest.fixture
def sms(settings, tmp_path):
    """Tasks run at once and SMS land in a fresh file; call it for the codes sent so far."""
    settings.TASKS = IMMEDIATE
    settings.SMS_TRANSPORT = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")

    def codes() -> list[str]:
        path = tmp_path / "sms.jsonl"
        if not path.exists():
            return []
        lines = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        return [m.group(1) for line in lines if (m := re.search(r"Sanad[^0-9]*(\d{6})", line["text"]))]

    return codes


@pytest.fixture
def member(alice):
    return family_enroll(actor=alice)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def _ask(client, number, on_commit):
    return on_commit(
        client.post, NUMBER_URL, {"registration_number": number}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )


def test_an_insured_person_logs_in_with_the_registration_number_and_the_sms_code(
    fund, member, client, sms, on_commit
):
    response = _ask(client, member.registration_number, on_commit)

    assert response.redirect_chain[-1][0] == CODE_URL
    assert SENT in response.content.decode()
    [code] = sms()
    row = OneTimeCode.objects.get(member=member)
    assert code not in row.code_hash and row.attempts == 0 and row.used_at is None
    assert row.expires_at - row.sent_at == datetime.timedelta(minutes=10)

    response = client.post(CODE_URL, {"code": code}, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "You are covered today." in response.content.decode()
    member.refresh_from_db()
    user = member.user
    assert user is not None and not user.has_usable_password()
    assert has_role(user, Role.INSURED)
    assert response.context["user"] == user
    actions = set(AuditEvent.objects.filter(object_id=str(member.pk)).values_list("action", flat=True))
    assert {
        "registry.selfservice_code_send",
        "registry.selfservice_account_create",
        "registry.selfservice_login",
    } <= actions
    assert all(code not in json.dumps(e.after) for e in AuditEvent.objects.all())


def test_the_code_logs_in_the_member_s_existing_account(member, client, sms, on_commit, make_user):
    account = make_user("aminetou", Role.INSURED)
    member.user = account
    member.save(update_fields=["user"])
    on_commit(code_request, registration_number=member.registration_number)
    [code] = sms()

    assert code_check(registration_number=member.registration_number, code=code) == account
    assert get_user_model().objects.filter(username__startswith="insured-").count() == 0


def test_a_malformed_number_is_refused_with_a_message_naming_the_field(db, client, sms):
    response = client.post(NUMBER_URL, {"registration_number": "MR12345"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field="registration_number"' in page
    assert "Registration number:" in page
    assert sms() == []


def test_an_unknown_number_gets_the_same_answer_and_nothing_is_sent(member, client, sms, on_commit):
    unknown = member.registration_number
    member.registration_number = "x"  # free the valid number: it is no longer in the register
    member.save(update_fields=["registration_number"])

    response = _ask(client, unknown, on_commit)

    assert response.redirect_chain[-1][0] == CODE_URL
    assert SENT in response.content.decode()
    assert sms() == [] and OneTimeCode.objects.count() == 0
    response = client.post(CODE_URL, {"code": "123456"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Wrong code." in response.content.decode()


def test_a_wrong_code_says_so_and_five_wrong_codes_void_it(member, client, sms, on_commit):
    _ask(client, member.registration_number, on_commit)
    [code] = sms()
    wrong = f"{(int(code) + 1) % 1000000:06d}"

    for _ in range(4):
        page = client.post(CODE_URL, {"code": wrong}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Wrong code." in page
    page = client.post(CODE_URL, {"code": wrong}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Too many wrong codes" in page
    page = client.post(CODE_URL, {"code": code}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Too many wrong codes" in page
    assert OneTimeCode.objects.get(member=member).attempts == 5
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="registry.selfservice_code_wrong").count() == 5


def test_an_expired_code_is_refused(member, sms, on_commit):
    sent = timezone.now() - datetime.timedelta(minutes=11)
    on_commit(code_request, registration_number=member.registration_number, now=sent)
    [code] = sms()

    with pytest.raises(CodeRefused) as error:
        code_check(registration_number=member.registration_number, code=code)

    assert error.value.reason == "expired"
    assert error.value.field == "code"


def test_a_code_works_once(member, sms, on_commit):
    on_commit(code_request, registration_number=member.registration_number)
    [code] = sms()
    code_check(registration_number=member.registration_number, code=code)

    with pytest.raises(CodeRefused):
        code_check(registration_number=member.registration_number, code=code)


def test_a_new_code_at_most_once_a_minute_and_it_replaces_the_last(member, client, sms, on_commit):
    now = timezone.now()
    on_commit(code_request, registration_number=member.registration_number, now=now)
    on_commit(code_request, registration_number=member.registration_number, now=now)
    assert len(sms()) == 1

    on_commit(
        code_request, registration_number=member.registration_number, now=now + datetime.timedelta(seconds=61)
    )

    first, second = sms()
    assert OneTimeCode.objects.filter(member=member).count() == 1
    with pytest.raises(CodeRefused):
        code_check(registration_number=member.registration_number, code=first)
    assert code_check(registration_number=member.registration_number, code=second) is not None


def test_the_resend_button_waits_a_minute(member, client, sms, on_commit):
    _ask(client, member.registration_number, on_commit)

    response = on_commit(
        client.post, reverse("registry:selfservice_resend"), HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    assert "once a minute" in response.content.decode()
    assert len(sms()) == 1


def test_the_code_sms_is_kept_off_the_member_page_and_out_of_the_logs(member, sms, on_commit):
    on_commit(code_request, registration_number=member.registration_number)
    [code] = sms()

    message = Message.objects.get(template=ONE_TIME_CODE)
    assert message.member_id is None and message.object_id == str(member.pk)
    assert message.status == "sent"
    assert code not in message.text  # masked in the outbox once sent
    assert code not in redact(message.text)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Your Sanad code: 123456."),
        ("fr", "Votre code Sanad : 123456."),
        ("ar", "رمز سند الخاص بكم: 123456."),
    ],
)
def test_the_code_sms_speaks_the_member_s_language(language, text):
    assert message_render(
        ONE_TIME_CODE, language=language, params={"code": "123456", "minutes": 10}
    ).startswith(text)


def test_the_staff_login_page_links_to_the_insured_login(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert NUMBER_URL in page
    assert "Insured person? Log in with your registration number" in page
