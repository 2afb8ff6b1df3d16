"""Reads for the regional offices, the branch counters and the insured: the queue of open complaints with
their clocks, the reimbursement files, and an insured family's own files and complaints (never another's).

The complaints list (issue 14) filters by status, regional office, facility, day of receipt and clock,
pages by (due_on, id) and exports. What serves each filter on PostgreSQL: the status
claims_complaint_queue_idx (status, due_on, id), any status claims_complaint_due_idx (due_on, id), the
office claims_complaint_region_idx, the day of receipt claims_complaint_received_idx, the overdue ones the
due date of the first two; a facility is checked on each complaint these reach (its own facility, or its
file's read by the file's key), complaints being few beside the files.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from sanad.claims.models import BillingFile, CareSheetLine, Complaint, FileDecision, FileDocument
from sanad.claims.statuses import Channel, ComplaintStatus, FileStatus
from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import KeyPage, key_page
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.calendar import working_days_between
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility
from sanad.registry.models import Member

PAGE_SIZE = 50
FAMILY_PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class ComplaintClock:
    """Where a complaint stands against its clock: days left (in the clock's unit), negative once late."""

    due_on: datetime.date
    days_left: int
    overdue: bool
    working_days: bool

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


def complaint_clock(
    complaint: Complaint, *, today: datetime.date, profile: FundProfile | None = None
) -> ComplaintClock:
    """An open complaint is overdue once its due date has passed; an answered one, if answered after it."""
    profile = profile or active_profile()
    working = profile.claims.complaint_clock.unit == "working_days"
    until = complaint.answered_on or today
    left = (
        working_days_between(profile, until, complaint.due_on) if working else (complaint.due_on - until).days
    )
    return ComplaintClock(complaint.due_on, left, until > complaint.due_on, working)


@dataclass(frozen=True, slots=True)
class ComplaintFilters:
    """What the complaints list is narrowed by; the defaults give the open complaints.

    `statuses` None is any status; `facility_ids` None is any facility (an empty tuple: none matched), a
    facility being the complainant or the one that billed the file complained about; `overdue` keeps the
    complaints past their clock (open past their due date, or answered after it)."""

    statuses: tuple[str, ...] | None = (ComplaintStatus.OPEN,)
    region: str = ""
    facility_ids: tuple[int, ...] | None = None
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    answered_from: datetime.date | None = None
    answered_to: datetime.date | None = None
    overdue: bool = False


LIST_KEY = ("due_on", "id")


def _cursor(text: str) -> str:
    """A cursor of the list as `key_page` gave it (a due date and an id), or "" for anything else: a
    cursor typed by hand starts the list again rather than failing."""
    if not text:
        return ""
    try:
        due_on, pk = json.loads(text)
        datetime.date.fromisoformat(due_on)
    except (TypeError, ValueError):
        return ""
    return text if isinstance(pk, str) and pk.isdigit() else ""


def _complaints(*, filters: ComplaintFilters, today: datetime.date) -> QuerySet[Complaint]:
    rows = Complaint.objects.select_related(
        "member",
        "facility",
        "billing_file__facility",
        "billing_file__care_sheet__member",
        "billing_file__care_sheet__dependant__member",
    )
    if filters.statuses is not None:
        rows = rows.filter(status__in=sorted(filters.statuses))
    if filters.region:
        rows = rows.filter(region=filters.region)
    if filters.facility_ids is not None:
        # The facility that complains, or the one that billed the file: the file is read by its key for
        # each complaint the list's index reaches, never the billing files from end to end.
        billed_there = BillingFile.objects.filter(
            pk=OuterRef("billing_file_id"), facility_id__in=filters.facility_ids
        )
        rows = rows.filter(Q(facility_id__in=filters.facility_ids) | Q(Exists(billed_there)))
    if filters.received_from is not None:
        rows = rows.filter(received_on__gte=filters.received_from)
    if filters.received_to is not None:
        rows = rows.filter(received_on__lte=filters.received_to)
    if filters.answered_from is not None:
        rows = rows.filter(answered_on__gte=filters.answered_from)
    if filters.answered_to is not None:
        rows = rows.filter(answered_on__lte=filters.answered_to)
    if filters.overdue:
        rows = rows.filter(_late(filters.statuses, today))
    return rows


def _late(statuses: tuple[str, ...] | None, today: datetime.date) -> Q:
    """Past the clock: an open complaint once its due date has passed (the index's due date serves it), an
    answered one if answered after it."""
    still_open = Q(due_on__lt=today)
    answered_late = Q(answered_on__gt=F("due_on"))
    if statuses is not None and ComplaintStatus.ANSWERED not in statuses:
        return still_open
    if statuses is not None and ComplaintStatus.OPEN not in statuses:
        return answered_late
    return Q(still_open, status=ComplaintStatus.OPEN) | Q(answered_late, status=ComplaintStatus.ANSWERED)


def _readable(user: Any) -> None:
    if not can(user, "claims.complaints"):
        raise PermissionDenied("claims.complaints")


def complaint_list(
    *,
    user: Any,
    filters: ComplaintFilters,
    today: datetime.date,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[Complaint]:
    """A page of the complaints the filters keep, oldest due first, paged by key; each with its parties,
    its file, the file's facility and beneficiary (a fixed number of queries). For the regional offices."""
    _readable(user)
    rows = _complaints(filters=filters, today=today)
    return key_page(rows, key=LIST_KEY, after=_cursor(after), before=_cursor(before), size=size)


def complaints_export(*, user: Any, filters: ComplaintFilters, today: datetime.date) -> Iterator[Complaint]:
    """Every complaint the filters keep, in the list's order, read by key a chunk at a time."""
    _readable(user)
    rows = _complaints(filters=filters, today=today)
    return rows_by_key(lambda after: key_page(rows, key=LIST_KEY, after=after, size=EXPORT_CHUNK))


def complaint_queue(
    *,
    today: datetime.date,
    region: str = "",
    overdue: bool = False,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[Complaint]:
    """Open complaints, oldest due first, paged by (due_on, id); of one regional office, or only those past
    their clock (indexes claims_complaint_region_idx and claims_complaint_queue_idx)."""
    filters = ComplaintFilters(region=region, overdue=overdue)
    rows = _complaints(filters=filters, today=today)
    return key_page(rows, key=LIST_KEY, after=after, before=before, size=size)


def complaint_get(*, pk: int) -> Complaint | None:
    """One complaint for the regional office, with its parties and file."""
    return (
        Complaint.objects.select_related(
            "member", "facility", "billing_file__facility", "registered_by", "answered_by"
        )
        .filter(pk=pk)
        .first()
    )


def complaints_of_member(*, member: Member, limit: int = 50) -> list[Complaint]:
    """An insured person's own complaints, newest first (index claims_complaint_member_idx)."""
    return list(
        Complaint.objects.filter(member=member)
        .select_related("billing_file")
        .order_by("-received_on", "-id")[:limit]
    )


def complaint_of_member(*, member: Member, pk: int) -> Complaint | None:
    """One of the insured person's own complaints; another's does not exist for them."""
    return Complaint.objects.filter(member=member, pk=pk).select_related("billing_file").first()


def _current_decision() -> Prefetch:
    return Prefetch("decisions", queryset=FileDecision.objects.filter(is_current=True), to_attr="current")


def _family_files(member: Member) -> QuerySet[BillingFile]:
    """Every file whose beneficiary is the member or one of their dependants (sheet indexes by member
    and by dependant), drafts left at the facility and drafts it cancelled excepted."""
    dependant_ids = [d.pk for d in member.dependants.all()]
    return BillingFile.objects.filter(
        Q(care_sheet__member_id=member.pk) | Q(care_sheet__dependant_id__in=dependant_ids)
    ).exclude(status__in=[FileStatus.DRAFT, FileStatus.CANCELLED])


@dataclass(frozen=True, slots=True)
class FamilyPage:
    rows: list[BillingFile]
    next_after: int | None  # the last id shown, when older files follow


def family_files(*, member: Member, after: int | None = None, size: int = FAMILY_PAGE_SIZE) -> FamilyPage:
    """The family's files, newest first, each with its sheet, facility and current decision; paged by id."""
    rows = (
        _family_files(member)
        .select_related("facility", "care_sheet__member", "care_sheet__dependant")
        .prefetch_related(_current_decision())
        .order_by("-id")
    )
    if after is not None:
        rows = rows.filter(id__lt=after)
    found = list(rows[: size + 1])
    page = found[:size]
    return FamilyPage(page, page[-1].pk if len(found) > size else None)


def _file_detail(rows: QuerySet[BillingFile], pk: int) -> BillingFile | None:
    return (
        rows.filter(pk=pk)
        .select_related("facility", "care_sheet__member", "care_sheet__dependant", "created_by")
        .prefetch_related(
            _current_decision(),
            "current__lines__line",
            Prefetch("care_sheet__lines", queryset=CareSheetLine.objects.order_by("line_no")),
            # The confidential envelope is never listed outside the medical review.
            Prefetch("attachments", queryset=FileDocument.objects.filter(confidential=False)),
        )
        .first()
    )


def family_file_get(*, member: Member, pk: int) -> BillingFile | None:
    """One of the family's files with its lines, documents and current decision; None for any other."""
    return _file_detail(_family_files(member), pk)


def reimbursement_file_get(*, pk: int) -> BillingFile | None:
    """A reimbursement file, for the branch counter (facilities' own files are not the counter's)."""
    return _file_detail(BillingFile.objects.filter(channel=Channel.REIMBURSEMENT), pk)


@dataclass(frozen=True, slots=True)
class ReimbursementFilters:
    """What the list of reimbursement files is narrowed by: a status (empty: any), how it was filed (at a
    branch or online; empty: either), the facility that was paid (None: any; an empty tuple: none
    matched), the days received."""

    status: str = ""
    submitted_via: str = ""
    facility_ids: tuple[int, ...] | None = None
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None


REIMBURSEMENT_KEY = ("received_on", "id")
_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _reimbursements(*, user: Any, filters: ReimbursementFilters) -> QuerySet[BillingFile]:
    """The reimbursement files the filters keep. The partial index claims_file_reimb_idx (received_on, id)
    holds the reimbursement files only: it gives the list's order and its days received; a status, a way
    of filing are checked on the files it reaches, a facility rides claims_file_facility_idx."""
    if not (can(user, "claims.reimburse") or can(user, "claims.view")):
        raise PermissionDenied("claims.reimburse")
    billed = (
        CareSheetLine.objects.filter(care_sheet_id=OuterRef("care_sheet_id"))
        .order_by()
        .values("care_sheet_id")
        .annotate(total=Sum("billed"))
        .values("total")
    )
    current = FileDecision.objects.filter(billing_file=OuterRef("pk"), is_current=True)
    rows = (
        BillingFile.objects.filter(channel=Channel.REIMBURSEMENT)
        .select_related("facility", "care_sheet__member", "care_sheet__dependant__member")
        .annotate(
            billed=Subquery(billed, output_field=_MONEY),
            fund_share=Subquery(current.values("fund_share")[:1], output_field=_MONEY),
        )
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.submitted_via:
        rows = rows.filter(submitted_via=filters.submitted_via)
    if filters.facility_ids is not None:
        rows = rows.filter(facility_id__in=filters.facility_ids)
    if filters.received_from is not None:
        rows = rows.filter(received_on__gte=filters.received_from)
    if filters.received_to is not None:
        rows = rows.filter(received_on__lte=filters.received_to)
    return rows


def _file_cursor(text: str) -> str:
    """A cursor of the list as `key_page` gave it (a day received and an id), or "" for anything else."""
    if not text:
        return ""
    try:
        received_on, pk = json.loads(text)
        datetime.date.fromisoformat(received_on)
    except (TypeError, ValueError):
        return ""
    return text if isinstance(pk, str) and pk.isdigit() else ""


def reimbursement_list(
    *,
    user: Any,
    filters: ReimbursementFilters,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[BillingFile]:
    """A page of the reimbursement files (filed at a branch or online), oldest received first, each with
    its beneficiary, the facility paid, the amount billed and the fund's share decided. For the branch
    counters and the readers of claims."""
    rows = _reimbursements(user=user, filters=filters)
    key = REIMBURSEMENT_KEY
    return key_page(rows, key=key, after=_file_cursor(after), before=_file_cursor(before), size=size)


def reimbursements_export(*, user: Any, filters: ReimbursementFilters) -> Iterator[BillingFile]:
    """Every reimbursement file the filters keep, in the list's order, read by key a chunk at a time."""
    rows = _reimbursements(user=user, filters=filters)
    return rows_by_key(lambda after: key_page(rows, key=REIMBURSEMENT_KEY, after=after, size=EXPORT_CHUNK))


def member_for_counter(*, registration_number: str) -> Member | None:
    """The member holding a registration number, with their dependants."""
    return (
        Member.objects.filter(registration_number=registration_number.strip().upper())
        .prefetch_related("dependants")
        .first()
    )


def facility_by_code(*, code: str) -> Facility | None:
    """A facility of the network list by its code."""
    code = code.strip()
    return Facility.objects.filter(code=code).first() if code else None


def complaint_counts(*, today: datetime.date) -> dict[str, int]:
    """Open complaints and those past their clock, for the home dashboards (one query, queue index)."""
    figures = Complaint.objects.filter(status=ComplaintStatus.OPEN).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
    )
    return {"open": figures["open"] or 0, "overdue": figures["overdue"] or 0}
