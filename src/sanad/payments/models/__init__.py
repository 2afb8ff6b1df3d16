"""The payments app's tables: settlement runs and the files they settle, payment orders, their transfers,
bank files and the bank's confirmations, recoveries (indus) and the facilities' global invoices."""

from sanad.payments.models.accounts import AccountChangeStatus, FacilityAccountChange
from sanad.payments.models.bank import BankFile, ConfirmationImport
from sanad.payments.models.invoices import GlobalInvoice, InvoiceStatus
from sanad.payments.models.orders import PaymentOrder, Transfer
from sanad.payments.models.recoveries import Recovery, RecoveryOffset, RecoveryReason, RecoveryStatus
from sanad.payments.models.runs import SettledFile, SettlementRun
from sanad.payments.models.supplements import Supplement

__all__ = [
    "AccountChangeStatus",
    "BankFile",
    "ConfirmationImport",
    "FacilityAccountChange",
    "GlobalInvoice",
    "InvoiceStatus",
    "PaymentOrder",
    "Recovery",
    "RecoveryOffset",
    "RecoveryReason",
    "RecoveryStatus",
    "SettledFile",
    "SettlementRun",
    "Supplement",
    "Transfer",
]
