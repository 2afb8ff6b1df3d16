"""Whom an order pays and to which account: a facility's name and bank account, an insured person's name.

The register keeps no bank account for insured persons yet: their orders wait for their bank details (see
`payee_accounts`). The account is the one valid on the day the bank file is made; an account that no longer
passes the banks' checks is treated as missing, never sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sanad.common.errors import DomainError
from sanad.payments.models import PaymentOrder
from sanad.payments.statuses import PayeeKind
from sanad.providers.banking import bank_account_normalize


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


def payee_accounts(orders: Iterable[PaymentOrder]) -> dict[int, Payee]:
    """{order id: payee} for orders read with their facility and member."""
    out = {}
    for order in orders:
        account = _account(order.facility.bank_account) if order.payee_kind == PayeeKind.FACILITY else ""
        out[order.pk] = Payee(payee_name(order), account)
    return out
