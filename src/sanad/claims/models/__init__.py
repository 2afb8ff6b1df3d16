"""The claims app's tables: care sheets, billing files and their decisions, batches, complaints."""

from sanad.claims.models.authorizations import AuthorizationUse
from sanad.claims.models.batches import Batch
from sanad.claims.models.complaints import Complaint
from sanad.claims.models.conditions import ConditionRecognition
from sanad.claims.models.files import BillingFile, FileDecision, FileDocument, InfoRequest, LineOutcome
from sanad.claims.models.peers import PeerDay
from sanad.claims.models.sheets import CareSheet, CareSheetLine, beneficiary_key

__all__ = [
    "AuthorizationUse",
    "Batch",
    "BillingFile",
    "CareSheet",
    "CareSheetLine",
    "Complaint",
    "ConditionRecognition",
    "FileDecision",
    "FileDocument",
    "InfoRequest",
    "LineOutcome",
    "PeerDay",
    "beneficiary_key",
]
