"""Reads of the facility's desk: its own sheets and files, the engine's preview of a file, and who may open
a supporting document (rights at the desk: `selectors.desk`). A facility sees only its own sheets and
files; another facility's do not exist for it."""

from __future__ import annotations

import calendar
import datetime
import functools
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import Count, Model, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.adjudication import ClaimSnapshot, Decision, LineDecision, adjudicate
from sanad.catalog.snapshot_window import reference_snapshot_recent
from sanad.claims.models import BillingFile, CareSheet, CareSheetLine, FileDocument, InfoRequest
from sanad.claims.runner.read import LoadedFile, SnapshotBuilder, chunk_read, claim_snapshots
from sanad.claims.runner.read import files_by_id as snapshot_rows
from sanad.claims.runner.read_facilities import FacilityCache
from sanad.claims.statuses import CONFIDENTIAL_DOCUMENTS, FileStatus, SheetStatus
from sanad.common.bulk_sql import column_of, fetch, table_of
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.paging import PAGE_SIZE, key_page
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.models import (
    AgreementPeriod,
    AgreementRequest,
    DirectBillingAccess,
    DirectBillingEvent,
    Facility,
    Practitioner,
)
from sanad.providers.selectors import facility_of_user
from sanad.providers.statuses import DirectBillingStatus

_DAY = datetime.timedelta(days=1)


def own_facility(*, user: Any) -> Facility:
    """The facility of a facility staff account; DomainError (forbidden) for anyone else."""
    facility = facility_of_user(user=user) if can(user, "claims.submit") else None
    if facility is None:
        raise DomainError(
            ErrorCode.FORBIDDEN, _("This account is not bound to a facility."), field="facility"
        )
    return facility


def facility_practitioners(*, facility: Facility) -> list[Practitioner]:
    return list(Practitioner.objects.filter(facility=facility).order_by("name", "id"))


def facility_id_by_code(*, code: str) -> int | None:
    """The id of the facility of `code` (referrals name any facility of the network), or None."""
    return Facility.objects.filter(code=code.strip().upper()).values_list("pk", flat=True).first()


def facility_agreement_start(*, facility_id: int) -> datetime.date | None:
    """The first day the facility could bill the fund: the start of its first agreement period, or the day
    its direct-billing access was first granted, whichever came first; None when it has neither (the
    engine then judges each file by the facility's right to bill on its dates).

    One query of two sub-selects, written once (it runs at every sheet opened at the desk)."""
    with connection.cursor() as cursor:
        cursor.execute(_agreement_start_sql(), [facility_id, facility_id, DirectBillingStatus.GRANTED.value])
        row = cursor.fetchone()
    # SQLite gives the dates back as their ISO text.
    found = [
        day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day) for day in row if day
    ]
    return min(found) if found else None


@functools.cache
def _agreement_start_sql() -> str:
    def column(model: type[Model], name: str) -> str:
        return connection.ops.quote_name(model._meta.get_field(name).column)

    def table(model: type[Model]) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    periods = (
        f"SELECT MIN(p.{column(AgreementPeriod, 'valid_from')}) FROM {table(AgreementPeriod)} p "  # noqa: S608
        f"JOIN {table(AgreementRequest)} r ON r.{column(AgreementRequest, 'id')} = "
        f"p.{column(AgreementPeriod, 'request')} WHERE r.{column(AgreementRequest, 'facility')} = %s"
    )
    grants = (
        f"SELECT MIN(e.{column(DirectBillingEvent, 'on')}) FROM {table(DirectBillingEvent)} e "  # noqa: S608
        f"JOIN {table(DirectBillingAccess)} a ON a.{column(DirectBillingAccess, 'id')} = "
        f"e.{column(DirectBillingEvent, 'access')} WHERE a.{column(DirectBillingAccess, 'facility')} = %s "
        f"AND e.{column(DirectBillingEvent, 'to_status')} = %s"
    )
    return f"SELECT ({periods}), ({grants})"


# ---- The facility's sheets and files ------------------------------------------------------------------


def care_sheet_of_facility(*, user: Any, sheet_id: int) -> CareSheet:
    """One of the facility's care sheets, with its lines; another facility's is not found."""
    facility = own_facility(user=user)
    sheet = (
        CareSheet.objects.select_related(
            "facility", "member", "dependant__member", "referral_in_facility", "referral_out_facility"
        )
        .prefetch_related("lines")
        .filter(pk=sheet_id, facility=facility)
        .first()
    )
    if sheet is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="care_sheet")
    return sheet


def care_sheet_correctable(*, care_sheet: CareSheet) -> bool:
    """A care sheet can be corrected or cancelled at the desk while it is open and its billing file, if any,
    is still a draft (services/corrections.py says why not, and who acted)."""
    if care_sheet.status != SheetStatus.OPEN:
        return False
    try:
        billing_file = care_sheet.billing_file
    except BillingFile.DoesNotExist:
        return True
    return billing_file.status == FileStatus.DRAFT


def billing_file_of_facility(*, user: Any, file_id: int) -> BillingFile:
    """One of the facility's billing files, with its sheet, lines, documents and requests; another
    facility's is not found."""
    facility = own_facility(user=user)
    billing_file = (
        BillingFile.objects.select_related(
            "care_sheet__member",
            "care_sheet__dependant__member",
            "care_sheet__referral_in_facility",
            "care_sheet__referral_out_facility",
            "facility",
            "batch",
        )
        .prefetch_related("care_sheet__lines", "attachments", "info_requests")
        .filter(pk=file_id, facility=facility)
        .first()
    )
    if billing_file is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="billing_file")
    return billing_file


@dataclass(frozen=True, slots=True)
class FilePage:
    """A page of the facility's files, newest first; `older` and `newer` are the cursors of the next
    pages either way (None at either end)."""

    rows: list[BillingFile]
    older: str | None
    newer: str | None


_TOP = str(2**63 - 1)  # above every id: the first page reads back from here


def _cursor(text: str) -> str:
    return text if text.isdigit() else ""


def facility_file_page(
    *,
    user: Any,
    status: str = "",
    month: datetime.date | None = None,
    older: str = "",
    newer: str = "",
    size: int = PAGE_SIZE,
) -> FilePage:
    """The facility's billing files, newest first, paged by id (never an OFFSET), by status and by month
    of care: the indexes (facility, -id), (facility, status, received_on) and the sheets'
    (facility, care_date) serve them."""
    facility = own_facility(user=user)
    rows = BillingFile.objects.filter(facility=facility).select_related(
        "care_sheet__member", "care_sheet__dependant", "batch"
    )
    if status:
        rows = rows.filter(status=status)
    if month is not None:
        first = month.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        rows = rows.filter(care_sheet__facility=facility, care_sheet__care_date__range=(first, last))
    newer, older = _cursor(newer), _cursor(older)
    if newer:
        page = key_page(rows, key="id", after=newer, size=size)
        return FilePage(page.rows[::-1], older=page.prev_before, newer=page.next_after)
    page = key_page(rows, key="id", before=older or _TOP, size=size)
    # Read back from `older`: the files from it on are newer, and the last row shown leads to them.
    after_last = str(page.rows[-1].pk) if older and page.rows else None
    return FilePage(page.rows[::-1], older=page.prev_before, newer=after_last)


# What the steps recorded on a file are called on its page; other steps show their action's name.
STEP_LABELS = {
    "care_sheet_open": gettext_lazy("Care sheet opened"),
    "care_sheet_edit": gettext_lazy("Care sheet corrected"),
    "care_sheet_cancel": gettext_lazy("Care sheet cancelled"),
    "billing_file_create": gettext_lazy("Billing file created"),
    "billing_file_edit": gettext_lazy("Invoice number corrected"),
    "billing_file_cancel": gettext_lazy("Billing file cancelled"),
    "billing_file_submit": gettext_lazy("Submitted in a batch"),
    "billing_file_recall": gettext_lazy("Batch recalled by the facility"),
    "billing_file_receive": gettext_lazy("Received by the fund"),
    "billing_file_register": gettext_lazy("Registered by the fund"),
    "file_document_upload": gettext_lazy("Document filed"),
    "info_request_answer": gettext_lazy("Request for documents answered"),
    "billing_files_adjudicate": gettext_lazy("Decided by the engine"),
    "billing_file_info_request": gettext_lazy("Documents asked for by the fund"),
    "billing_file_route_medical_review": gettext_lazy("Sent to the medical adviser"),
    "billing_file_review": gettext_lazy("Reviewed by the medical adviser"),
    "billing_file_validate": gettext_lazy("Validated by the fund"),
    "billing_file_reject": gettext_lazy("Rejected by the fund"),
    "billing_file_reopen": gettext_lazy("Reopened after a complaint"),
    "medical_envelope_read": gettext_lazy("Confidential medical envelope read"),
}


def step_label(action: str) -> str:
    """What a recorded step is called on a file's page; a step without a name of its own, in plain words."""
    return str(STEP_LABELS.get(action, gettext_lazy("Other change")))


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime.datetime
    action: str
    label: str
    actor: Any
    before: str  # the status before, as its label ("" when the step changed none)
    after: str


def file_history(*, billing_file: BillingFile) -> list[Step]:
    """Every recorded step of a file and of its care sheet, oldest first (the audit trail)."""
    statuses = {
        BillingFile._meta.label_lower: dict(FileStatus.choices),
        CareSheet._meta.label_lower: dict(SheetStatus.choices),
    }
    events = (
        AuditEvent.objects.filter(
            Q(object_type=BillingFile._meta.label_lower, object_id=str(billing_file.pk))
            | Q(object_type=CareSheet._meta.label_lower, object_id=str(billing_file.care_sheet_id))
        )
        .select_related("actor")
        .order_by("at", "id")
    )

    def status(object_type: str, values: Any) -> str:
        code = values.get("status", "") if isinstance(values, dict) else ""
        return str(statuses[object_type].get(code, "")) if code else ""

    return [
        Step(
            at=event.at,
            action=event.action,
            label=step_label(event.action),
            actor=event.actor,
            before=status(event.object_type, event.before),
            after=status(event.object_type, event.after),
        )
        for event in events
    ]


# ---- The engine's preview ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Preview:
    """The engine's decision on a file as if received on `received_on`; it binds no one."""

    loaded: LoadedFile
    decision: Decision
    received_on: datetime.date

    @property
    def lines(self) -> list[tuple[CareSheetLine, LineDecision]]:
        return list(zip(self.loaded.lines, self.decision.lines, strict=True))


def billing_file_preview(*, file_id: int, on: datetime.date) -> Preview:
    """The engine's decision on a billing file, received on its day of receipt or else on `on`."""
    profile = active_profile()
    loaded = claim_snapshots(file_ids=[file_id], profile=profile)
    if not loaded:
        raise DomainError(ErrorCode.NOT_FOUND, field="billing_file")
    item = loaded[0]
    received_on = item.billing_file.received_on or on
    return Preview(item, _decided(item.snapshot, received_on, profile), received_on)


def billing_file_preview_decision(*, file_id: int, on: datetime.date) -> Decision:
    """`billing_file_preview`'s decision alone: the same snapshot, without reading the file and its lines
    back as model instances (a file just billed keeps its preview: nothing else is wanted of it)."""
    profile = active_profile()
    facilities = FacilityCache()
    built = SnapshotBuilder(profile, facilities).build(
        chunk_read(snapshot_rows([file_id]), profile=profile, facilities=facilities)
    )
    if not built:
        raise DomainError(ErrorCode.NOT_FOUND, field="billing_file")
    return _decided(built[0].snapshot, built[0].row.received_on or on, profile)


def _decided(snapshot: ClaimSnapshot, received_on: datetime.date, profile: FundProfile) -> Decision:
    """The engine's decision on `snapshot` received on `received_on`, against the catalogue of its days."""
    snapshot = replace(snapshot, received_on=received_on)
    days = [line.service_date for line in snapshot.lines] or [received_on]
    reference = reference_snapshot_recent(
        fund=profile.code, start=min(days), end=max(days), sector=snapshot.facility.sector.value
    )
    return adjudicate(snapshot, reference)


DECIDED = frozenset({FileStatus.VALIDATED, FileStatus.REJECTED})


# ---- Who opens what --------------------------------------------------------------------------------


def billing_file_visible(user: Any, billing_file: BillingFile) -> bool:
    """Fund staff who read files see every file; facility staff only their facility's."""
    if can(user, "claims.view"):
        return True
    own = facility_of_user(user=user) if can(user, "claims.submit") else None
    return own is not None and own.pk == billing_file.facility_id


def is_confidential(document: FileDocument) -> bool:
    # The envelope is confidential by its kind, whatever flag the upload set.
    return document.confidential or document.kind in CONFIDENTIAL_DOCUMENTS


def document_can_open(user: Any, document: FileDocument) -> bool:
    """The confidential medical envelope opens for medical advisers only (not even for the facility that
    filed it); any other document for the facility that owns the file and for fund staff who read files."""
    if is_confidential(document):
        return can(user, "claims.confidential")
    return billing_file_visible(user, document.billing_file)


def facility_file_counts(*, facility: Facility) -> dict[str, int]:
    """The facility's files per status and its requests for documents still unanswered, for its home page
    (two queries over the (facility, status, …) and (billing_file, answered_on) indexes)."""
    rows = BillingFile.objects.filter(facility=facility).values("status").annotate(n=Count("id")).order_by()
    counts = {status.value: 0 for status in FileStatus}
    counts.update({row["status"]: row["n"] for row in rows})
    counts["papers_asked"] = InfoRequest.objects.filter(
        billing_file__facility=facility, answered_on__isnull=True
    ).count()
    return counts


def billing_files_by_invoice(*, user: Any, invoice_number: str, limit: int = 10) -> list[BillingFile]:
    """The files bearing an invoice number (one per facility at most), among those the user may read:
    every facility's for fund staff who read files, their own facility's for facility staff."""
    number = invoice_number.strip()
    if not number:
        return []
    own = None
    if not can(user, "claims.view"):
        own = facility_of_user(user=user) if can(user, "claims.submit") else None
        if own is None:
            return []
    # The ids by one query written once (a facility asks it before billing each claim: mostly none is
    # found), the files themselves only for what was found.
    where, params = "", [number]
    if own is not None:
        where, params = f" AND {column_of(BillingFile, 'facility')} = %s", [number, own.pk]
    found = [
        row[0]
        for row in fetch(
            f"SELECT {column_of(BillingFile, 'id')} FROM {table_of(BillingFile)} "  # noqa: S608
            f"WHERE {column_of(BillingFile, 'invoice_number')} = %s{where} "
            f"ORDER BY {column_of(BillingFile, 'id')} DESC LIMIT %s",
            [*params, limit],
        )
    ]
    if not found:
        return []
    return list(BillingFile.objects.filter(pk__in=found).select_related("facility").order_by("-id"))
