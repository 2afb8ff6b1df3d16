"""The payments demo: in every fund, settlement runs in every state from the demo's validated files,
prepared by one finance officer and approved by another, whose totals add up."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum

from sanad.common.demo import DEMO_PASSWORD
from sanad.common.permissions import Role
from sanad.demo.loader import demo_load
from sanad.payments.demo import SECOND_OFFICER, STATES, periods_split
from sanad.payments.models import (
    ConfirmationImport,
    FacilityAccountChange,
    GlobalInvoice,
    InvoiceStatus,
    Recovery,
    RecoveryOffset,
    RecoveryStatus,
    SettlementRun,
    Transfer,
)
from sanad.payments.statuses import RunStatus, TransferStatus
from sanad.registry.models import MemberBankAccount

FUNDS = ["cnass-mr", "cnops-ma", "cnss-ma"]
MEMBERS = 160


@pytest.fixture(autouse=True)
def _scans(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# A fixed day: what the demo's draws give (a run in every state, an offset in one) depends on the day.
DEMO_DAY = datetime.date(2026, 12, 7)


def _load(settings, fund: str):
    settings.SANAD_FUND = fund
    return demo_load(fund=fund, members=MEMBERS, seed=4, today=DEMO_DAY)


@pytest.mark.django_db
@pytest.mark.parametrize("fund", FUNDS)
def test_the_demo_has_a_settlement_run_in_every_state(settings, fund):
    ctx = _load(settings, fund)

    runs = list(SettlementRun.objects.order_by("period_start"))
    assert [run.status for run in runs] == list(STATES)
    assert ctx.counts["settlement_runs"] == len(runs)
    paid, partly, sent = runs[0], runs[1], runs[2]
    assert paid.bank_files.count() == partly.bank_files.count() == sent.bank_files.count() == 1
    assert ConfirmationImport.objects.filter(kind="camt.054").get().paid == paid.payment_orders.count()
    rejected = Transfer.objects.filter(bank_file__run=partly, status=TransferStatus.REJECTED)
    assert rejected.count() == 1 and rejected.get().reason_code
    assert not Transfer.objects.filter(bank_file__run=sent).exclude(status=TransferStatus.SENT).exists()
    # Around the runs: recoveries after the paid run, global invoices in every state, bank accounts.
    assert Recovery.objects.filter(status=RecoveryStatus.PAID_BACK).exists()
    assert RecoveryOffset.objects.filter(order__run=partly).exists()
    assert set(GlobalInvoice.objects.values_list("status", flat=True)) == set(InvoiceStatus.values)
    assert set(FacilityAccountChange.objects.values_list("status", flat=True)) == {"approved", "proposed"}
    # A reimbursement is transferred only to a member's approved account.
    approved = set(MemberBankAccount.objects.filter(status="approved").values_list("member_id", flat=True))
    paid_members = set(Transfer.objects.filter(order__payee_kind="insured").values_list("order__member_id"))
    assert {member for (member,) in paid_members} <= approved


@pytest.mark.django_db
@pytest.mark.parametrize("fund", FUNDS)
def test_the_demo_runs_totals_add_up(settings, fund):
    _load(settings, fund)

    for run in SettlementRun.objects.all():
        assert run.files > 0 and run.fund_share + run.patient_share == run.billed
        sums = run.payment_orders.aggregate(files=Sum("files"), billed=Sum("billed"), fund=Sum("fund_share"))
        assert (sums["files"], sums["billed"], sums["fund"]) == (run.files, run.billed, run.fund_share)
        settled = run.settled_files.aggregate(
            billed=Sum("billed"), fund=Sum("fund_share"), pat=Sum("patient_share")
        )
        assert settled["fund"] + settled["pat"] == settled["billed"] == run.billed
    # The runs' periods never overlap: each file is settled once.
    periods = list(SettlementRun.objects.order_by("period_start").values_list("period_start", "period_end"))
    assert all(earlier[1] < later[0] for earlier, later in itertools.pairwise(periods))


@pytest.mark.django_db
def test_four_eyes_in_the_demo_another_finance_officer_approved_every_run(settings):
    ctx = _load(settings, "cnass-mr")

    second = get_user_model().objects.get(username=SECOND_OFFICER)
    assert second.check_password(DEMO_PASSWORD)
    assert list(second.groups.values_list("name", flat=True)) == [Role.FINANCE_OFFICER.value]
    for run in SettlementRun.objects.exclude(status=RunStatus.PREPARED):
        assert run.prepared_by == ctx.users[Role.FINANCE_OFFICER.value]
        assert run.approved_by == second
    # The facility's account change was approved by the other finance officer (four eyes).
    change = FacilityAccountChange.objects.get(status="approved")
    assert change.proposed_by == ctx.users[Role.FINANCE_OFFICER.value] and change.decided_by == second


def test_the_periods_are_cut_at_days_of_receipt_with_as_many_files_each():
    day = datetime.date(2026, 10, 1)
    days = [(day + datetime.timedelta(days=i), n) for i, n in enumerate([3, 1, 1, 4, 2, 2, 1, 6])]

    periods = periods_split(days, 5)

    assert len(periods) == 5
    assert periods[0][0] == days[0][0] and periods[-1][1] == days[-1][0]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(periods))
    assert periods_split(days[:2], 5) == [(days[0][0], days[0][0]), (days[1][0], days[1][0])]
