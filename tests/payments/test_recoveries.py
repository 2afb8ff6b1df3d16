"""Recoveries (indus, issue §6; seed 000: the finance department liquidates what is due): a file found wrong
after payment leaves its payee owing the difference, deducted from its next run, never below zero."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from sanad.claims.models import FileDecision
from sanad.claims.services.complaints import complaint_answer, complaint_register
from sanad.common.errors import DomainError
from sanad.common.permissions import Role
from sanad.payments.models import PaymentOrder, Recovery, RecoveryOffset, RecoveryReason, RecoveryStatus
from sanad.payments.recoveries.services import recovery_duplicate, recovery_paid_back
from sanad.payments.services import settlement_run_approve, settlement_run_cancel
from sanad.payments.statuses import OrderStatus, RunStatus
from tests.payments.conftest import RECEIVED, TODAY, validated_file
from tests.payments.test_settlement_runs import settle

pytestmark = pytest.mark.django_db

LATER = datetime.date(2026, 5, 4)


def paid_run(officer, approver, **scope):
    """A run settled, approved and paid (the bank's confirmations are tested in test_confirmations)."""
    run = settle(officer, **scope)
    settlement_run_approve(actor=approver, run_id=run.pk)
    run.payment_orders.update(status=OrderStatus.PAID, paid_on=TODAY)
    type(run).objects.filter(pk=run.pk).update(status=RunStatus.PAID)
    return run


def decide_again(billing_file, fund_share: str) -> FileDecision:
    """A medical adviser decides the paid file again (the engine's and the adviser's paths are tested in
    tests/claims): the new decision replaces the one paid."""
    old = FileDecision.objects.get(billing_file=billing_file, is_current=True)
    FileDecision.objects.filter(pk=old.pk).update(is_current=False)
    fund = Decimal(fund_share)
    return FileDecision.objects.create(
        billing_file=billing_file,
        source="medical_adviser",
        decided_on=LATER,
        status="accepted",
        routing="auto_approve",
        payee=old.payee,
        currency=old.currency,
        billed=old.billed,
        fund_share=fund,
        patient_share=old.billed - fund,
        penalty=Decimal("0.00"),
    )


def test_a_paid_file_reduced_by_an_upheld_complaint_is_recovered_on_the_next_run(
    officer, approver, make_user, centre
):
    paid = validated_file(centre, billed="1000.00", fund_share="800.00")
    paid_run(officer, approver)
    clerk = make_user("khadi", Role.CLAIMS_CHECKER)
    complaint = complaint_register(
        actor=clerk,
        complainant="facility",
        region="MR-12",
        subject="Facture contestée",
        received_on=LATER,
        billing_file_id=paid.pk,
        on_decision=True,
    )
    # Upheld: the engine decides the file again (a sheet without a line to pay: nothing is due on it).
    complaint_answer(actor=clerk, complaint_id=complaint.pk, answer="Fondée", uphold=True, on=LATER)
    current = FileDecision.objects.get(billing_file=paid, is_current=True)
    assert current.fund_share < Decimal("800.00")
    validated_file(centre, billed="1500.00", fund_share="1200.00", received_on=LATER)

    run = settle(officer, start=LATER, end=LATER)

    recovery = Recovery.objects.get(billing_file=paid)
    assert recovery.reason == RecoveryReason.DECIDED_AGAIN
    assert recovery.amount == Decimal("800.00") - current.fund_share
    order = PaymentOrder.objects.get(run=run)
    assert order.recovered == recovery.amount
    assert order.amount == Decimal("1200.00") - recovery.amount
    assert run.recovered == recovery.amount
    assert recovery.payee_key == order.payee_key


def test_an_offset_never_makes_an_order_negative_and_the_rest_carries_over(officer, approver, centre):
    first = validated_file(centre, billed="1000.00", fund_share="800.00")
    paid_run(officer, approver)
    decide_again(first, "0.00")
    validated_file(centre, billed="500.00", fund_share="300.00", received_on=LATER)

    second = paid_run(officer, approver, start=LATER, end=LATER)

    order = PaymentOrder.objects.get(run=second)
    assert (order.recovered, order.amount) == (Decimal("300.00"), Decimal("0.00"))
    recovery = Recovery.objects.get(billing_file=first)
    assert recovery.status == RecoveryStatus.OPEN
    # The 500 left are deducted from the run after.
    later = LATER + datetime.timedelta(days=1)
    validated_file(centre, billed="1000.00", fund_share="900.00", received_on=later)
    third = settle(officer, start=later, end=later)
    order = PaymentOrder.objects.get(run=third)
    assert (order.recovered, order.amount) == (Decimal("500.00"), Decimal("400.00"))
    recovery.refresh_from_db()
    assert recovery.status == RecoveryStatus.RECOVERED


def test_an_order_fully_recovered_has_nothing_to_pay(officer, approver, centre):
    first = validated_file(centre, fund_share="800.00")
    paid_run(officer, approver)
    decide_again(first, "100.00")
    validated_file(centre, billed="700.00", fund_share="700.00", received_on=LATER)

    run = settle(officer, start=LATER, end=LATER)

    order = PaymentOrder.objects.get(run=run)
    assert (order.recovered, order.status) == (Decimal("700.00"), OrderStatus.NOTHING_DUE)


def test_the_database_refuses_an_order_recovered_beyond_its_fund_share(officer, centre):
    validated_file(centre, fund_share="800.00")
    run = settle(officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentOrder.objects.filter(run=run).update(recovered=Decimal("800.01"))


def test_a_file_decided_again_is_recovered_once(officer, approver, centre):
    first = validated_file(centre, fund_share="800.00")
    paid_run(officer, approver)
    decide_again(first, "500.00")
    validated_file(centre, fund_share="100.00", received_on=LATER)
    paid_run(officer, approver, start=LATER, end=LATER)
    later = LATER + datetime.timedelta(days=1)
    validated_file(centre, fund_share="900.00", received_on=later)

    settle(officer, start=later, end=later)

    assert list(Recovery.objects.values_list("amount", flat=True)) == [Decimal("300.00")]
    assert sum(RecoveryOffset.objects.values_list("amount", flat=True)) == Decimal("300.00")


def test_a_cancelled_run_gives_its_recoveries_back(officer, approver, centre):
    first = validated_file(centre, fund_share="800.00")
    paid_run(officer, approver)
    decide_again(first, "0.00")
    validated_file(centre, fund_share="900.00", received_on=LATER)
    run = settle(officer, start=LATER, end=LATER)
    assert Recovery.objects.get().status == RecoveryStatus.RECOVERED

    settlement_run_cancel(actor=officer, run_id=run.pk)

    assert Recovery.objects.get().status == RecoveryStatus.OPEN
    assert not RecoveryOffset.objects.exists()


def test_a_duplicate_paid_is_recovered_or_paid_back(officer, approver, centre):
    twice = validated_file(centre, fund_share="800.00")
    paid_run(officer, approver)

    recovery = recovery_duplicate(actor=officer, billing_file_id=twice.pk, on=LATER, note="Facture en double")
    assert (recovery.reason, recovery.amount) == (RecoveryReason.DUPLICATE, Decimal("800.00"))

    recovery_paid_back(actor=officer, recovery_id=recovery.pk, on=LATER)
    recovery.refresh_from_db()
    assert (recovery.status, recovery.paid_back) == (RecoveryStatus.PAID_BACK, Decimal("800.00"))
    validated_file(centre, fund_share="900.00", received_on=LATER)
    run = settle(officer, start=LATER, end=LATER)
    assert PaymentOrder.objects.get(run=run).recovered == Decimal("0.00")


def test_only_a_paid_file_can_be_recorded_as_a_duplicate(officer, centre):
    unpaid = validated_file(centre)
    with pytest.raises(DomainError):
        recovery_duplicate(actor=officer, billing_file_id=unpaid.pk, on=RECEIVED)
