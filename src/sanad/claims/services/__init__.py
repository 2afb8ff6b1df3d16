"""Every write of the claims app, one module per task; the public names are re-exported here."""

from sanad.claims.services.adjudicate import billing_files_adjudicate
from sanad.claims.services.batches import (
    batch_create,
    batch_files_add,
    batch_files_remove,
    batch_recall,
    batch_receive,
    batch_submit,
)
from sanad.claims.services.check import (
    billing_file_info_request,
    billing_file_reject,
    billing_file_route_medical_review,
    billing_file_validate,
)
from sanad.claims.services.complaints import complaint_answer, complaint_file, complaint_register
from sanad.claims.services.corrections import (
    billing_file_cancel,
    billing_file_edit,
    care_sheet_cancel,
    care_sheet_edit,
)
from sanad.claims.services.documents import file_document_upload, info_request_answer
from sanad.claims.services.register import (
    CareSheetInput,
    LineInput,
    billing_file_create,
    billing_file_create_previewed,
    billing_file_register,
    care_sheet_open,
)
from sanad.claims.services.reimbursements import Scan, reimbursement_register
from sanad.claims.services.review import LineReview, billing_file_review

__all__ = [
    "CareSheetInput",
    "LineInput",
    "LineReview",
    "Scan",
    "batch_create",
    "batch_files_add",
    "batch_files_remove",
    "batch_recall",
    "batch_receive",
    "batch_submit",
    "billing_file_cancel",
    "billing_file_create",
    "billing_file_create_previewed",
    "billing_file_edit",
    "billing_file_info_request",
    "billing_file_register",
    "billing_file_reject",
    "billing_file_review",
    "billing_file_route_medical_review",
    "billing_file_validate",
    "billing_files_adjudicate",
    "care_sheet_cancel",
    "care_sheet_edit",
    "care_sheet_open",
    "complaint_answer",
    "complaint_file",
    "complaint_register",
    "file_document_upload",
    "info_request_answer",
    "reimbursement_register",
]
