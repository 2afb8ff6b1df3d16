"""Reads of the quality control: the officers' queue, a member's blocking findings, the home figure.

The queue (issue 14) filters the open findings by kind, blocking or not, the member's region and the day
found, pages by id and exports. What serves each filter on PostgreSQL: the kind registry_finding_kind
(status, kind, id), blocking or not registry_finding_blocking (status, blocking, id), the day found
registry_finding_found (status, found_on), the region the members' (region) index.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.registry.models import Enrollment, Finding, Member
from sanad.registry.quality.statuses import FindingKind, FindingStatus
from sanad.registry.selectors import enrollment_days_left


def findings_blocking(*, member_id: int) -> QuerySet[Finding]:
    """Open blocking findings on a member, on either side of a pair (indexes: member/other_member, status)."""
    return Finding.objects.filter(
        Q(member_id=member_id) | Q(other_member_id=member_id), status=FindingStatus.OPEN, blocking=True
    ).order_by("id")


def findings_open_count() -> int:
    """Open findings in the register (the figure for the enrollment officer's home page)."""
    return Finding.objects.filter(status=FindingStatus.OPEN).count()


def finding_text(finding: Finding) -> str:
    """What the finding is about, in a sentence in the reader's language, from its kind and params."""
    p: dict[str, Any] = finding.params or {}
    kind = finding.kind
    if kind == FindingKind.DUPLICATE_DOCUMENT:
        return _("Document number %(number)s is also held by %(other)s.") % {
            "number": p.get("number", ""),
            "other": p.get("other", ""),
        }
    if kind == FindingKind.DUPLICATE_PERSON and p.get("arabic"):
        return _(
            "Same birth date as %(other)s, and the same names written in the other script: "
            "%(latin)s in Latin script, %(arabic)s in Arabic script."
        ) % {"other": p.get("other", ""), "latin": p.get("latin", ""), "arabic": p["arabic"]}
    if kind == FindingKind.DUPLICATE_PERSON:
        return _("Same names and birth date as %(other)s.") % {"other": p.get("other", "")}
    if kind == FindingKind.SHARED_PHONE:
        return _("Phone %(phone)s is on %(count)s members.") % {
            "phone": p.get("phone", ""),
            "count": p.get("members", 0),
        }
    if kind == FindingKind.CHILD_OLDER_THAN_MEMBER:
        return _("%(dependant)s was born when the member was %(gap)s (minimum %(minimum)s).") % {
            "dependant": p.get("dependant", ""),
            "gap": p.get("gap_years", 0),
            "minimum": p.get("minimum", 0),
        }
    if kind == FindingKind.SPOUSE_UNDER_AGE:
        return _("%(dependant)s is %(age)s, under the legal age of %(minimum)s.") % {
            "dependant": p.get("dependant", ""),
            "age": p.get("age", 0),
            "minimum": p.get("minimum", 0),
        }
    if kind == FindingKind.DEPENDANT_IS_MEMBER_ELSEWHERE:
        text = _("%(dependant)s is a dependant and also the member %(member)s.") % {
            "dependant": p.get("dependant", ""),
            "member": p.get("member", ""),
        }
        if p.get("arabic"):
            text += " " + _(
                "The names are the same written in the other script: %(latin)s in Latin script, "
                "%(arabic)s in Arabic script."
            ) % {"latin": p.get("latin", ""), "arabic": p["arabic"]}
        return text
    labels = {k.code: k.label.get_text() for k in active_profile().identity.documents}
    required = ", ".join(labels.get(code, code) for code in p.get("required", []))
    return _("One of these documents is required and valid: %(documents)s.") % {"documents": required}


@dataclass(frozen=True, slots=True)
class FindingFilters:
    """What the queue of open findings is narrowed by: a kind, blocking or not (None: either), the member's
    region, the days found."""

    kind: str = ""
    blocking: bool | None = None
    region: str = ""
    found_from: date | None = None
    found_to: date | None = None


def _findings(filters: FindingFilters) -> QuerySet[Finding]:
    query = Finding.objects.filter(status=FindingStatus.OPEN).select_related(
        "member__enrollment", "other_member", "dependant"
    )
    if filters.kind in FindingKind.values:
        query = query.filter(kind=filters.kind)
    if filters.blocking is not None:
        query = query.filter(blocking=filters.blocking)
    if filters.region:
        query = query.filter(member__region=filters.region)
    if filters.found_from is not None:
        query = query.filter(found_on__gte=filters.found_from)
    if filters.found_to is not None:
        query = query.filter(found_on__lte=filters.found_to)
    return query


def _with_clock(page: KeyPage[Finding], today: date) -> KeyPage[Finding]:
    for finding in page.rows:
        enrollment = getattr(finding.member, "enrollment", None)
        finding.text = finding_text(finding)
        finding.enrollment = enrollment
        finding.days_left = enrollment_days_left(enrollment, today=today) if enrollment else None
    return page


def _readable(user: Any) -> None:
    if not can(user, "registry.review"):
        raise PermissionDenied("registry.review")


def finding_list(
    *,
    user: Any,
    filters: FindingFilters,
    today: date,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[Finding]:
    """A page of the open findings the filters keep, by id, each with its text and the 30-day clock of the
    member's enrollment. For the enrollment officers."""
    _readable(user)
    # The key is the id: any other cursor (typed by hand) starts the list again rather than failing.
    after, before = (c if c.isdigit() else "" for c in (after, before))
    page = key_page(_findings(filters), key=("id",), after=after, before=before, size=size)
    return _with_clock(page, today)


def findings_export(*, user: Any, filters: FindingFilters, today: date) -> Iterator[Finding]:
    """Every open finding the filters keep, by id, read by key a chunk at a time."""
    _readable(user)
    rows = _findings(filters)
    return rows_by_key(
        lambda after: _with_clock(key_page(rows, key=("id",), after=after, size=EXPORT_CHUNK), today)
    )


def finding_queue(*, kind: str = "", after: str = "", before: str = "", today: date) -> KeyPage[Finding]:
    """Open findings, of one kind or all, by id (indexes: status, id and status, kind, id), each with its
    text and the 30-day clock of the member's enrollment."""
    page = key_page(_findings(FindingFilters(kind=kind)), key=("id",), after=after, before=before)
    return _with_clock(page, today)


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """One record as the officer compares two before a merge: who, its enrollment and what it holds."""

    member: Member
    enrollment: Enrollment | None
    dependants: int
    documents: int
    contributions: int
    findings_open: int


def record_summary(*, member_id: int) -> RecordSummary | None:
    """A record with the counts of what a merge would move (a handful of counting queries)."""
    member = Member.objects.select_related("enrollment", "merged_into").filter(pk=member_id).first()
    if member is None:
        return None
    return RecordSummary(
        member=member,
        enrollment=getattr(member, "enrollment", None),
        dependants=member.dependants.count(),
        documents=member.documents.count(),
        contributions=member.contributions.count(),
        findings_open=findings_blocking(member_id=member.pk).count(),
    )


def record_by_number(*, registration_number: str) -> Member | None:
    """The record with this (normalized) registration number, merged or not."""
    return Member.objects.filter(registration_number=registration_number).first()


def merge_findings(*, member_id: int, other_id: int) -> QuerySet[Finding]:
    """Open findings between two records (either side): those a merge of the two closes as "same person"."""
    return Finding.objects.filter(
        Q(member_id=member_id, other_member_id=other_id) | Q(member_id=other_id, other_member_id=member_id),
        status=FindingStatus.OPEN,
    ).order_by("id")
