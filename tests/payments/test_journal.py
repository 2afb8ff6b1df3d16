"""The settlement journal (issue §5; seed 000: "validation et liquidation paiement des factures" by the
finance and accounting department): every run's entries balance to the cent, with the profile's accounts."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from sanad.claims.statuses import CareType
from sanad.common.vocabulary import Sector
from sanad.funds import types_payments
from sanad.funds.active import active_profile
from sanad.funds.loader import load_profile, profile_codes
from sanad.payments.accounting.journal import run_journal
from sanad.payments.models import Transfer
from sanad.payments.services import bank_file_issue, settlement_run_approve
from sanad.payments.statuses import TransferStatus
from tests.payments.conftest import TODAY, make_member, validated_file
from tests.payments.test_recoveries import LATER, decide_again, paid_run
from tests.payments.test_settlement_runs import settle

pytestmark = pytest.mark.django_db


def balance(lines) -> Decimal:
    return sum((line.debit - line.credit for line in lines), Decimal(0))


def by_entry(lines) -> dict[str, list]:
    entries: dict[str, list] = {}
    for line in lines:
        entries.setdefault(line.entry, []).append(line)
    return entries


def test_the_journal_balances_every_entry_and_its_expense_equals_the_run_fund_share(
    officer, approver, centre, rib_centre
):
    validated_file(centre, billed="1000.00", fund_share="800.33")
    validated_file(rib_centre, billed="300.10", fund_share="300.10")
    validated_file(centre, member=make_member(), reimbursement=True, billed="200.00", fund_share="160.01")
    run = settle(officer)
    settlement_run_approve(actor=approver, run_id=run.pk)
    bank_file_issue(actor=officer, run_id=run.pk, on=TODAY)
    Transfer.objects.filter(order__run=run).update(status=TransferStatus.PAID, confirmed_on=TODAY)

    lines = run_journal(run)

    assert balance(lines) == 0
    assert all(balance(entry) == 0 for entry in by_entry(lines).values())
    chart = active_profile().payments.accounts
    expense = {code for (_key, code) in chart.expense}
    assert sum(line.debit for line in lines if line.account in expense) == run.fund_share
    paid = Transfer.objects.filter(order__run=run).values_list("amount", flat=True)
    # The insured person has no bank details yet: only the facilities' transfers were paid.
    assert sum(line.credit for line in lines if line.account == chart.bank) == sum(paid) > 0


def test_a_run_with_a_recovery_still_balances_and_pays_the_bank_less(officer, approver, centre):
    first = validated_file(centre, fund_share="800.00")
    paid_run(officer, approver)
    decide_again(first, "500.00")
    validated_file(centre, billed="1200.00", fund_share="1000.00", received_on=LATER)
    run = settle(officer, start=LATER, end=LATER)

    lines = run_journal(run)

    assert balance(lines) == 0
    chart = active_profile().payments.accounts
    assert sum(line.credit for line in lines if line.account == chart.recoveries) == Decimal("300.00")
    assert run.recovered == Decimal("300.00")


def test_every_profile_names_an_expense_account_for_each_care_type_and_sector():
    # The profile's keys are the claims' care types and the providers' sectors, repeated as plain data.
    assert set(types_payments.CARE_TYPES) == set(CareType.values)
    assert set(types_payments.SECTORS) == set(Sector.values)
    for code in profile_codes():
        chart = load_profile(code).payments.accounts
        for care_type in CareType.values:
            for sector in Sector.values:
                assert chart.expense_account(care_type, sector)


def test_the_journal_downloads_as_csv_with_the_account_codes(client, officer, approver, centre):
    validated_file(centre, billed="1000.00", fund_share="800.00")
    run = settle(officer)
    client.force_login(approver)

    response = client.get(f"/payments/run/{run.pk}/journal.csv")

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";" if ";" in body.splitlines()[0] else ","))
    chart = active_profile().payments.accounts
    accounts = {row[2] for row in rows[1:]}
    assert chart.facility_payable in accounts
    assert chart.expense_account("outpatient", "public") in accounts
