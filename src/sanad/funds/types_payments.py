"""The typed shape of a profile's `[payments]` section: the fund's side of the bank transfers that pay the
validated files (built by `sanad.funds.sections_payments`, never by hand in code).

Source: seed 000 (CNASS: "validation et liquidation paiement des factures" by the finance and accounting
department); the accounts themselves are the fund's own data.
"""

from __future__ import annotations

from dataclasses import dataclass

# The ways an account number is written: an IBAN, or a national number of digits (a Moroccan RIB of 24).
IBAN_PATTERN = r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}"
NATIONAL_PATTERN = r"[0-9]{10,34}"
BIC_PATTERN = r"[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?"


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentRules:
    """The account the fund pays from (the debtor of every credit transfer) and how a national account
    number is named in a bank file (`Othr/SchmeNm/Prtry`, for an account without an IBAN)."""

    account_holder: str
    debtor_account: str
    debtor_bic: str | None
    national_account_scheme: str

    @property
    def debtor_has_iban(self) -> bool:
        return self.debtor_account[:2].isalpha()
