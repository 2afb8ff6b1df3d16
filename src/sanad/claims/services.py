"""Every write of the claims app: registering a billing file, deciding files with the engine."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.adjudication import Decision, Finding, adjudicate_batch
from sanad.catalog.snapshot import reference_snapshot
from sanad.claims.models import BillingFile, CareSheet, CareSheetLine, FileDecision, LineOutcome
from sanad.claims.snapshots import LoadedFile, claim_snapshots
from sanad.claims.statuses import ROUTING_STEP, CareType, Channel, FileStatus, LineKind, file_step_check
from sanad.common.audit import audit_record, audit_record_many
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.providers.models import Facility
from sanad.registry.models import Dependant, Member

_CHUNK = 500  # files per snapshot load: every query of the loader takes their ids in one IN


@dataclass(frozen=True, slots=True, kw_only=True)
class LineInput:
    kind: str
    code: str
    billed: Decimal
    service_date: datetime.date
    quantity: int = 1
    coefficient: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CareSheetInput:
    facility_id: int
    care_type: str
    care_date: datetime.date
    lines: Sequence[LineInput]
    member_id: int | None = None
    dependant_id: int | None = None
    admission_date: datetime.date | None = None
    discharge_date: datetime.date | None = None
    diagnosis: str = ""
    practitioner_name: str = ""
    emergency: bool = False
    referral_in_facility_id: int | None = None
    referral_in_level: str = ""
    referral_in_on: datetime.date | None = None
    referral_in_valid_until: datetime.date | None = None
    referral_out_level: str = ""
    referral_out_facility_id: int | None = None


def _sheet_check(data: CareSheetInput) -> None:
    if (data.member_id is None) == (data.dependant_id is None):
        raise DomainError(
            ErrorCode.REQUIRED, _("Give either the member or the dependant."), field="beneficiary"
        )
    if data.care_type not in CareType.values:
        raise DomainError(ErrorCode.INVALID, field="care_type")
    if not data.lines:
        raise DomainError(ErrorCode.REQUIRED, _("A care sheet bills at least one service."), field="lines")
    if data.admission_date and data.discharge_date and data.discharge_date < data.admission_date:
        raise DomainError(
            ErrorCode.INVALID, _("The discharge comes before the admission."), field="discharge_date"
        )
    for line in data.lines:
        if line.kind not in LineKind.values:
            raise DomainError(ErrorCode.INVALID, field="lines")
        if line.billed < 0 or line.quantity < 1:
            raise DomainError(ErrorCode.INVALID, _("Amounts and quantities must be positive."), field="lines")
    if not Facility.objects.filter(pk=data.facility_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, field="facility_id")
    if data.member_id is not None and not Member.objects.filter(pk=data.member_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, field="member_id")
    if data.dependant_id is not None and not Dependant.objects.filter(pk=data.dependant_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, field="dependant_id")


@transaction.atomic
def billing_file_register(
    *,
    actor: Any,
    sheet: CareSheetInput,
    invoice_number: str,
    received_on: datetime.date,
    documents: Sequence[str] = (),
    channel: str = Channel.DIRECT_BILLING,
) -> BillingFile:
    """Record a care sheet, its lines and the billing file the fund received for it (status received)."""
    _sheet_check(sheet)
    invoice_number = invoice_number.strip()
    if not invoice_number:
        raise DomainError(ErrorCode.REQUIRED, field="invoice_number")
    if channel not in Channel.values:
        raise DomainError(ErrorCode.INVALID, field="channel")
    if BillingFile.objects.filter(facility_id=sheet.facility_id, invoice_number=invoice_number).exists():
        raise DomainError(
            ErrorCode.CONFLICT,
            _("This facility already sent an invoice with this number."),
            field="invoice_number",
        )
    values = {f.name: getattr(sheet, f.name) for f in fields(sheet) if f.name != "lines"}
    care_sheet = CareSheet.objects.create(**values)
    key = care_sheet.beneficiary_key
    CareSheetLine.objects.bulk_create(
        CareSheetLine(
            care_sheet=care_sheet,
            line_no=number,
            kind=line.kind,
            code=line.code.strip(),
            coefficient=line.coefficient,
            quantity=line.quantity,
            billed=line.billed,
            service_date=line.service_date,
            beneficiary=key,
        )
        for number, line in enumerate(sheet.lines, start=1)
    )
    billing_file = BillingFile.objects.create(
        care_sheet=care_sheet,
        facility_id=sheet.facility_id,
        invoice_number=invoice_number,
        channel=channel,
        documents=sorted(set(documents)),
        received_on=received_on,
    )
    audit_record(
        actor=actor,
        action="billing_file_register",
        obj=billing_file,
        after={"invoice_number": invoice_number, "status": billing_file.status, "lines": len(sheet.lines)},
    )
    return billing_file


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | str) else str(value)


def _findings(findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    return [
        {"code": f.code.value, "rule": f.rule, "params": {k: _plain(v) for k, v in f.params}}
        for f in findings
    ]


def _range(items: list[LoadedFile]) -> tuple[datetime.date, datetime.date]:
    days = [line.service_date for item in items for line in item.lines]
    days += [item.billing_file.received_on for item in items if not item.lines]
    return min(days), max(days)


def _decide(loaded: list[LoadedFile], fund: str) -> list[tuple[LoadedFile, Decision]]:
    """Run the engine per sector of facility, one reference snapshot per sector over its dates."""
    groups: dict[str, list[LoadedFile]] = defaultdict(list)
    for item in loaded:
        groups[item.snapshot.facility.sector.value].append(item)
    decided = []
    for sector, items in sorted(groups.items()):
        start, end = _range(items)
        reference = reference_snapshot(fund=fund, start=start, end=end, sector=sector)
        decisions = adjudicate_batch((item.snapshot for item in items), reference)
        decided += zip(items, decisions, strict=True)
    return decided


def _outcomes(item: LoadedFile, decision: Decision, record: FileDecision) -> list[LineOutcome]:
    outcomes = []
    for line, result in zip(item.lines, decision.lines, strict=True):
        # The engine's invariant, checked again before anything is stored (DESIGN.md, rules of the road).
        if result.fund_share + result.patient_share != line.billed or result.billed != line.billed:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"file {decision.claim_id} line {line.line_no}: shares do not add up to the billed amount",
            )
        outcomes.append(
            LineOutcome(
                decision=record,
                line=line,
                status=result.status.value,
                billed=result.billed,
                tariff=result.tariff,
                base=result.base,
                rate=result.rate,
                fund_share=result.fund_share,
                patient_share=result.patient_share,
                penalty=result.penalty,
                findings=_findings(result.findings),
            )
        )
    return outcomes


@transaction.atomic
def billing_files_adjudicate(*, actor: Any, file_ids: Sequence[int], on: datetime.date) -> list[FileDecision]:
    """Decide the received files of `file_ids` with the engine and route each one by its decision:
    validated, administrative check, medical review or rejected.

    Files no longer received are left alone, so a rerun changes nothing already decided. A constant
    number of queries per 500 files: the snapshots, one reference snapshot per sector of facility, then
    bulk writes of the decisions, their lines, the statuses and one audit event per file.
    """
    if actor is not None and not can(actor, "claims.check"):
        raise DomainError(ErrorCode.FORBIDDEN)
    profile = active_profile()
    wanted = list(dict.fromkeys(file_ids))
    loaded: list[LoadedFile] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        # Lock the files still waiting, oldest first: the engine counts duplicates in this order.
        ids = list(
            BillingFile.objects.select_for_update()
            .filter(pk__in=chunk, status=FileStatus.RECEIVED)
            .order_by("received_on", "id")
            .values_list("id", flat=True)
        )
        loaded += claim_snapshots(file_ids=ids, profile=profile)
    if not loaded:
        return []
    decided = _decide(loaded, profile.code)

    records, moves = [], []
    for item, decision in decided:
        billing_file = item.billing_file
        adjudicated = file_step_check("billing_file_adjudicate", billing_file.status)
        target = file_step_check(ROUTING_STEP[decision.routing], adjudicated)
        moves.append((billing_file, billing_file.status, target, decision))
        billing_file.status = target
        records.append(
            FileDecision(
                billing_file=billing_file,
                decided_on=on,
                status=decision.status.value,
                routing=decision.routing.value,
                payee=decision.payee.value,
                currency=decision.currency,
                billed=decision.billed,
                fund_share=decision.fund_share,
                patient_share=decision.patient_share,
                penalty=decision.penalty,
                findings=_findings(decision.findings),
            )
        )
    file_pks = [item.billing_file.pk for item, _d in decided]
    FileDecision.objects.filter(billing_file_id__in=file_pks, is_current=True).update(is_current=False)
    records = FileDecision.objects.bulk_create(records, batch_size=1000)
    outcomes = []
    for (item, decision), record in zip(decided, records, strict=True):
        outcomes += _outcomes(item, decision, record)
    LineOutcome.objects.bulk_create(outcomes, batch_size=2000)
    BillingFile.objects.bulk_update([m[0] for m in moves], ["status"], batch_size=1000)
    audit_record_many(
        actor=actor,
        action="billing_files_adjudicate",
        changes=[
            (
                billing_file,
                {"status": before},
                {
                    "status": str(target),
                    "routing": decision.routing.value,
                    "fund_share": decision.fund_share,
                    "patient_share": decision.patient_share,
                    "reasons": [r.value for r in decision.reasons()],
                },
            )
            for billing_file, before, target, decision in moves
        ],
    )
    return records
