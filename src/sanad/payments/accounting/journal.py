"""A run's journal entries in double entry (issue §5; seed 000: the finance and accounting department
liquidates and pays the invoices): the expense of its files (and of the supplements it pays on files settled
before) per care type and sector against what it owes
each payee; what is recovered from a payee against the sums to recover; each transfer paid against the bank.
Every entry balances: the debits equal the credits to the cent. Account codes come from the fund's profile.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from sanad.claims.statuses import CareType
from sanad.common.vocabulary import Sector
from sanad.funds.active import active_profile
from sanad.payments.models import PaymentOrder, SettledFile, SettlementRun, Supplement, Transfer
from sanad.payments.selectors.report import payee_row
from sanad.payments.statuses import PayeeKind, TransferStatus

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of an entry: an account debited or credited, for a payee when it is a third party's."""

    on: datetime.date
    entry: str
    account: str
    payee: str
    label: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO


def _cents(value: Decimal | None) -> Decimal:
    # SQLite sums money as floats: back to exact cents.
    return Decimal(str(value or 0)).quantize(CENT)


def _payable(order: PaymentOrder) -> str:
    chart = active_profile().payments.accounts
    return chart.facility_payable if order.payee_kind == PayeeKind.FACILITY else chart.insured_payable


def _settlement(run: SettlementRun, orders: list[PaymentOrder]) -> list[Line]:
    """The run's expense per care type and sector of the facility, debited; each payee's due, credited."""
    chart = active_profile().payments.accounts
    entry = run.number
    keys = ("billing_file__care_sheet__care_type", "billing_file__facility__sector")
    totals: dict[tuple[str, str], Decimal] = {}
    # The files it settles, and the differences it pays on files settled before (supplements).
    for model, column in ((SettledFile, "fund_share"), (Supplement, "amount")):
        rows = model.objects.filter(run=run).values_list(*keys).annotate(total=Sum(column)).order_by(*keys)
        for care_type, sector, total in rows:
            totals[care_type, sector] = totals.get((care_type, sector), ZERO) + _cents(total)
    lines = []
    for (care_type, sector), amount in sorted(totals.items()):
        if amount:
            label = _("Care paid: %(care)s, %(sector)s sector") % {
                "care": CareType(care_type).label,
                "sector": Sector(sector).label,
            }
            account = chart.expense_account(care_type, sector)
            lines.append(Line(run.on, entry, account, "", label, debit=amount))
    for order in orders:
        if order.due:
            row = payee_row(order)
            label = _("Due to %(payee)s") % {"payee": row.name}
            lines.append(Line(run.on, entry, _payable(order), row.reference, label, credit=order.due))
    return lines


def _recoveries(run: SettlementRun, orders: list[PaymentOrder]) -> list[Line]:
    """What is deducted from a payee's order for a sum paid wrongly before: its due, debited; the sums to
    recover from it, credited."""
    chart = active_profile().payments.accounts
    entry = f"{run.number}-R"
    lines = []
    for order in orders:
        if order.recovered:
            row = payee_row(order)
            label = _("Recovery deducted from %(payee)s") % {"payee": row.name}
            lines += [
                Line(run.on, entry, _payable(order), row.reference, label, debit=order.recovered),
                Line(run.on, entry, chart.recoveries, row.reference, label, credit=order.recovered),
            ]
    return lines


def _payments(run: SettlementRun) -> list[Line]:
    """Each transfer the bank confirmed paid: the payee's due, debited; the bank, credited."""
    chart = active_profile().payments.accounts
    lines = []
    transfers = (
        Transfer.objects.filter(order__run=run, status=TransferStatus.PAID)
        .select_related("order__facility", "order__member")
        .order_by("confirmed_on", "id")
    )
    for transfer in transfers:
        row = payee_row(transfer.order)
        on = transfer.confirmed_on or run.on
        label = _("Transfer to %(payee)s") % {"payee": row.name}
        account = _payable(transfer.order)
        lines += [
            Line(on, transfer.end_to_end_id, account, row.reference, label, debit=transfer.amount),
            Line(on, transfer.end_to_end_id, chart.bank, row.reference, label, credit=transfer.amount),
        ]
    return lines


def run_journal(run: SettlementRun) -> list[Line]:
    """The run's journal: settlement, recoveries, then payments, each entry balanced."""
    orders = list(
        PaymentOrder.objects.filter(run=run).select_related("facility", "member").order_by("payee_key")
    )
    return _settlement(run, orders) + _recoveries(run, orders) + _payments(run)


def journal_rows(run: SettlementRun) -> list[list]:
    """The journal as the export's rows: date, entry, account, payee, label, debit, credit."""
    return [
        [line.on, line.entry, line.account, line.payee, line.label, line.debit, line.credit]
        for line in run_journal(run)
    ]
