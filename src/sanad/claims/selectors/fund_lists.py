"""The file lists with their filters (issue 14): the fund's queues (administrative check, medical review,
overdue files), the reception of batches, and the facility's own files; each pages by key and exports.

A file's filters and what serves them on PostgreSQL:
- the status of a queue, a facility, the overdue files: BillingFile's (status, received_on, id),
  (facility, status, received_on) and (status, due_on, id), which also give the page's order;
- the facility's own files: (facility, -id), newest first;
- the date of care: the care sheet reached by its key, or (facility, care_date) with a facility;
- the amount billed (the sum of the sheet's lines): the lines' (care_sheet, line_no);
- waiting for papers (a request for documents not yet answered): InfoRequest's (billing_file, answered_on).
The last three are checked for each file the index walk reaches; none reads a table from end to end.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from sanad.claims.models import Batch, BillingFile, CareSheetLine, FileDecision, InfoRequest
from sanad.claims.selectors.facility import FilePage, own_facility
from sanad.claims.selectors.queues import queue_key
from sanad.claims.statuses import BatchStatus, FileStatus
from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import can
from sanad.providers.models import Facility

FACILITIES_MATCHED = 20  # a facility typed by name: at most this many of the names that hold it
_TOP = str(2**63 - 1)  # above every id: the facility's list reads back from here
_MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True, slots=True)
class FileFilters:
    """What a file list is narrowed by. `facility_ids` None is any facility (an empty tuple: none matched);
    `status` is used by the facility's list (a queue is its status); `overdue_on` keeps the files due
    before that day."""

    facility_ids: tuple[int, ...] | None = None
    status: str = ""
    billed_min: Decimal | None = None
    billed_max: Decimal | None = None
    care_from: datetime.date | None = None
    care_to: datetime.date | None = None
    papers_waiting: bool = False
    overdue_on: datetime.date | None = None
    # The facility's region and kind, and the sheet's care type (the indicators' dimensions, issue 20).
    region: str = ""
    facility_kind: str = ""
    care_type: str = ""


@dataclass(frozen=True, slots=True)
class BatchFilters:
    facility_ids: tuple[int, ...] | None = None
    group: str = ""
    submitted_from: datetime.date | None = None
    submitted_to: datetime.date | None = None


def facilities_matching(*, text: str, limit: int = FACILITIES_MATCHED) -> list[Facility]:
    """The facilities a typed text names: the one of that code (its unique index), or else those whose
    French or Arabic name holds the text (the network's table, a few thousand rows), by code."""
    text = text.strip()
    if not text:
        return []
    by_code = list(Facility.objects.filter(code=text.upper()))
    if by_code:
        return by_code
    named = Q(name_fr__icontains=text) | Q(name_ar__icontains=text) | Q(code__istartswith=text)
    return list(Facility.objects.filter(named).order_by("code")[:limit])


def _billed() -> Subquery:
    """The amount billed on a file: the sum of its care sheet's lines."""
    total = (
        CareSheetLine.objects.filter(care_sheet_id=OuterRef("care_sheet_id"))
        .order_by()
        .values("care_sheet_id")
        .annotate(total=Sum("billed"))
        .values("total")
    )
    return Subquery(total, output_field=_MONEY)


def _papers_waiting() -> Exists:
    """A request for documents is open on the file: asked by the fund and not yet answered."""
    return Exists(InfoRequest.objects.filter(billing_file=OuterRef("pk"), answered_on__isnull=True))


def _narrowed(rows: QuerySet[BillingFile], filters: FileFilters) -> QuerySet[BillingFile]:
    rows = rows.annotate(billed=_billed(), papers_asked=_papers_waiting())
    if filters.facility_ids is not None:
        rows = rows.filter(facility_id__in=filters.facility_ids)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.overdue_on is not None:
        rows = rows.filter(due_on__lt=filters.overdue_on)
    # Checked on each file the index walk reaches (the facility and the sheet by their keys).
    if filters.region:
        rows = rows.filter(facility__region=filters.region)
    if filters.facility_kind:
        rows = rows.filter(facility__kind=filters.facility_kind)
    if filters.care_type:
        rows = rows.filter(care_sheet__care_type=filters.care_type)
    if filters.care_from is not None or filters.care_to is not None:
        if filters.facility_ids is not None:
            # The sheets' (facility, care_date) index serves the range for these facilities.
            rows = rows.filter(care_sheet__facility_id__in=filters.facility_ids)
        if filters.care_from is not None:
            rows = rows.filter(care_sheet__care_date__gte=filters.care_from)
        if filters.care_to is not None:
            rows = rows.filter(care_sheet__care_date__lte=filters.care_to)
    if filters.billed_min is not None:
        rows = rows.filter(billed__gte=filters.billed_min)
    if filters.billed_max is not None:
        rows = rows.filter(billed__lte=filters.billed_max)
    if filters.papers_waiting:
        rows = rows.filter(papers_asked=True)
    return rows.select_related("facility", "batch", "care_sheet__member", "care_sheet__dependant__member")


# ---- The fund's queues ---------------------------------------------------------------------------------


def _queue(*, user: Any, status: FileStatus, filters: FileFilters) -> tuple[QuerySet[BillingFile], tuple]:
    if not can(user, "claims.view"):
        raise PermissionDenied("claims.view")
    current = FileDecision.objects.filter(billing_file=OuterRef("pk"), is_current=True)
    rows = _narrowed(BillingFile.objects.filter(status=status), filters).annotate(
        fund_share=Subquery(current.values("fund_share")[:1])
    )
    # With a facility the (facility, status, received_on) index gives the order; the overdue files of a
    # whole queue come most overdue first on (status, due_on, id).
    any_facility = None if filters.facility_ids is None else 0
    return rows, queue_key(facility_id=any_facility, overdue_on=filters.overdue_on)


def billing_file_list(
    *,
    user: Any,
    status: FileStatus,
    filters: FileFilters,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[BillingFile]:
    """A page of a fund's queue (files of `status`) with what its rows show: facility, beneficiary and
    their member, the amount billed, the current decision's fund share and whether papers are awaited;
    a fixed number of queries whatever the page's size. For readers of every facility's files."""
    rows, key = _queue(user=user, status=status, filters=filters)
    return key_page(rows, key=key, after=after, before=before, size=size)


def billing_files_export(*, user: Any, status: FileStatus, filters: FileFilters) -> Iterator[BillingFile]:
    """Every file of the queue the filters keep, in the page's order, read by key a chunk at a time."""
    rows, key = _queue(user=user, status=status, filters=filters)
    return rows_by_key(lambda after: key_page(rows, key=key, after=after, size=EXPORT_CHUNK))


# ---- The facility's own files ---------------------------------------------------------------------------


def _own(*, user: Any, filters: FileFilters) -> QuerySet[BillingFile]:
    facility = own_facility(user=user)
    # Whatever facility the filters name, a facility reads only its own files.
    own = dataclasses.replace(filters, facility_ids=(facility.pk,))
    return _narrowed(BillingFile.objects.filter(facility=facility), own)


def _digits(text: str) -> str:
    return text if text.isdigit() else ""


def billing_file_list_facility(
    *, user: Any, filters: FileFilters, older: str = "", newer: str = "", size: int = PAGE_SIZE
) -> FilePage:
    """The facility's own files, newest first, paged by id either way (`older` and `newer` are the cursors
    of the next pages; None at either end). Another facility's files never appear."""
    rows = _own(user=user, filters=filters)
    newer, older = _digits(newer), _digits(older)
    if newer:
        page = key_page(rows, key="id", after=newer, size=size)
        return FilePage(page.rows[::-1], older=page.prev_before, newer=page.next_after)
    page = key_page(rows, key="id", before=older or _TOP, size=size)
    after_last = str(page.rows[-1].pk) if older and page.rows else None
    return FilePage(page.rows[::-1], older=page.prev_before, newer=after_last)


def billing_files_export_facility(*, user: Any, filters: FileFilters) -> Iterator[BillingFile]:
    """Every file of the facility's list the filters keep, newest first, a chunk at a time."""
    rows = _own(user=user, filters=filters)

    def walk() -> Iterator[BillingFile]:
        before = _TOP
        while True:
            page = key_page(rows, key="id", before=before, size=EXPORT_CHUNK)
            yield from reversed(page.rows)
            if page.prev_before is None:
                return
            before = page.prev_before

    return walk()


# ---- The reception of batches ---------------------------------------------------------------------------


def _reception(*, user: Any, filters: BatchFilters) -> QuerySet[Batch]:
    """Submitted batches waiting for their receipt (index: status, submitted_on, id; with a facility,
    facility, status, -id)."""
    if not can(user, "claims.receive"):
        raise PermissionDenied("claims.receive")
    count = (
        BillingFile.objects.filter(batch=OuterRef("pk")).order_by().values("batch").annotate(n=Count("id"))
    )
    billed = (
        CareSheetLine.objects.filter(care_sheet__billing_file__batch=OuterRef("pk"))
        .order_by()
        .values("care_sheet__billing_file__batch")
        .annotate(total=Sum("billed"))
        .values("total")
    )
    rows = (
        Batch.objects.filter(status=BatchStatus.SUBMITTED)
        .select_related("facility")
        .annotate(file_count=Subquery(count.values("n")), billed=Subquery(billed, output_field=_MONEY))
    )
    if filters.facility_ids is not None:
        rows = rows.filter(facility_id__in=filters.facility_ids)
    if filters.group:
        rows = rows.filter(group=filters.group)
    if filters.submitted_from is not None:
        rows = rows.filter(submitted_on__gte=filters.submitted_from)
    if filters.submitted_to is not None:
        rows = rows.filter(submitted_on__lte=filters.submitted_to)
    return rows


RECEPTION_KEY = ("submitted_on", "id")


def batch_list_reception(
    *, user: Any, filters: BatchFilters, after: str = "", before: str = "", size: int = PAGE_SIZE
) -> KeyPage[Batch]:
    """A page of the reception desk's batches, oldest submitted first, with their facility, number of
    files and amount billed."""
    rows = _reception(user=user, filters=filters)
    return key_page(rows, key=RECEPTION_KEY, after=after, before=before, size=size)


def batches_export_reception(*, user: Any, filters: BatchFilters) -> Iterator[Batch]:
    rows = _reception(user=user, filters=filters)
    return rows_by_key(lambda after: key_page(rows, key=RECEPTION_KEY, after=after, size=EXPORT_CHUNK))
