"""SMS to the insured about their claims (issue 7, item 6): a file received, a file decided, a complaint
answered; in the member's language, once per event, and in a constant number of queries per signal."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanad.claims.models import BillingFile, Complaint, FileDecision
from sanad.claims.services import billing_file_register
from sanad.claims.signals import billing_files_decided, billing_files_received, complaint_answered
from sanad.claims.statuses import Channel, FileStatus
from sanad.common.models import AuditEvent
from sanad.funds import load_profile
from sanad.notifications.models import Message
from sanad.notifications.services import MessageInput, message_queue_many
from sanad.notifications.texts import TEXTS, ClaimTemplate, message_language, message_render
from sanad.registry.models import Dependant, Member
from tests.claims.complaints.conftest import (
    TODAY,
    centre_create,
    clinic_create,
    make_member,
    sheet_for,
)

FUND = "cnss-ma"

PARAMS = {
    ClaimTemplate.FILE_RECEIVED: {
        "fund": "CNSS",
        "file": 1234,
        "facility": "Clinique Anfa",
        "received": datetime.date(2026, 11, 3),
    },
    ClaimTemplate.FILE_VALIDATED_INSURED: {
        "fund": "CNSS",
        "file": 1234,
        "facility": "Clinique Anfa",
        "amount": Decimal("105.00"),
        "currency": "MAD",
    },
    ClaimTemplate.FILE_VALIDATED_FACILITY: {
        "fund": "CNSS",
        "file": 1234,
        "facility": "Centre de santé Hay Hassani",
        "amount": Decimal("135.00"),
        "patient_share": Decimal("15.00"),
        "currency": "MAD",
    },
    ClaimTemplate.FILE_REJECTED: {"fund": "CNSS", "file": 1234, "facility": "Clinique Anfa"},
    ClaimTemplate.COMPLAINT_ANSWERED: {
        "fund": "CNSS",
        "number": "RC-MA-06-2026-00007",
        "date": datetime.date(2026, 11, 20),
    },
    ClaimTemplate.COMPLAINT_UPHELD: {
        "fund": "CNSS",
        "number": "RC-MA-06-2026-00007",
        "date": datetime.date(2026, 11, 20),
        "file": 1234,
    },
}


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = FUND


@pytest.fixture
def world(db):
    return {"clinic": clinic_create(), "centre": centre_create()}


_invoice = iter(range(1, 10**6))


def _received(facility, member=None, *, dependant=None, channel=Channel.DIRECT_BILLING) -> BillingFile:
    return billing_file_register(
        actor=None,
        sheet=sheet_for(facility, member=member, dependant=dependant),
        invoice_number=f"INV-{next(_invoice)}",
        received_on=TODAY,
        channel=channel,
    )


def _decide(billing_file: BillingFile, status: str, *, payee="facility", fund_share="135.00") -> FileDecision:
    FileDecision.objects.filter(billing_file=billing_file, is_current=True).update(is_current=False)
    billing_file.status = status
    billing_file.save(update_fields=["status"])
    fund = Decimal(fund_share)
    return FileDecision.objects.create(
        billing_file=billing_file,
        decided_on=TODAY,
        status="rejected" if status == FileStatus.REJECTED else "accepted",
        routing="auto_approve",
        payee=payee,
        currency="MAD",
        billed=Decimal("150.00"),
        fund_share=fund,
        patient_share=Decimal("150.00") - fund,
        penalty=Decimal("0.00"),
    )


# ---- Texts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", ClaimTemplate.ALL)
@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_every_claims_message_exists_in_the_three_languages_with_its_values(template, language):
    params = PARAMS[template]

    text = message_render(template, language=language, params=params)

    for name, value in params.items():
        shown = str(value)
        if isinstance(value, datetime.date):
            # Each language writes a date its own way (Arabic with direction marks); French as 03/11/2026.
            shown = value.strftime("%d/%m/%Y") if language == "fr" else str(value.year)
        assert shown in text, (name, text)
    if language != "en":
        assert text != TEXTS[template] % params  # translated, not the English source


def test_the_french_texts_read_as_the_fund_writes_them():
    text = message_render(
        ClaimTemplate.FILE_VALIDATED_INSURED,
        language="fr",
        params=PARAMS[ClaimTemplate.FILE_VALIDATED_INSURED],
    )
    assert text.startswith("CNSS : votre dossier 1234")
    assert "105.00 MAD" in text


# ---- Receivers --------------------------------------------------------------------------------------------


def test_a_file_received_is_announced_to_the_member_once(world):
    member = make_member()
    billing_file = _received(world["centre"], member)

    billing_files_received.send(sender=None, file_ids=[billing_file.pk])
    billing_files_received.send(sender=None, file_ids=[billing_file.pk])

    message = Message.objects.get()
    assert message.template == ClaimTemplate.FILE_RECEIVED
    assert (message.recipient, message.member_id) == (member.phone, member.pk)
    assert message.language == message_language(load_profile(FUND), member) == "fr"
    assert (message.object_type, message.object_id) == ("claims.billingfile", str(billing_file.pk))
    assert billing_file.invoice_number in message.text  # the file as the insured knows it
    assert "Centre de santé Hay Hassani" in message.text
    assert message.dedupe_key == f"claims.received:{billing_file.pk}"
    assert AuditEvent.objects.filter(action="notifications.message_queue", object_id=str(message.pk)).exists()


def test_a_dependants_file_is_announced_to_the_members_phone_and_none_without_a_phone(world):
    member = make_member()
    son = Dependant.objects.create(
        member=member,
        first_name="Youssef",
        last_name="El Idrissi",
        sex="M",
        birth_date=datetime.date(2015, 6, 1),
        relationship="child",
    )
    silent = make_member(phone="")
    files = [_received(world["centre"], dependant=son), _received(world["centre"], silent)]

    billing_files_received.send(sender=None, file_ids=[f.pk for f in files])

    assert list(Message.objects.values_list("recipient", "object_id")) == [(member.phone, str(files[0].pk))]


def test_messages_go_out_in_the_members_language(world):
    member = make_member()
    Member.objects.filter(pk=member.pk).update(language="ar")  # chosen at enrollment
    member.refresh_from_db()
    billing_file = _received(world["clinic"], member, channel=Channel.REIMBURSEMENT)
    _decide(billing_file, FileStatus.VALIDATED, payee="insured", fund_share="105.00")

    billing_files_received.send(sender=None, file_ids=[billing_file.pk])
    billing_files_decided.send(sender=None, file_ids=[billing_file.pk])

    messages = list(Message.objects.order_by("pk"))
    assert [m.language for m in messages] == ["ar", "ar"]
    assert "مصحة أنفا" in messages[0].text  # the facility's Arabic name
    assert messages[1].text == message_render(
        ClaimTemplate.FILE_VALIDATED_INSURED,
        language="ar",
        params={
            "fund": "CNSS",
            "file": billing_file.invoice_number,
            "facility": "مصحة أنفا",
            "amount": "105.00",
            "currency": "MAD",
        },
    )


def test_a_decision_says_what_the_fund_pays_and_to_whom(world):
    member = make_member()
    direct = _received(world["centre"], member)
    refund = _received(world["clinic"], member, channel=Channel.REIMBURSEMENT)
    rejected = _received(world["centre"], member)
    reviewed = _received(world["centre"], member)
    _decide(direct, FileStatus.VALIDATED)
    _decide(refund, FileStatus.VALIDATED, payee="insured", fund_share="105.00")
    _decide(rejected, FileStatus.REJECTED, fund_share="0.00")
    _decide(reviewed, FileStatus.MEDICAL_REVIEW)

    billing_files_decided.send(sender=None, file_ids=[direct.pk, refund.pk, rejected.pk, reviewed.pk])

    sent = {int(m.object_id): m for m in Message.objects.all()}
    assert set(sent) == {direct.pk, refund.pk, rejected.pk}  # a file still under review is not decided
    assert sent[direct.pk].template == ClaimTemplate.FILE_VALIDATED_FACILITY
    assert "135.00 MAD" in sent[direct.pk].text and "15.00 MAD" in sent[direct.pk].text
    assert sent[refund.pk].template == ClaimTemplate.FILE_VALIDATED_INSURED
    assert "105.00 MAD" in sent[refund.pk].text
    assert sent[rejected.pk].template == ClaimTemplate.FILE_REJECTED


def test_a_file_decided_again_gets_a_message_about_its_new_decision(world):
    member = make_member()
    billing_file = _received(world["centre"], member)
    first = _decide(billing_file, FileStatus.REJECTED, fund_share="0.00")
    billing_files_decided.send(sender=None, file_ids=[billing_file.pk])
    billing_files_decided.send(sender=None, file_ids=[billing_file.pk])  # the same decision: no repeat
    second = _decide(billing_file, FileStatus.VALIDATED)

    billing_files_decided.send(sender=None, file_ids=[billing_file.pk])

    keys = sorted(Message.objects.values_list("dedupe_key", flat=True))
    assert keys == sorted(
        [f"claims.decided:{billing_file.pk}:{first.pk}", f"claims.decided:{billing_file.pk}:{second.pk}"]
    )


def _complaint(member, *, reopened: bool, complainant="insured", billing_file=None) -> Complaint:
    return Complaint.objects.create(
        number=f"RC-MA-06-{TODAY.year}-{Complaint.objects.count() + 1:05d}",
        complainant=complainant,
        member=member if complainant == "insured" else None,
        facility=None,
        billing_file=billing_file,
        region="MA-06",
        subject="Why?",
        received_on=TODAY,
        due_on=TODAY,
        status="answered",
        answer="Because.",
        answered_on=TODAY,
        reopened=reopened,
    )


def test_an_answered_complaint_is_announced_to_the_insured_complainant(world):
    member = make_member()
    billing_file = _received(world["centre"], member)
    answered = _complaint(member, reopened=False)
    upheld = _complaint(member, reopened=True, billing_file=billing_file)
    from_facility = _complaint(member, reopened=False, complainant="facility")

    for complaint in (answered, upheld, from_facility, answered):
        complaint_answered.send(sender=None, complaint_id=complaint.pk)

    sent = {int(m.object_id): m for m in Message.objects.all()}
    assert set(sent) == {answered.pk, upheld.pk}
    assert sent[answered.pk].template == ClaimTemplate.COMPLAINT_ANSWERED
    assert answered.number in sent[answered.pk].text
    assert sent[upheld.pk].template == ClaimTemplate.COMPLAINT_UPHELD
    assert billing_file.invoice_number in sent[upheld.pk].text  # the file as the insured knows it
    assert sent[upheld.pk].object_type == "claims.complaint"


# ---- Scale ------------------------------------------------------------------------------------------------


def _families(world, count: int) -> list[BillingFile]:
    return [_received(world["centre"], make_member(phone=f"+2126{i:08d}")) for i in range(count)]


def test_the_received_receiver_costs_the_same_queries_for_1_and_50_files(
    world, django_assert_max_num_queries
):
    one = _families(world, 1)
    fifty = _families(world, 50)
    with CaptureQueriesContext(connection) as for_one:
        billing_files_received.send(sender=None, file_ids=[f.pk for f in one])

    with django_assert_max_num_queries(len(for_one.captured_queries)):
        billing_files_received.send(sender=None, file_ids=[f.pk for f in fifty])

    assert Message.objects.filter(template=ClaimTemplate.FILE_RECEIVED).count() == 51


def test_the_decided_receiver_costs_the_same_queries_for_1_and_50_files(world, django_assert_max_num_queries):
    one = _families(world, 1)
    fifty = _families(world, 50)
    for billing_file in one + fifty:
        _decide(billing_file, FileStatus.VALIDATED)
    with CaptureQueriesContext(connection) as for_one:
        billing_files_decided.send(sender=None, file_ids=[f.pk for f in one])

    with django_assert_max_num_queries(len(for_one.captured_queries)):
        billing_files_decided.send(sender=None, file_ids=[f.pk for f in fifty])

    assert Message.objects.filter(template=ClaimTemplate.FILE_VALIDATED_FACILITY).count() == 51


# ---- The bulk outbox --------------------------------------------------------------------------------------


def _input(n: int, key: str | None) -> MessageInput:
    return MessageInput(
        template=ClaimTemplate.FILE_REJECTED,
        recipient=f"+2126000000{n:02d}",
        language="fr",
        params={"fund": "CNSS", "file": n, "facility": "Clinique Anfa"},
        about=("claims.billingfile", str(n)),
        dedupe_key=key,
    )


def test_queuing_many_keeps_the_rule_of_one_message_per_dedupe_key(db, django_capture_on_commit_callbacks):
    message_queue_many(messages=[_input(1, "k1")])

    with django_capture_on_commit_callbacks() as callbacks:
        created = message_queue_many(
            messages=[_input(1, "k1"), _input(2, "k2"), _input(3, "k2"), _input(4, None)]
        )

    assert [m.object_id for m in created] == ["2", "4"]
    assert Message.objects.count() == 3
    assert AuditEvent.objects.filter(action="notifications.message_queue").count() == 3
    assert len(callbacks) == 1  # the sends are scheduled once, after the commit
