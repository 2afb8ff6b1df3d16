"""Supplements: a paid file decided again for more (an upheld complaint, a review after payment) is paid the
difference by the next run, once per decision, never the whole amount again; the statement shows it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from sanad.payments.accounting.journal import run_journal
from sanad.payments.models import PaymentOrder, Recovery, Supplement
from sanad.payments.services import settlement_run_approve, settlement_run_cancel
from sanad.payments.statements.papers import statement_xlsx
from sanad.payments.statements.selectors import statement_of
from tests.payments.conftest import validated_file
from tests.payments.test_recoveries import LATER, decide_again, paid_run
from tests.payments.test_settlement_runs import settle

pytestmark = pytest.mark.django_db


def test_difference_paid_when_decided_again_for_more(officer, approver, centre):
    paid = validated_file(centre, billed="1000.00", fund_share="800.00")
    paid_run(officer, approver)
    decision = decide_again(paid, "923.47")
    validated_file(centre, billed="100.10", fund_share="80.08", received_on=LATER)

    run = settle(officer, start=LATER, end=LATER)

    supplement = Supplement.objects.get(run=run)
    assert (supplement.billing_file_id, supplement.decision_id) == (paid.pk, decision.pk)
    assert (supplement.paid, supplement.now_due, supplement.amount) == (
        Decimal("800.00"),
        Decimal("923.47"),
        Decimal("123.47"),
    )
    order = PaymentOrder.objects.get(run=run, facility=centre)
    # The new file's share, plus the difference: never the whole 923.47 again.
    assert (order.fund_share, order.supplement, order.amount) == (
        Decimal("80.08"),
        Decimal("123.47"),
        Decimal("203.55"),
    )
    assert run.supplement == Decimal("123.47")
    # The journal still balances to the cent.
    lines = run_journal(run)
    assert sum(line.debit for line in lines) == sum(line.credit for line in lines) == Decimal("203.55")


def test_one_supplement_per_decision(officer, approver, centre):
    paid = validated_file(centre, fund_share="800.00")
    first = paid_run(officer, approver)
    decide_again(paid, "850.50")
    validated_file(centre, fund_share="10.00", received_on=LATER)
    second = settle(officer, start=LATER, end=LATER)
    settlement_run_approve(actor=approver, run_id=second.pk)
    # A third run, the same decision: nothing more is paid on the file.
    later = LATER.replace(day=LATER.day + 1)
    validated_file(centre, fund_share="20.00", received_on=later)
    third = settle(officer, start=later, end=later)
    assert not Supplement.objects.filter(run=third).exists()
    assert PaymentOrder.objects.get(run=third).supplement == Decimal("0.00")
    # Decided again once more, higher: only the new difference.
    decide_again(paid, "900.01")
    settlement_run_cancel(actor=officer, run_id=third.pk)
    third = settle(officer, start=later, end=later)
    assert Supplement.objects.get(run=third).amount == Decimal("49.51")
    assert sum(Supplement.objects.filter(billing_file=paid).values_list("amount", flat=True)) == Decimal(
        "100.01"
    )
    assert first.pk != second.pk


def test_a_payee_without_a_new_file_gets_an_order_for_its_supplement(officer, approver, centre, rib_centre):
    paid = validated_file(rib_centre, fund_share="300.00")
    paid_run(officer, approver)
    decide_again(paid, "300.01")
    validated_file(centre, fund_share="10.00", received_on=LATER)

    run = settle(officer, start=LATER, end=LATER)

    order = PaymentOrder.objects.get(run=run, facility=rib_centre)
    assert (order.files, order.fund_share, order.supplement, order.amount) == (
        0,
        Decimal("0.00"),
        Decimal("0.01"),
        Decimal("0.01"),
    )
    assert order.status == "to_pay"
    assert run.orders == 2


def test_a_supplement_after_a_recovery_pays_only_what_was_not_paid(officer, approver, centre):
    paid = validated_file(centre, fund_share="800.00")
    paid_run(officer, approver)
    decide_again(paid, "700.00")
    validated_file(centre, fund_share="500.00", received_on=LATER)
    second = settle(officer, start=LATER, end=LATER)
    assert Recovery.objects.get(billing_file=paid).amount == Decimal("100.00")
    settlement_run_approve(actor=approver, run_id=second.pk)
    # The complaint is upheld on appeal: 750.25 is due, 700.00 was paid (800.00 less 100.00 recovered).
    decide_again(paid, "750.25")
    later = LATER.replace(day=LATER.day + 1)
    validated_file(centre, fund_share="1.00", received_on=later)

    third = settle(officer, start=later, end=later)

    assert Supplement.objects.get(run=third).amount == Decimal("50.25")


def test_the_statement_shows_the_supplement(officer, approver, centre):
    paid = validated_file(centre, fund_share="800.00")
    paid_run(officer, approver)
    decide_again(paid, "812.34")
    validated_file(centre, fund_share="100.00", received_on=LATER)
    run = settle(officer, start=LATER, end=LATER)

    statement = statement_of(order=PaymentOrder.objects.get(run=run), today=timezone.localdate())

    assert [s.amount for s in statement.supplements] == [Decimal("12.34")]
    assert statement.net == Decimal("112.34")
    assert statement_xlsx(statement)[:2] == b"PK"
