"""Builder of a profile's `[payments]` section: the fund's debtor account for its bank transfers and the
chart of accounts codes of its settlement journal."""

from __future__ import annotations

import re

from sanad.funds import types_payments as p
from sanad.funds.reader import Node


def payments(node: Node) -> p.PaymentRules:
    account = node.string("debtor_account")
    if not (re.fullmatch(p.IBAN_PATTERN, account) or re.fullmatch(p.NATIONAL_PATTERN, account)):
        raise node.fail(
            "debtor_account", f"{account!r} is neither an IBAN nor a national account number of digits"
        )
    result = p.PaymentRules(
        account_holder=node.string("account_holder"),
        debtor_account=account,
        debtor_bic=node.optional_string("debtor_bic", pattern=p.BIC_PATTERN),
        national_account_scheme=node.string("national_account_scheme", pattern=r"[A-Z0-9]{2,35}"),
        accounts=_accounts(node.table("accounts")),
    )
    node.done()
    return result


def _accounts(node: Node) -> p.AccountChart:
    """`[payments.accounts]`: one code per role, and `[payments.accounts.expense]` a table per care type
    with one code per sector; every care type and every sector has its account."""
    codes = {
        key: node.string(key, pattern=p.ACCOUNT_PATTERN)
        for key in ("bank", "facility_payable", "insured_payable", "recoveries")
    }
    expense_node = node.table("expense")
    expense: dict[tuple[str, str], str] = {}
    for care_type in p.CARE_TYPES:
        per_sector = expense_node.table(care_type)
        for sector in p.SECTORS:
            expense[(care_type, sector)] = per_sector.string(sector, pattern=p.ACCOUNT_PATTERN)
        per_sector.done()
    expense_node.done()
    node.done()
    return p.AccountChart(expense=tuple(expense.items()), **codes)
