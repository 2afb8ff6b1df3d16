"""Reads of the claims app, one module per audience; the public names are re-exported here."""

from sanad.claims.selectors.batches import batch_list_facility, batch_queue, batch_visible
from sanad.claims.selectors.complaints import complaint_counts, complaint_queue, family_files
from sanad.claims.selectors.desk import desk_check
from sanad.claims.selectors.facility import (
    billing_file_of_facility,
    billing_file_preview,
    billing_file_visible,
    document_can_open,
    facility_file_page,
    own_facility,
)
from sanad.claims.selectors.files import billing_file_record
from sanad.claims.selectors.queues import (
    billing_file_decision,
    billing_file_queue,
    billing_file_queue_page,
    claims_overdue_count,
    claims_queue_counts,
)

__all__ = [
    "batch_list_facility",
    "batch_queue",
    "batch_visible",
    "billing_file_decision",
    "billing_file_of_facility",
    "billing_file_preview",
    "billing_file_queue",
    "billing_file_queue_page",
    "billing_file_record",
    "billing_file_visible",
    "claims_overdue_count",
    "claims_queue_counts",
    "complaint_counts",
    "complaint_queue",
    "desk_check",
    "document_can_open",
    "facility_file_page",
    "family_files",
    "own_facility",
]
