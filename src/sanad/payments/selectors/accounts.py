"""Whom an order pays and to which account: a facility's or an insured person's name and the bank account
valid on a given day (the run's date).

A facility's account is its latest approved change valid on that day, or else the account it was
registered with (the providers' record); a member's is its latest approved account valid on that day, or
none: the order then waits for the member's bank details. An account that no longer passes the banks'
checks is treated as missing, never sent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sanad.common.banking import DatedAccount, bank_account_normalize
from sanad.common.errors import DomainError
from sanad.payments.models import AccountChangeStatus, FacilityAccountChange, PaymentOrder, Transfer
from sanad.payments.statuses import OrderStatus, PayeeKind, TransferStatus
from sanad.registry.models import BankAccountStatus, MemberBankAccount


@dataclass(frozen=True, slots=True)
class Payee:
    name: str
    account: str  # compact IBAN or national number; "" when none can be paid to


def payee_name(order: PaymentOrder) -> str:
    """The payee as a bank reads it: a facility's French name, an insured person's name in Latin script."""
    if order.payee_kind == PayeeKind.FACILITY:
        return order.facility.name_fr
    return order.member.full_name


def _account(value: str) -> str:
    try:
        return bank_account_normalize(value)
    except DomainError:
        return ""


def _latest(rows: Iterable[tuple[int, str]]) -> dict[int, str]:
    """{owner: account} from rows ordered oldest first: the last one wins."""
    return dict(rows)


def facility_accounts_on(facility_ids: Iterable[int], on: datetime.date) -> dict[int, str]:
    """{facility id: account} of the approved changes valid on `on` (facilities without one are absent)."""
    rows = (
        FacilityAccountChange.objects.filter(
            facility_id__in=list(facility_ids), status=AccountChangeStatus.APPROVED, valid_from__lte=on
        )
        .order_by("valid_from", "decided_at", "id")
        .values_list("facility_id", "account")
    )
    return _latest(rows)


def member_accounts_on(member_ids: Iterable[int], on: datetime.date) -> dict[int, str]:
    """{member id: account} of the approved accounts valid on `on` (members without one are absent)."""
    rows = (
        MemberBankAccount.objects.filter(
            member_id__in=list(member_ids), status=BankAccountStatus.APPROVED, valid_from__lte=on
        )
        .order_by("valid_from", "decided_at", "id")
        .values_list("member_id", "account")
    )
    return _latest(rows)


def facility_account_on(facility, on: datetime.date) -> str:
    """One facility's account valid on `on` (its registered account before any approved change)."""
    return facility_accounts_on([facility.pk], on).get(facility.pk, facility.bank_account)


def payee_accounts(orders: Iterable[PaymentOrder], *, on: datetime.date) -> dict[int, Payee]:
    """{order id: payee} for orders read with their facility and member, paid to the accounts valid on
    `on`."""
    orders = list(orders)
    facilities = facility_accounts_on(
        {o.facility_id for o in orders if o.payee_kind == PayeeKind.FACILITY}, on
    )
    members = member_accounts_on({o.member_id for o in orders if o.payee_kind == PayeeKind.INSURED}, on)
    out = {}
    for order in orders:
        if order.payee_kind == PayeeKind.FACILITY:
            raw = facilities.get(order.facility_id, order.facility.bank_account)
        else:
            raw = members.get(order.member_id, "")
        out[order.pk] = Payee(payee_name(order), _account(raw))
    return out


def orders_waiting_for_details(run, *, today: datetime.date) -> list[tuple[PaymentOrder, str]]:
    """The run's orders to pay that no bank file can carry yet, with the payee's name: no valid account on
    the run's date nor today (an insured person who never gave one), or still the account the bank
    rejected."""
    orders = [
        o
        for o in PaymentOrder.objects.filter(run=run, status__in=[OrderStatus.TO_PAY, OrderStatus.REJECTED])
        .select_related("facility", "member")
        .order_by("payee_key")
        if o.amount > 0
    ]
    first, later = payee_accounts(orders, on=run.on), payee_accounts(orders, on=max(today, run.on))
    rejected = dict(
        Transfer.objects.filter(order__in=orders, status=TransferStatus.REJECTED).values_list(
            "order_id", "account"
        )
    )
    out = []
    for order in orders:
        accounts = {first[order.pk].account, later[order.pk].account} - {"", rejected.get(order.pk)}
        if not accounts:
            out.append((order, first[order.pk].name))
    return out


def account_history(model: type[DatedAccount], **owner: Any) -> QuerySet[Any]:
    """Every account of one owner (`facility=…` or `member=…`), newest first, with who proposed and
    decided."""
    return (
        model.objects.filter(**owner)  # type: ignore[attr-defined]
        .select_related("proposed_by", "decided_by")
        .order_by("-valid_from", "-id")
    )
