"""Reads of prior authorizations, scoped to the user who asks."""

from sanad.authorizations.selectors.appeals import appeal_deadline, appeal_queue, appeal_row, appeals_of
from sanad.authorizations.selectors.beneficiary import BeneficiaryContext, beneficiary_context
from sanad.authorizations.selectors.requests import (
    QueueRow,
    RequestPage,
    adviser_queue,
    request_get,
    request_page,
    request_row,
    request_rows,
    requests_visible,
)

__all__ = [
    "BeneficiaryContext",
    "QueueRow",
    "RequestPage",
    "adviser_queue",
    "appeal_deadline",
    "appeal_queue",
    "appeal_row",
    "appeals_of",
    "beneficiary_context",
    "request_get",
    "request_page",
    "request_row",
    "request_rows",
    "requests_visible",
]
