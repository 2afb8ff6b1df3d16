"""The enrollments waiting for the fund and their 30-day processing clock (seed 003), and the enrollments
list with its filters (issue 14: by region, status, name or registration number, date of submission)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import can
from sanad.funds import registration_number_normalize
from sanad.registry.models import Enrollment, SearchTerm
from sanad.registry.search.keys import name_terms, term_key
from sanad.registry.statuses import ENROLLMENT_CLOCK_RUNNING

# The list's order, the one its indexes give: by due date (status, due_on) for a status, (due_on, id) for
# any status; every enrollment submitted has a due date.
LIST_KEY = ("due_on", "id")


def enrollments_overdue(*, today: date) -> QuerySet[Enrollment]:
    """Open enrollments whose due date has passed, oldest due first (index: status, due_on)."""
    return (
        Enrollment.objects.filter(status__in=ENROLLMENT_CLOCK_RUNNING, due_on__lt=today)
        .select_related("member")
        .order_by("due_on", "id")
    )


def enrollment_days_left(enrollment: Enrollment, *, today: date) -> int | None:
    """Calendar days until the decision is due; negative once overdue; None when the clock is stopped."""
    if enrollment.status not in ENROLLMENT_CLOCK_RUNNING or enrollment.due_on is None:
        return None
    return (enrollment.due_on - today).days


@dataclass(frozen=True, slots=True)
class EnrollmentFilters:
    """What the enrollments list is narrowed by; the defaults give the enrollments waiting for a decision.

    `statuses` None is any status; `text` is a registration number (any spacing) or names in either
    script, spelled any way; `overdue` keeps the waiting enrollments past their due date."""

    statuses: Collection[str] | None = ENROLLMENT_CLOCK_RUNNING
    region: str = ""
    text: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    # The day of the decision (certificate, refusal): the reports' figures link here with it.
    decided_from: date | None = None
    decided_to: date | None = None
    overdue: bool = False


def _named(text: str) -> Q | None:
    """A registration number (it holds digits: names do not) or every search key of the names typed, each
    found among the member's own keys (index: registry_search_term, key then member)."""
    text = text.strip()[:120]
    if not text:
        return None
    if any(c.isdigit() for c in text):
        return Q(member__registration_number=registration_number_normalize(text))
    terms = sorted(set(name_terms(text)))
    if not terms:
        return Q(pk__in=[])  # nothing searchable was typed: nothing matches, rather than everything
    found = [
        Exists(
            SearchTerm.objects.filter(
                term_key=term_key(term), member_id=OuterRef("member_id"), dependant_id=0
            )
        )
        for term in terms
    ]
    return Q(functools.reduce(operator.and_, found))


def _enrollments(*, user: Any, filters: EnrollmentFilters, today: date) -> QuerySet[Enrollment]:
    """The filtered enrollments. Each filter rides an index: the status (status, due_on), the region the
    members' (region), a name the search terms' (term, member, dependant), a registration number the
    members' unique one, the day of submission (submitted_on), the overdue ones (status, due_on)."""
    if not can(user, "registry.view"):
        raise PermissionDenied("registry.view")
    rows = Enrollment.objects.filter(due_on__isnull=False).select_related("member")
    statuses = filters.statuses
    if filters.overdue:
        statuses = (
            set(ENROLLMENT_CLOCK_RUNNING) if statuses is None else set(statuses) & ENROLLMENT_CLOCK_RUNNING
        )
        rows = rows.filter(due_on__lt=today)
    if statuses is not None:
        rows = rows.filter(status__in=sorted(statuses))
    if filters.region:
        rows = rows.filter(member__region=filters.region)
    if filters.submitted_from is not None:
        rows = rows.filter(submitted_on__gte=filters.submitted_from)
    if filters.submitted_to is not None:
        rows = rows.filter(submitted_on__lte=filters.submitted_to)
    if filters.decided_from is not None:
        rows = rows.filter(decided_on__gte=filters.decided_from)
    if filters.decided_to is not None:
        rows = rows.filter(decided_on__lte=filters.decided_to)
    named = _named(filters.text)
    if named is not None:
        rows = rows.filter(named)
    return rows


def _with_clock(enrollments: list[Enrollment], today: date) -> list[Enrollment]:
    for enrollment in enrollments:
        enrollment.days_left = enrollment_days_left(enrollment, today=today)
    return enrollments


def enrollment_list(
    *,
    user: Any,
    filters: EnrollmentFilters,
    today: date,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[Enrollment]:
    """A page of the enrollments the filters keep, by due date, paged by key; each with its days left."""
    rows = _enrollments(user=user, filters=filters, today=today)
    page = key_page(rows, key=LIST_KEY, after=after, before=before, size=size)
    _with_clock(page.rows, today)
    return page


def enrollments_export(*, user: Any, filters: EnrollmentFilters, today: date) -> Iterator[Enrollment]:
    """Every enrollment the filters keep, in the list's order, read by key a chunk at a time."""
    rows = _enrollments(user=user, filters=filters, today=today)

    def chunk(after: str) -> KeyPage[Enrollment]:
        page = key_page(rows, key=LIST_KEY, after=after, size=EXPORT_CHUNK)
        _with_clock(page.rows, today)
        return page

    return rows_by_key(chunk)
