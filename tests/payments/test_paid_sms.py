"""An insured person gets an SMS, in their language, when the bank confirms their reimbursement paid;
written with the order's new status, in the same transaction; a facility gets none, nor does a rejection."""

from __future__ import annotations

import pytest
from django.db import transaction

from sanad.notifications.models import Message
from sanad.payments.models import PaymentOrder, Transfer
from sanad.payments.services import (
    bank_file_issue,
    confirmation_import,
    settlement_run_approve,
    settlement_run_gather,
    settlement_run_start,
)
from sanad.payments.statuses import OrderStatus, PayeeKind
from tests.payments.bank_messages import debit_notification, status_report
from tests.payments.conftest import RECEIVED, TODAY, make_member, validated_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def insured_sent(officer, approver, centre):
    """A run with a facility's order and an insured person's reimbursement, both sent to the bank. The
    register keeps no bank account for insured persons yet: the test gives the reimbursement its transfer."""
    member = make_member()
    member.phone, member.language = "+22236123456", "ar"
    member.save()
    validated_file(centre, billed="1000.00", fund_share="800.00")
    validated_file(centre, billed="300.00", fund_share="240.00", member=member, reimbursement=True)
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    settlement_run_gather(run_id=run.pk)
    settlement_run_approve(actor=approver, run_id=run.pk)
    bank_file = bank_file_issue(actor=officer, run_id=run.pk, on=TODAY).bank_file
    order = PaymentOrder.objects.get(payee_kind=PayeeKind.INSURED)
    Transfer.objects.create(
        order=order,
        bank_file=bank_file,
        end_to_end_id=f"{bank_file.message_id[:20]}-M{order.pk}",
        amount=order.amount,
        currency=run.currency,
        creditor_name=member.full_name,
        account="MR1300020001010000765432144",
    )
    PaymentOrder.objects.filter(pk=order.pk).update(status=OrderStatus.SENT)
    return bank_file, order


def debits(bank_file):
    return [(t.end_to_end_id, t.amount) for t in Transfer.objects.filter(bank_file=bank_file)]


def test_an_insured_person_is_told_in_their_language_when_their_reimbursement_is_paid(officer, insured_sent):
    bank_file, order = insured_sent

    confirmation_import(actor=officer, content=debit_notification("CAMT-SMS-1", debits(bank_file)))

    (message,) = Message.objects.all()
    assert (message.member_id, message.language, message.template) == (
        order.member_id,
        "ar",
        "reimbursement_paid",
    )
    assert "240" in message.text and "MRU" in message.text
    assert "reimbursement" not in message.text  # Arabic words, not the English msgid


def test_the_message_is_written_in_the_confirmations_transaction(officer, insured_sent):
    bank_file, _order = insured_sent

    with pytest.raises(RuntimeError), transaction.atomic():
        confirmation_import(actor=officer, content=debit_notification("CAMT-SMS-2", debits(bank_file)))
        raise RuntimeError("the import is undone")

    assert not Message.objects.exists()
    assert not PaymentOrder.objects.filter(status=OrderStatus.PAID).exists()


def test_a_rejected_reimbursement_sends_no_message_and_a_repeated_confirmation_no_second_one(
    officer, insured_sent
):
    bank_file, order = insured_sent
    transfer = Transfer.objects.get(order=order)
    rejection = status_report("STS-SMS", bank_file.message_id, [(transfer.end_to_end_id, "RJCT", "AC01")])

    confirmation_import(actor=officer, content=rejection)
    assert not Message.objects.exists()
    PaymentOrder.objects.filter(pk=order.pk).update(status=OrderStatus.SENT)
    Transfer.objects.filter(pk=transfer.pk).update(status="sent")
    confirmation_import(actor=officer, content=debit_notification("CAMT-SMS-3", debits(bank_file)))
    confirmation_import(actor=officer, content=debit_notification("CAMT-SMS-3", debits(bank_file)))

    assert Message.objects.count() == 1
