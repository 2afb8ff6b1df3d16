"""Settlement runs (seed 000: "validation et liquidation paiement des factures"): validated files gathered
into one payment order per payee, each file in one run only, the shares adding up to the cent."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from sanad.common.errors import DomainError, ErrorCode
from sanad.payments.models import PaymentOrder, SettledFile
from sanad.payments.services import settlement_run_gather, settlement_run_start
from sanad.payments.statuses import OrderStatus, PayeeKind, RunStatus
from tests.payments.conftest import RECEIVED, TODAY, make_dependant, make_member, validated_file

pytestmark = pytest.mark.django_db


def settle(actor, **scope):
    run = settlement_run_start(
        actor=actor,
        period_start=scope.pop("start", RECEIVED),
        period_end=scope.pop("end", RECEIVED),
        on=TODAY,
        **scope,
    )
    return settlement_run_gather(run_id=run.pk, chunk=scope.get("chunk", 3))


def test_a_run_makes_one_order_per_payee_direct_billing_to_the_facility_reimbursement_to_the_member(
    officer, centre, rib_centre
):
    validated_file(centre, billed="1000.00", fund_share="800.00")
    validated_file(centre, billed="500.00", fund_share="400.00")
    validated_file(rib_centre, billed="300.00", fund_share="300.00")
    member = make_member()
    validated_file(centre, member=member, reimbursement=True, billed="200.00", fund_share="160.00")
    # The dependant's reimbursement pays the member, on the same order.
    validated_file(
        centre, dependant=make_dependant(member), reimbursement=True, billed="100.00", fund_share="80.00"
    )

    run = settle(officer)

    assert run.status == RunStatus.PREPARED
    assert (run.files, run.orders) == (5, 3)
    orders = {o.payee_key: o for o in PaymentOrder.objects.filter(run=run)}
    assert orders[f"F{centre.pk}"].fund_share == Decimal("1200.00")
    assert orders[f"F{centre.pk}"].files == 2
    assert orders[f"F{rib_centre.pk}"].fund_share == Decimal("300.00")
    insured = orders[f"M{member.pk}"]
    assert (insured.payee_kind, insured.member_id, insured.files) == (PayeeKind.INSURED, member.pk, 2)
    assert insured.fund_share == Decimal("240.00")
    assert run.fund_share == Decimal("1740.00")


def test_fund_share_plus_patient_share_equals_billed_to_the_cent_across_a_run(officer, centre, rib_centre):
    amounts = [("1234.57", "987.66"), ("0.01", "0.00"), ("999.99", "333.33"), ("45.05", "36.04")]
    for n in range(12):
        billed, fund = amounts[n % len(amounts)]
        validated_file(centre if n % 2 else rib_centre, billed=billed, fund_share=fund)

    run = settle(officer)

    assert run.fund_share + run.patient_share == run.billed
    files = SettledFile.objects.filter(run=run)
    assert sum(f.fund_share for f in files) == run.fund_share
    assert sum(f.patient_share for f in files) == run.patient_share
    assert all(f.fund_share + f.patient_share == f.billed for f in files)
    for order in PaymentOrder.objects.filter(run=run):
        assert order.fund_share + order.patient_share == order.billed
    assert run.billed == sum(Decimal(b) for b, _f in amounts) * 3


def test_a_file_is_in_one_run_only_the_database_refuses_it_in_a_second(officer, centre):
    settled = validated_file(centre)
    first = settle(officer)
    validated_file(centre, received_on=RECEIVED)  # a file validated after the first run

    second = settle(officer)

    assert second.files == 1
    assert SettledFile.objects.get(billing_file=settled).run == first
    order = PaymentOrder.objects.get(run=second)
    with pytest.raises(IntegrityError), transaction.atomic():
        SettledFile.objects.create(
            billing_file=settled,
            run=second,
            order=order,
            decision_id=settled.decisions.get().pk,
            billed=Decimal("1"),
            fund_share=Decimal("1"),
            patient_share=Decimal("0"),
            penalty=Decimal("0"),
        )


def test_a_run_takes_only_validated_files_of_its_period_region_and_kind(officer, centre, rib_centre):
    validated_file(centre)
    validated_file(rib_centre)  # region MR-13
    validated_file(centre, received_on=RECEIVED + datetime.timedelta(days=40))  # after the period
    validated_file(centre, status="rejected", fund_share="0.00")

    run = settle(officer, region="MR-12")

    assert run.files == 1
    assert PaymentOrder.objects.get(run=run).facility == centre


def test_a_run_with_nothing_to_settle_is_refused(officer, centre):
    with pytest.raises(DomainError) as caught:
        settle(officer)
    assert caught.value.field == "period_start"


def test_an_order_of_nothing_is_closed_as_nothing_to_pay(officer, centre):
    validated_file(centre, billed="10.00", fund_share="0.00")

    run = settle(officer)

    assert PaymentOrder.objects.get(run=run).status == OrderStatus.NOTHING_DUE


def test_a_manager_reads_runs_but_does_not_prepare_them(manager, centre):
    validated_file(centre)
    with pytest.raises(PermissionDenied):
        settle(manager)


def test_a_second_run_started_while_one_is_being_prepared_is_refused_naming_it(officer, approver, centre):
    validated_file(centre)
    first = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)

    with pytest.raises(DomainError) as caught:
        settlement_run_start(actor=approver, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)

    assert caught.value.code == ErrorCode.CONFLICT
    assert first.number in caught.value.message
    assert "Aïcha" in caught.value.message
