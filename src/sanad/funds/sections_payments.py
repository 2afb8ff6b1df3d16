"""Builder of a profile's `[payments]` section: the fund's debtor account for its bank transfers."""

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
    )
    node.done()
    return result
