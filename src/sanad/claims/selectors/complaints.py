"""Reads for the regional offices, the branch counters and the insured: the queue of open complaints with
their clocks, the reimbursement files, and an insured family's own files and complaints (never another's).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from sanad.claims.models import BillingFile, CareSheetLine, Complaint, FileDecision, FileDocument
from sanad.claims.statuses import Channel, ComplaintStatus, FileStatus
from sanad.common.paging import KeyPage, key_page
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
    rows = Complaint.objects.filter(status=ComplaintStatus.OPEN).select_related("member", "facility")
    if region:
        rows = rows.filter(region=region)
    if overdue:
        rows = rows.filter(due_on__lt=today)
    return key_page(rows, key=("due_on", "id"), after=after, before=before, size=size)


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
