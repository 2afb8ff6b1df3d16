"""The insured person's SMS on the fund's answer (issue 17, §4): approved, approved with reserve, refused, or
information asked of the facility; in the member's language, written in the decision's own transaction, and
never undoing the decision when it cannot be written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from sanad.authorizations import services
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.signals import announcements_silenced
from sanad.authorizations.statuses import RequestStatus
from sanad.notifications import services as notification_services
from sanad.notifications.models import Message
from sanad.notifications.texts import AuthorizationTemplate
from tests.authorizations.conftest import STAY, submit

pytestmark = pytest.mark.django_db

PAPERS = ("request_form", "confidential_report")
ITEMS = [services.Item("act", "HOSP-MED", 5)]
START = datetime.date(2026, 3, 7)


@pytest.fixture
def phone(member):
    member.phone = "+212612345678"
    member.save(update_fields=["phone"])
    return member


@pytest.fixture
def stay(clerk, phone, catalogue):
    return submit(clerk, phone, "medical_stay", "medical_stay", STAY, PAPERS)


def _decide(adviser, request, kind, **extra):
    return services.authorization_decide(actor=adviser, request=request, kind=kind, **extra)


def test_an_approval_tells_the_insured_person_where_and_until_when(adviser, stay, phone):
    _decide(adviser, stay, "approved", items=ITEMS, valid_from=START)

    message = Message.objects.get()
    assert message.template == AuthorizationTemplate.APPROVED and message.recipient == phone.phone
    assert (message.object_type, message.object_id) == ("authorizations.authorizationrequest", str(stay.pk))
    assert message.member_id == phone.pk and message.language == "fr"
    assert stay.reference in message.text and "Clinique CL-AMAL" in message.text
    assert "07/03/2026" in message.text and "05/04/2026" in message.text


def test_each_answer_has_its_message_in_the_members_language(clerk, adviser, phone, catalogue):
    phone.language = "ar"
    phone.save(update_fields=["language"])
    reserve, refused, asked = (
        submit(clerk, phone, "medical_stay", "medical_stay", STAY, PAPERS) for _ in range(3)
    )
    _decide(adviser, reserve, "approved_with_reserve", items=ITEMS, conditions="Compte rendu exigé")
    _decide(adviser, refused, "refused", reasons=["not_justified"])
    services.authorization_information_request(actor=adviser, request=asked, question="Le bilan ?")

    sent = {m.object_id: m for m in Message.objects.all()}
    assert sent[str(reserve.pk)].template == AuthorizationTemplate.APPROVED_WITH_RESERVE
    assert sent[str(refused.pk)].template == AuthorizationTemplate.REFUSED
    assert sent[str(asked.pk)].template == AuthorizationTemplate.INFORMATION_REQUESTED
    assert all(m.language == "ar" and "مصحة CL-AMAL" in m.text for m in sent.values())
    assert "Compte rendu" not in sent[str(reserve.pk)].text  # the conditions stay with the facility


def test_an_automatic_approval_is_told_too(clerk, phone, catalogue):
    values = {"device_code": "PROT-HANCHE", "quantity": "1", "quote_amount": "18000"}
    request = submit(clerk, phone, "device", "outpatient", values, ("prescription", "quote"))

    assert request.status == RequestStatus.APPROVED
    assert Message.objects.get().template == AuthorizationTemplate.APPROVED


def test_the_message_is_written_in_the_decisions_transaction(adviser, stay):
    with pytest.raises(RuntimeError), transaction.atomic():
        _decide(adviser, stay, "approved", items=ITEMS, valid_from=START)
        assert Message.objects.count() == 1
        raise RuntimeError("the decision is undone")

    assert not Message.objects.exists()
    assert AuthorizationRequest.objects.get(pk=stay.pk).status == RequestStatus.PENDING


def test_a_message_that_cannot_be_written_never_undoes_the_decision(adviser, stay, monkeypatch):
    def broken(**kwargs):
        raise ValueError("the outbox is down")

    monkeypatch.setattr(notification_services, "message_queue", broken)

    _decide(adviser, stay, "refused", reasons=["not_justified"])

    assert AuthorizationRequest.objects.get(pk=stay.pk).status == RequestStatus.REFUSED
    assert not Message.objects.exists()


def test_no_message_without_a_phone_nor_while_silenced(clerk, adviser, member, catalogue):
    request = submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS)
    _decide(adviser, request, "approved", items=ITEMS, amount=Decimal("3000"))
    assert not Message.objects.exists()

    member.phone = "+212612345678"
    member.save(update_fields=["phone"])
    other = submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS)
    with announcements_silenced():
        _decide(adviser, other, "approved", items=ITEMS)
    assert not Message.objects.exists()
