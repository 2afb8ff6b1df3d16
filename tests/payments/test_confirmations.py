"""The bank's confirmations: a camt.054 debit notification marks orders paid; a pain.002 rejection returns
an order, which is paid again after its bank details are corrected, never as a second order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanad.common.errors import DomainError
from sanad.payments.models import PaymentOrder, Transfer
from sanad.payments.services import (
    bank_file_issue,
    confirmation_import,
    settlement_run_approve,
    settlement_run_gather,
    settlement_run_start,
)
from sanad.payments.statuses import OrderStatus, RunStatus, TransferStatus
from tests.payments.bank_messages import debit_notification, status_report
from tests.payments.conftest import OTHER_IBAN, RECEIVED, TODAY, validated_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(officer, approver, centre, rib_centre):
    validated_file(centre, billed="1000.00", fund_share="800.00")
    validated_file(rib_centre, billed="250.00", fund_share="200.00")
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    settlement_run_gather(run_id=run.pk)
    settlement_run_approve(actor=approver, run_id=run.pk)
    return bank_file_issue(actor=officer, run_id=run.pk, on=TODAY).bank_file


def transfer_of(facility):
    return Transfer.objects.get(order__facility=facility)


def test_a_camt054_marks_orders_paid(officer, sent, centre, rib_centre):
    debits = [(transfer_of(f).end_to_end_id, transfer_of(f).amount) for f in (centre, rib_centre)]

    imported = confirmation_import(actor=officer, content=debit_notification("CAMT-1", debits))

    assert (imported.record.paid, imported.record.rejected, imported.record.unknown) == (2, 0, [])
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.PAID}
    assert str(PaymentOrder.objects.first().paid_on) == "2026-05-03"
    sent.run.refresh_from_db()
    assert sent.run.status == RunStatus.PAID


def test_a_pain002_rejection_returns_the_order_and_it_is_paid_again_without_a_second_order(
    officer, sent, centre, rib_centre
):
    rejected = transfer_of(rib_centre)
    report = status_report(
        "STS-1",
        sent.message_id,
        [(rejected.end_to_end_id, "RJCT", "AC01"), (transfer_of(centre).end_to_end_id, "ACSC", "")],
    )

    confirmation_import(actor=officer, content=report)

    rejected.refresh_from_db()
    order = rejected.order
    order.refresh_from_db()
    assert (rejected.status, rejected.reason_code, order.status) == ("rejected", "AC01", OrderStatus.REJECTED)
    sent.run.refresh_from_db()
    assert sent.run.status == RunStatus.PARTLY_REJECTED
    # Not sent again while the bank details are those the bank rejected.
    with pytest.raises(DomainError):
        bank_file_issue(actor=officer, run_id=sent.run_id, on=TODAY)
    rib_centre.bank_account = OTHER_IBAN
    rib_centre.save()

    again = bank_file_issue(actor=officer, run_id=sent.run_id, on=TODAY).bank_file

    assert (again.sequence, again.transactions, again.control_sum) == (2, 1, Decimal("200.00"))
    assert PaymentOrder.objects.filter(run=sent.run).count() == 2
    second = Transfer.objects.get(bank_file=again)
    assert (second.order_id, second.attempt, second.account) == (order.pk, 2, OTHER_IBAN)
    confirmation_import(
        actor=officer, content=debit_notification("CAMT-2", [(second.end_to_end_id, "200.00")])
    )
    order.refresh_from_db()
    sent.run.refresh_from_db()
    assert (order.status, sent.run.status) == (OrderStatus.PAID, RunStatus.PAID)


def test_the_same_confirmation_imported_twice_changes_nothing_the_second_time(officer, sent, centre):
    content = debit_notification("CAMT-1", [(transfer_of(centre).end_to_end_id, "800.00")])
    first = confirmation_import(actor=officer, content=content)

    again = confirmation_import(actor=officer, content=content)

    assert again.repeated and again.record == first.record
    assert Transfer.objects.filter(status=TransferStatus.PAID).count() == 1


def test_a_rejection_of_a_transfer_already_paid_changes_nothing(officer, sent, centre):
    reference = transfer_of(centre).end_to_end_id
    confirmation_import(actor=officer, content=debit_notification("CAMT-1", [(reference, "800.00")]))

    late = confirmation_import(
        actor=officer, content=status_report("STS-9", sent.message_id, [(reference, "RJCT", "AC04")])
    )

    assert (late.record.rejected, late.record.unchanged) == (0, 1)
    assert transfer_of(centre).status == TransferStatus.PAID


def test_unknown_references_are_listed(officer, sent):
    imported = confirmation_import(
        actor=officer, content=debit_notification("CAMT-1", [("NOT-OURS-1", "5.00")])
    )

    assert imported.record.unknown == ["NOT-OURS-1"]


def test_a_file_that_is_no_confirmation_is_refused(officer, sent):
    with pytest.raises(DomainError) as caught:
        confirmation_import(actor=officer, content=b"<html>not a bank file</html>")
    assert caught.value.field == "file"
