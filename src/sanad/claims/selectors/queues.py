"""Reads of the claims app: the fund's work queues, the processing clock and decisions.

Every queue pages by key and every filter it offers rides an index of BillingFile: a status alone on
(status, received_on, id); a facility on (facility, status, received_on); the overdue files of a status on
(status, due_on, id), most overdue first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from sanad.claims.models import BillingFile, FileDecision, InfoRequest
from sanad.claims.statuses import FileStatus
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page

F = FileStatus
# The statuses of the fund's pipeline whose processing clock still runs.
OPEN_STATUSES: tuple[FileStatus, ...] = (F.RECEIVED, F.ADJUDICATED, F.ADMIN_CHECK, F.MEDICAL_REVIEW)


def _queue_query(
    *, status: str, facility_id: int | None = None, overdue_on: datetime.date | None = None
) -> QuerySet[BillingFile]:
    rows = BillingFile.objects.filter(status=status)
    if facility_id is not None:
        rows = rows.filter(facility_id=facility_id)
    if overdue_on is not None:
        rows = rows.filter(due_on__lt=overdue_on)
    return rows


def billing_file_queue(
    *,
    status: FileStatus,
    after: tuple[datetime.date, int] | None = None,
    limit: int = 50,
    facility_id: int | None = None,
    overdue_on: datetime.date | None = None,
) -> QuerySet[BillingFile]:
    """Files of a status, oldest received first, paged by key (`after` = the last row's received_on, id);
    `facility_id` keeps one facility's, `overdue_on` those due before that day."""
    rows = (
        _queue_query(status=status, facility_id=facility_id, overdue_on=overdue_on)
        .select_related("facility")
        .order_by("received_on", "id")
    )
    if after is not None:
        day, pk = after
        rows = rows.filter(Q(received_on__gt=day) | Q(received_on=day, id__gt=pk))
    return rows[:limit]


def queue_key(*, facility_id: int | None, overdue_on: datetime.date | None) -> tuple[str, str]:
    """The order of a queue page, the one its index gives: oldest received first, or most overdue first
    when only the overdue files of the whole queue are asked for."""
    if overdue_on is not None and facility_id is None:
        return ("due_on", "id")
    return ("received_on", "id")


def billing_file_queue_page(
    *,
    status: FileStatus,
    facility_id: int | None = None,
    overdue_on: datetime.date | None = None,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[BillingFile]:
    """A page of a work queue with what its rows show: facility, beneficiary, the current decision's
    amounts and whether papers were asked for and not yet answered; constant queries whatever the size."""
    current = FileDecision.objects.filter(billing_file=OuterRef("pk"), is_current=True)
    rows = (
        _queue_query(status=status, facility_id=facility_id, overdue_on=overdue_on)
        .select_related("facility", "care_sheet__member", "care_sheet__dependant")
        .annotate(
            billed=Subquery(current.values("billed")[:1]),
            fund_share=Subquery(current.values("fund_share")[:1]),
            papers_asked=Exists(
                InfoRequest.objects.filter(billing_file=OuterRef("pk"), answered_on__isnull=True)
            ),
        )
    )
    key = queue_key(facility_id=facility_id, overdue_on=overdue_on)
    return key_page(rows, key=key, after=after, before=before, size=size)


def days_left(due_on: datetime.date | None, today: datetime.date) -> int | None:
    """Days until the end of the processing clock (negative when overdue), None before receipt."""
    return None if due_on is None else (due_on - today).days


def billing_files_overdue(*, today: datetime.date) -> QuerySet[BillingFile]:
    """Files past their processing clock (due before today) and not yet validated or rejected."""
    return BillingFile.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today)


def claims_overdue_count(*, today: datetime.date) -> int:
    return billing_files_overdue(today=today).count()


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """Files waiting in each step of the fund's pipeline, and how many of them are overdue."""

    received: int = 0
    adjudicated: int = 0
    admin_check: int = 0
    medical_review: int = 0
    overdue_received: int = 0
    overdue_adjudicated: int = 0
    overdue_admin_check: int = 0
    overdue_medical_review: int = 0

    @property
    def overdue(self) -> int:
        return (
            self.overdue_received
            + self.overdue_adjudicated
            + self.overdue_admin_check
            + self.overdue_medical_review
        )


def claims_queue_counts(*, today: datetime.date) -> QueueCounts:
    """The home dashboards' figures, in one query over the (status, due_on) index."""
    rows = (
        BillingFile.objects.filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(n=Count("id"), late=Count("id", filter=Q(due_on__lt=today)))
        .order_by()
    )
    figures: dict[str, int] = {}
    for row in rows:
        figures[row["status"]] = row["n"]
        figures[f"overdue_{row['status']}"] = row["late"]
    return QueueCounts(**figures)


def billing_file_decision(*, file_id: int) -> FileDecision | None:
    """The current decision on a file, with its line outcomes and their lines."""
    return (
        FileDecision.objects.filter(billing_file_id=file_id, is_current=True)
        .prefetch_related("lines__line")
        .first()
    )
