"""The demo's volume of billing files, written in bulk with the rows and audit events the desk's services
write (care sheet opened, file billed with the engine's preview, documents filed, batch created, filled,
submitted and received with a numbered receipt), then decided by the engine with
`billing_files_adjudicate`, week after week of receipt, so that every decision is a real one.

Each facility hands its batches in once a week on its own day; a batch is received a day or two later.
Files billed after their facility's last delivery are drafts; batches handed in but not yet received wait
at the fund's reception desk.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from sanad.claims.demo.scans import specimen_scans
from sanad.claims.models import Batch, BillingFile, CareSheet, CareSheetLine, FileDocument, beneficiary_key
from sanad.claims.services.register import CareSheetInput
from sanad.claims.statuses import CONFIDENTIAL_DOCUMENTS, BatchStatus, Channel, FileStatus, SubmittedVia
from sanad.common.bulk_sql import ids_reserve, is_postgres, rows_insert
from sanad.common.models import AuditEvent
from sanad.funds.calendar import deadline
from sanad.providers.models import Facility

_DAY = datetime.timedelta(days=1)
_SHEET = CareSheet._meta.label_lower
FILE_LABEL = BillingFile._meta.label_lower
_BATCH = Batch._meta.label_lower
AUDIT_COLUMNS = ("at", "actor_id", "action", "object_type", "object_id", "before", "after")
_SHEET_FIELDS = [f.name for f in fields(CareSheetInput) if f.name != "lines"]


@dataclass(slots=True)
class Planned:
    """A care sheet to write, billed on `billed_on` with the documents present; `late` files are handed
    in long after the care (some time-barred)."""

    sheet: CareSheetInput
    documents: list[str]
    facility: Facility
    billed_on: datetime.date
    late: bool = False
    # The documents the profile asks for (`documents` may lack one: the administrative check asks).
    needed: list[str] = field(default_factory=list)
    # Filled while writing:
    sheet_id: int = 0
    file_id: int = 0
    invoice: str = ""
    batch: Any = None
    preview: tuple[Decimal, Decimal] | None = None

    def __post_init__(self) -> None:
        self.needed = self.needed or list(self.documents)


@dataclass(slots=True)
class PlannedBatch:
    facility: Facility
    group: str
    submitted_on: datetime.date
    received_on: datetime.date | None
    files: list[Planned] = field(default_factory=list)
    id: int = 0
    number: str = ""
    receipt: str = ""


@dataclass(slots=True)
class Volume:
    """What was written: the files by status once decided, for the steps that follow."""

    files: list[Planned]
    batches: list[PlannedBatch]

    def received(self) -> list[Planned]:
        return [p for p in self.files if p.batch is not None and p.batch.received_on is not None]


def _serial(facility: Facility) -> int:
    """The facility's number in its code (stable from one load to the next, unlike its id)."""
    return int("".join(c for c in facility.code if c.isdigit()) or 0)


def _delivery(facility: Facility, after: datetime.date) -> datetime.date:
    """The facility's weekly day of handing in batches, on or after `after`."""
    offset = _serial(facility) % 7
    return after + ((offset - after.toordinal()) % 7) * _DAY


# The fund's reception desk registers the batches handed in on two days of the week (assumption: Monday
# and Thursday), which also keeps the demo's nightly runs of the engine few.
RECEPTION_WEEKDAYS = (0, 3)


def reception_day(after: datetime.date) -> datetime.date:
    """The reception desk's first day of registering batches on or after `after`."""
    day = after
    while day.weekday() not in RECEPTION_WEEKDAYS:
        day += _DAY
    return day


def batches_plan(plans: list[Planned], *, profile: Any, today: datetime.date, rng: Any) -> list[PlannedBatch]:
    """Group the billed files into batches: per facility, type of files and weekly delivery, at most the
    profile's number of files each; files billed after the last delivery stay drafts."""
    claims = profile.claims
    groups: dict[tuple[int, str, datetime.date], list[Planned]] = defaultdict(list)
    for plan in plans:
        after = today - rng.randint(6, 10) * _DAY if plan.late else plan.billed_on + _DAY
        submitted = _delivery(plan.facility, after)
        if submitted > today:
            continue  # a draft, billed since the facility's last delivery
        group = claims.batch_group_of(plan.sheet.care_type)
        groups[(plan.facility.pk, group, submitted)].append(plan)
    batches = []
    for (_f, group, submitted), members in sorted(groups.items(), key=lambda item: (item[0][2], item[0][0])):
        facility = members[0].facility
        received = reception_day(submitted + (_serial(facility) % 3) * _DAY)
        for start in range(0, len(members), claims.batch_max_files):
            batch = PlannedBatch(facility, group, submitted, received if received <= today else None)
            batch.files = members[start : start + claims.batch_max_files]
            for plan in batch.files:
                plan.batch = batch
            batches.append(batch)
    return batches


def _number_batches(batches: list[PlannedBatch]) -> None:
    """B-<year>-<serial> per facility in the order submitted; R-<year>-<serial> in the order received:
    the numbering `batch_create` and `batch_receive` continue from."""
    serials: dict[tuple[int, int], int] = defaultdict(int)
    for batch in batches:
        key = (batch.facility.pk, batch.submitted_on.year)
        serials[key] += 1
        batch.number = f"B-{batch.submitted_on.year}-{serials[key]:05d}"
    receipts: dict[int, int] = defaultdict(int)
    for batch in sorted((b for b in batches if b.received_on), key=lambda b: (b.received_on, b.number)):
        assert batch.received_on is not None
        receipts[batch.received_on.year] += 1
        batch.receipt = f"R-{batch.received_on.year}-{receipts[batch.received_on.year]:07d}"


class BulkWriter:
    """Rows in the form `rows_insert` takes; date-times as the database keeps them."""

    def __init__(self) -> None:
        self.events: list[tuple] = []
        self._sqlite = not is_postgres()
        self._moments: dict[tuple[datetime.date, int], Any] = {}

    def at(self, day: datetime.date, hour: int) -> Any:
        """That day at that hour, in the fund's time zone (the demo's steps happen in office hours)."""
        found = self._moments.get((day, hour))
        if found is None:
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            found = connection.ops.adapt_datetimefield_value(moment) if self._sqlite else moment
            self._moments[(day, hour)] = found
        return found

    def event(self, day, hour, actor, action, object_type, object_id, before, after) -> None:
        self.events.append(
            (
                self.at(day, hour),
                getattr(actor, "pk", None),
                action,
                object_type,
                str(object_id),
                None if before is None else json.dumps(before),
                json.dumps(after, default=str),
            )
        )


def volume_write(
    plans: list[Planned], batches: list[PlannedBatch], *, profile: Any, actors: dict[int, Any], checker: Any
) -> None:
    """Write the sheets, lines, files, documents and batches, and the audit events of every step."""
    _number_batches(batches)
    writer = BulkWriter()
    sheet_ids = ids_reserve(CareSheet, len(plans))
    file_ids = ids_reserve(BillingFile, len(plans))
    batch_ids = ids_reserve(Batch, len(batches))
    invoices: dict[tuple[int, int], int] = defaultdict(int)
    for plan, sheet_id, file_id in zip(plans, sheet_ids, file_ids, strict=True):
        plan.sheet_id, plan.file_id = sheet_id, file_id
        key = (plan.facility.pk, plan.billed_on.year)
        invoices[key] += 1
        plan.invoice = f"FA-{plan.billed_on.year}-{invoices[key]:05d}"
    for batch, batch_id in zip(batches, batch_ids, strict=True):
        batch.id = batch_id
    rows_insert(
        CareSheet,
        ["id", *_SHEET_FIELDS, "created_at"],
        [
            (p.sheet_id, *(_field(p.sheet, name) for name in _SHEET_FIELDS), writer.at(p.sheet.care_date, 9))
            for p in plans
        ],
    )
    rows_insert(
        CareSheetLine,
        [
            "care_sheet",
            "line_no",
            "kind",
            "code",
            "coefficient",
            "quantity",
            "billed",
            "service_date",
            "beneficiary",
        ],
        [
            (
                p.sheet_id,
                number,
                line.kind,
                line.code,
                line.coefficient,
                line.quantity,
                line.billed,
                line.service_date,
                beneficiary_key(p.sheet.member_id, p.sheet.dependant_id),
            )
            for p in plans
            for number, line in enumerate(p.sheet.lines, start=1)
        ],
    )
    _batches_write(batches, writer, actors=actors, checker=checker)
    _files_write(plans, writer, profile=profile, actors=actors, checker=checker)
    _documents_write(plans, writer, actors=actors)
    rows_insert(AuditEvent, AUDIT_COLUMNS, writer.events)


def _field(sheet: CareSheetInput, name: str) -> Any:
    return getattr(sheet, name)


def _batches_write(
    batches: list[PlannedBatch], writer: BulkWriter, *, actors: dict[int, Any], checker: Any
) -> None:
    rows = []
    for b in batches:
        staff = actors.get(b.facility.pk)
        status = BatchStatus.RECEIVED if b.received_on else BatchStatus.SUBMITTED
        rows.append(
            (
                b.id,
                b.facility.pk,
                b.number,
                b.group,
                status,
                writer.at(b.submitted_on, 8),
                getattr(staff, "pk", None),
                b.submitted_on,
                b.received_on,
                b.receipt,
                checker.pk if b.received_on else None,
            )
        )
        ids = [p.file_id for p in b.files]
        writer.event(
            b.submitted_on,
            8,
            staff,
            "batch_create",
            _BATCH,
            b.id,
            None,
            {"number": b.number, "group": b.group},
        )
        writer.event(
            b.submitted_on, 8, staff, "batch_files_add", _BATCH, b.id, None, {"files": ids, "count": len(ids)}
        )
        writer.event(
            b.submitted_on,
            9,
            staff,
            "batch_submit",
            _BATCH,
            b.id,
            {"status": BatchStatus.OPEN},
            {"status": BatchStatus.SUBMITTED, "submitted_on": b.submitted_on, "files": len(ids)},
        )
        if b.received_on:
            writer.event(
                b.received_on,
                10,
                checker,
                "batch_receive",
                _BATCH,
                b.id,
                {"status": BatchStatus.SUBMITTED},
                {"status": BatchStatus.RECEIVED, "receipt_number": b.receipt, "received_on": b.received_on},
            )
    rows_insert(
        Batch,
        [
            "id",
            "facility",
            "number",
            "group",
            "status",
            "created_at",
            "created_by",
            "submitted_on",
            "received_on",
            "receipt_number",
            "received_by",
        ],
        rows,
    )


def _files_write(
    plans: list[Planned], writer: BulkWriter, *, profile: Any, actors: dict[int, Any], checker: Any
) -> None:
    clock = profile.claims.processing_clock
    due: dict[datetime.date, datetime.date] = {}
    rows = []
    for p in plans:
        batch = p.batch
        received = batch.received_on if batch else None
        status = (
            FileStatus.DRAFT if batch is None else (FileStatus.RECEIVED if received else FileStatus.SUBMITTED)
        )
        due_on = None
        if received is not None:
            due_on = due.get(received)
            if due_on is None:
                start = datetime.datetime.combine(received, datetime.time.min)
                due_on = due[received] = deadline(profile, start, clock).date()
        staff = actors.get(p.facility.pk)
        rows.append(
            (
                p.file_id,
                p.sheet_id,
                p.facility.pk,
                p.invoice,
                Channel.DIRECT_BILLING,
                SubmittedVia.FACILITY,
                json.dumps(sorted(p.documents)),
                batch.id if batch else None,
                received,
                due_on,
                status,
                writer.at(p.billed_on, 11),
                getattr(staff, "pk", None),
            )
        )
        writer.event(
            p.sheet.care_date,
            9,
            staff,
            "care_sheet_open",
            _SHEET,
            p.sheet_id,
            None,
            {
                "care_type": p.sheet.care_type,
                "care_date": p.sheet.care_date,
                "beneficiary": beneficiary_key(p.sheet.member_id, p.sheet.dependant_id),
                "lines": len(p.sheet.lines),
            },
        )
        if batch is not None:
            writer.event(
                batch.submitted_on,
                9,
                staff,
                "billing_file_submit",
                FILE_LABEL,
                p.file_id,
                {"status": FileStatus.DRAFT},
                {"status": FileStatus.SUBMITTED, "batch": batch.id},
            )
        if received is not None:
            writer.event(
                received,
                10,
                checker,
                "billing_file_receive",
                FILE_LABEL,
                p.file_id,
                {"status": FileStatus.SUBMITTED},
                {"status": FileStatus.RECEIVED, "received_on": received, "due_on": due_on},
            )
    rows_insert(
        BillingFile,
        [
            "id",
            "care_sheet",
            "facility",
            "invoice_number",
            "channel",
            "submitted_via",
            "documents",
            "batch",
            "received_on",
            "due_on",
            "status",
            "created_at",
            "created_by",
        ],
        rows,
    )


def _documents_write(plans: list[Planned], writer: BulkWriter, *, actors: dict[int, Any]) -> None:
    scans = specimen_scans()
    rows = []
    for p in plans:
        staff = actors.get(p.facility.pk)
        present: list[str] = []
        for kind in p.documents:
            before = list(present)
            present = sorted({*present, kind})
            rows.append(
                (
                    p.file_id,
                    kind,
                    kind in CONFIDENTIAL_DOCUMENTS,
                    scans[kind],
                    writer.at(p.billed_on, 12),
                    getattr(staff, "pk", None),
                )
            )
            writer.event(
                p.billed_on,
                12,
                staff,
                "file_document_upload",
                FILE_LABEL,
                p.file_id,
                {"documents": before},
                {"documents": present, "kind": kind},
            )
    rows_insert(
        FileDocument, ["billing_file", "kind", "confidential", "scan", "uploaded_at", "uploaded_by"], rows
    )
