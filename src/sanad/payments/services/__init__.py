"""Every write of the payments app: settlement runs, bank files, the bank's confirmations."""

from sanad.payments.services.accounts import (
    facility_account_approve,
    facility_account_propose,
    facility_account_refuse,
)
from sanad.payments.services.bank_files import Issued, bank_file_issue
from sanad.payments.services.confirmations import Imported, confirmation_import
from sanad.payments.services.runs import (
    CHUNK,
    settlement_run_approve,
    settlement_run_cancel,
    settlement_run_gather,
    settlement_run_start,
)

__all__ = [
    "CHUNK",
    "Imported",
    "Issued",
    "bank_file_issue",
    "confirmation_import",
    "facility_account_approve",
    "facility_account_propose",
    "facility_account_refuse",
    "settlement_run_approve",
    "settlement_run_cancel",
    "settlement_run_gather",
    "settlement_run_start",
]
