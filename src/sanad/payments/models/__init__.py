"""The payments app's tables: settlement runs and the files they settle, payment orders, their transfers,
bank files and the bank's confirmations."""

from sanad.payments.models.bank import BankFile, ConfirmationImport
from sanad.payments.models.orders import PaymentOrder, Transfer
from sanad.payments.models.runs import SettledFile, SettlementRun

__all__ = ["BankFile", "ConfirmationImport", "PaymentOrder", "SettledFile", "SettlementRun", "Transfer"]
