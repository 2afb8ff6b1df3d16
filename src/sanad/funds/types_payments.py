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


# The keys of the expense accounts: the care types of a billing file (the claims' care types) and the sectors
# of a facility (the providers' sectors), repeated here because a profile is plain data.
CARE_TYPES = ("outpatient", "inpatient", "day_hospital")
SECTORS = ("public", "non_profit", "private")
ACCOUNT_PATTERN = r"[0-9A-Z][0-9A-Z.-]{1,23}"


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountChart:
    """The fund's chart of accounts codes its settlement journal is written with (seed 000: the finance and
    accounting department liquidates the invoices; the codes are the fund's own): an expense account per
    care type and sector, a payable account per kind of payee, the bank, and sums to recover (indus)."""

    bank: str
    facility_payable: str
    insured_payable: str
    recoveries: str
    # ((care type, sector), account) for every pair: a tuple, so that the profile stays hashable and frozen.
    expense: tuple[tuple[tuple[str, str], str], ...]

    def expense_account(self, care_type: str, sector: str) -> str:
        return dict(self.expense)[(care_type, sector)]


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentRules:
    """The account the fund pays from (the debtor of every credit transfer) and how a national account
    number is named in a bank file (`Othr/SchmeNm/Prtry`, for an account without an IBAN)."""

    account_holder: str
    debtor_account: str
    debtor_bic: str | None
    national_account_scheme: str
    accounts: AccountChart

    @property
    def debtor_has_iban(self) -> bool:
        return self.debtor_account[:2].isalpha()
