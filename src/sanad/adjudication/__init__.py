"""Sanad's claims adjudication engine: pure standard-library Python, no Django, no database.

Build a ``ReferenceSnapshot`` once (profile rules + dated catalogue), then call ``adjudicate`` per file or
``adjudicate_batch`` per batch. Every change of status or amount carries a ``Finding``; ``finding_text``
renders it in French, Arabic or English.
"""

from sanad.adjudication.codes import (
    CareType,
    Channel,
    Effect,
    FileStatus,
    LineKind,
    LineStatus,
    Payee,
    Reason,
    Relationship,
    Routing,
    Sector,
    Sex,
)
from sanad.adjudication.decision import Decision, Finding, LineDecision
from sanad.adjudication.engine import BatchState, adjudicate, adjudicate_batch
from sanad.adjudication.inputs import (
    Beneficiary,
    Certificate,
    ClaimLine,
    ClaimSnapshot,
    Facility,
    HistoryLine,
    LongTermCondition,
    PendingAuthorization,
    PendingLine,
    Period,
    PriorAuthorization,
    Referral,
)
from sanad.adjudication.reasons import CATALOGUE, finding_text, reasons_markdown
from sanad.adjudication.reference import (
    ActRef,
    CatalogItem,
    DeviceRef,
    DrugRef,
    KeyLetterValue,
    PackageEntry,
    ProfileRules,
    Protocol,
    ReferenceSnapshot,
)

__all__ = [
    "CATALOGUE",
    "ActRef",
    "BatchState",
    "Beneficiary",
    "CareType",
    "CatalogItem",
    "Certificate",
    "Channel",
    "ClaimLine",
    "ClaimSnapshot",
    "Decision",
    "DeviceRef",
    "DrugRef",
    "Effect",
    "Facility",
    "FileStatus",
    "Finding",
    "HistoryLine",
    "KeyLetterValue",
    "LineDecision",
    "LineKind",
    "LineStatus",
    "LongTermCondition",
    "PackageEntry",
    "Payee",
    "PendingAuthorization",
    "PendingLine",
    "Period",
    "PriorAuthorization",
    "ProfileRules",
    "Protocol",
    "Reason",
    "ReferenceSnapshot",
    "Referral",
    "Relationship",
    "Routing",
    "Sector",
    "Sex",
    "adjudicate",
    "adjudicate_batch",
    "finding_text",
    "reasons_markdown",
]
