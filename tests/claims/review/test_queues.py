"""The work queues page by key, filter on indexed columns, and the processing clock counts the days."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanad.claims.selectors.queues import (
    billing_file_queue,
    billing_file_queue_page,
    claims_overdue_count,
    claims_queue_counts,
    days_left,
)
from sanad.claims.statuses import FileStatus
from tests.claims.conftest import make_member
from tests.claims.review.conftest import RECEIVED, due_in


def walk(**filters) -> list[int]:
    """Every row of a queue, two at a time, following the next-page cursor."""
    seen, after = [], ""
    while True:
        page = billing_file_queue_page(after=after, size=2, **filters)
        seen += [row.pk for row in page.rows]
        if page.next_after is None:
            return seen
        after = page.next_after


def test_a_queue_pages_by_key_oldest_received_first(make_file):
    days = [5, 1, 3, 1, 4]
    files = [make_file(FileStatus.ADMIN_CHECK, received_on=RECEIVED + datetime.timedelta(d)) for d in days]
    make_file(FileStatus.MEDICAL_REVIEW)  # another queue

    order = walk(status=FileStatus.ADMIN_CHECK)

    expected = [f.pk for f in sorted(files, key=lambda f: (f.received_on, f.pk))]
    assert order == expected
    # Back from the last page to the one before it.
    last = billing_file_queue_page(status=FileStatus.ADMIN_CHECK, size=2, after=_cursor(expected[3]))
    back = billing_file_queue_page(status=FileStatus.ADMIN_CHECK, size=2, before=last.prev_before)
    assert [row.pk for row in last.rows] == expected[4:]
    assert [row.pk for row in back.rows] == expected[2:4]
    # The older selector walks the same order.
    first = list(billing_file_queue(status=FileStatus.ADMIN_CHECK, limit=2))
    rest = list(
        billing_file_queue(status=FileStatus.ADMIN_CHECK, after=(first[-1].received_on, first[-1].pk))
    )
    assert [f.pk for f in first + rest] == expected


def _cursor(pk: int) -> str:
    import json

    from sanad.claims.models import BillingFile

    row = BillingFile.objects.get(pk=pk)
    return json.dumps([str(row.received_on), str(row.pk)])


def test_a_queue_filters_by_facility(make_file, other_centre):
    here = make_file(FileStatus.ADMIN_CHECK)
    there = make_file(FileStatus.ADMIN_CHECK, facility=other_centre, member=make_member())

    assert walk(status=FileStatus.ADMIN_CHECK, facility_id=other_centre.pk) == [there.pk]
    assert walk(status=FileStatus.ADMIN_CHECK, facility_id=here.facility_id) == [here.pk]


def test_the_overdue_filter_lists_files_past_their_clock_most_overdue_first(make_file):
    late = due_in(make_file(FileStatus.ADMIN_CHECK), -2)
    later = due_in(make_file(FileStatus.ADMIN_CHECK), -9)
    due_in(make_file(FileStatus.ADMIN_CHECK), 0)  # due today: not late yet
    due_in(make_file(FileStatus.ADMIN_CHECK), 12)

    assert walk(status=FileStatus.ADMIN_CHECK, overdue_on=timezone.localdate()) == [later.pk, late.pk]


def test_the_clock_counts_days_left_and_nothing_before_receipt():
    today = datetime.date(2026, 4, 10)
    assert days_left(datetime.date(2026, 5, 2), today) == 22
    assert days_left(datetime.date(2026, 4, 8), today) == -2
    assert days_left(None, today) is None


def test_a_validated_or_rejected_file_is_never_overdue(make_file):
    today = timezone.localdate()
    due_in(make_file(FileStatus.ADMIN_CHECK), -3)
    due_in(make_file(FileStatus.MEDICAL_REVIEW), -1)
    due_in(make_file(FileStatus.MEDICAL_REVIEW), 5)
    due_in(make_file(FileStatus.VALIDATED), -30)

    counts = claims_queue_counts(today=today)

    assert (counts.admin_check, counts.medical_review, counts.received) == (1, 2, 0)
    assert (counts.overdue_admin_check, counts.overdue_medical_review, counts.overdue) == (1, 1, 2)
    assert claims_overdue_count(today=today) == 2
