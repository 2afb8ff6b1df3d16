"""Reads of one billing file for the fund's staff: the care sheet, every decision, the audit trail, the
documents (the confidential envelope only for medical advisers), the requests for papers and the protocols
that apply. Facility staff never read here: they see their own files from the desk."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from sanad.catalog.models import TreatmentProtocol, in_force
from sanad.claims.models import (
    BillingFile,
    CareSheetLine,
    FileDecision,
    FileDocument,
    InfoRequest,
    LineOutcome,
)
from sanad.claims.selectors.facility import is_confidential
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.permissions import can


@dataclass
class FileRecord:
    billing_file: BillingFile
    lines: list[CareSheetLine]
    decisions: list[FileDecision]  # newest first; the current one among them
    documents: list[FileDocument]
    confidential_withheld: int  # confidential documents the reader may not open
    info_requests: list[InfoRequest]
    audit: list[AuditEvent]
    protocols: list[TreatmentProtocol] = field(default_factory=list)

    @property
    def decision(self) -> FileDecision | None:
        return next((d for d in self.decisions if d.is_current), None)


def _fund_reader_check(user: Any) -> None:
    if not can(user, "claims.view"):
        raise DomainError(ErrorCode.FORBIDDEN)


def billing_file_protocols(*, diagnosis: str, on: datetime.date) -> list[TreatmentProtocol]:
    """The treatment protocols in force on the day of care for the file's diagnosis (the exact code, as
    the engine matches it, and its three-character category)."""
    diagnosis = diagnosis.strip().upper()
    if not diagnosis:
        return []
    codes = {diagnosis, diagnosis.split(".")[0][:3]}
    return list(TreatmentProtocol.objects.filter(in_force(on), diagnosis__in=codes).order_by("diagnosis"))


def billing_file_record(*, user: Any, file_id: int, audit_limit: int = 200) -> FileRecord:
    """Everything the fund's file page shows, for a reader holding claims.view, in a fixed number of
    queries."""
    _fund_reader_check(user)
    billing_file = (
        BillingFile.objects.select_related(
            "facility",
            "batch",
            "care_sheet__member",
            "care_sheet__dependant__member",
            "care_sheet__referral_in_facility",
            "care_sheet__referral_out_facility",
        )
        .filter(pk=file_id)
        .first()
    )
    if billing_file is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="file_id")
    sheet = billing_file.care_sheet
    decisions = list(
        FileDecision.objects.filter(billing_file=billing_file)
        .select_related("decided_by")
        .prefetch_related(Prefetch("lines", queryset=LineOutcome.objects.order_by("line__line_no")))
        .order_by("-decided_at", "-id")
    )
    documents = list(FileDocument.objects.filter(billing_file=billing_file).select_related("uploaded_by"))
    open_all = can(user, "claims.confidential")
    shown = [d for d in documents if open_all or not is_confidential(d)]
    audit = list(
        AuditEvent.objects.filter(object_type=BillingFile._meta.label_lower, object_id=str(billing_file.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:audit_limit]
    )
    return FileRecord(
        billing_file=billing_file,
        lines=list(sheet.lines.order_by("line_no")),
        decisions=decisions,
        documents=shown,
        confidential_withheld=len(documents) - len(shown),
        info_requests=list(billing_file.info_requests.select_related("asked_by")),
        audit=audit,
        protocols=billing_file_protocols(diagnosis=sheet.diagnosis, on=sheet.care_date),
    )
