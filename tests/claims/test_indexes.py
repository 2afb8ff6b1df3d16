"""Every work queue pages by key and every filter it offers has an index (issue: pages stay fast with
millions of lines), while a file's change of status touches as few indexes as possible.

On PostgreSQL the queries the pages and the runner really send are explained with sequential scans
disabled: a query no index can serve still scans the table, which these tests refuse."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sanad.claims.models import Batch, BillingFile, FileDecision, LineOutcome
from sanad.claims.runner.decide import files_next
from sanad.claims.selectors import batches as batch_selectors
from sanad.claims.selectors import facility as facility_selectors
from sanad.claims.selectors.queues import (
    OPEN_STATUSES,
    billing_file_queue_page,
    billing_files_overdue,
    claims_queue_counts,
)
from sanad.claims.statuses import FileStatus

TODAY = datetime.date(2026, 4, 20)
FUND_STATUSES = [*OPEN_STATUSES, FileStatus.VALIDATED, FileStatus.REJECTED]
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's plans")
_TABLE = BillingFile._meta.db_table
_BY_INDEX = re.compile(rf"(Index Scan|Index Only Scan|Bitmap Heap Scan)[^\n]* on {_TABLE}\b")


def _plan(sql: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


def _plans_of(run) -> list[str]:
    """The plans of the queries `run()` sends that read the billing files."""
    with CaptureQueriesContext(connection) as captured:
        run()
    queries = [q["sql"] for q in captured.captured_queries if f'"{_TABLE}"' in q["sql"]]
    assert queries, "the selector read no billing file"
    return [_plan(sql) for sql in queries if sql.lstrip().upper().startswith("SELECT")]


def _seeks(plan: str) -> bool:
    """The billing files are reached through an index searched with a condition (a full walk of an index
    in its order, filtering every row, does not count)."""
    lines = plan.splitlines()
    for n, line in enumerate(lines):
        if not _BY_INDEX.search(line):
            continue
        for detail in lines[n + 1 :]:
            if "->" in detail:
                break
            if "Index Cond:" in detail or "Recheck Cond:" in detail:
                return True
    return False


def _assert_indexed(plans: list[str]) -> None:
    for plan in plans:
        assert f"Seq Scan on {_TABLE}" not in plan, plan
        assert _seeks(plan), plan


@pytest.fixture
def files(bill, covered_member):
    made = [bill(covered_member) for _ in range(3)]
    BillingFile.objects.filter(pk=made[0].pk).update(status=FileStatus.VALIDATED)
    return made


@postgres_only
@pytest.mark.parametrize("status", FUND_STATUSES)
@pytest.mark.parametrize("facility", [False, True], ids=["all", "facility"])
@pytest.mark.parametrize("overdue", [False, True], ids=["any", "overdue"])
def test_every_filter_of_the_fund_queues_uses_an_index(files, centre, status, facility, overdue):
    def run():
        billing_file_queue_page(
            status=status,
            facility_id=centre.pk if facility else None,
            overdue_on=TODAY if overdue else None,
        )

    _assert_indexed(_plans_of(run))


@postgres_only
def test_the_next_page_of_a_queue_enters_the_index_at_the_key(files):
    cursor = billing_file_queue_page(status=FileStatus.RECEIVED, size=1).next_after

    def run():
        billing_file_queue_page(status=FileStatus.RECEIVED, after=cursor)

    _assert_indexed(_plans_of(run))


@postgres_only
def test_the_overdue_list_and_the_dashboard_counts_use_an_index(files):
    _assert_indexed(_plans_of(lambda: billing_files_overdue(today=TODAY).count()))
    _assert_indexed(_plans_of(lambda: claims_queue_counts(today=TODAY)))


@postgres_only
@pytest.mark.parametrize("status", ["", FileStatus.RECEIVED, FileStatus.VALIDATED])
def test_the_facility_list_uses_an_index(files, centre, monkeypatch, status):
    monkeypatch.setattr(facility_selectors, "own_facility", lambda user: centre)

    _assert_indexed(_plans_of(lambda: facility_selectors.facility_file_page(user=None, status=status)))


@postgres_only
def test_a_batch_s_files_and_its_candidates_use_an_index(files, centre):
    batch = Batch.objects.create(facility=centre, number="B-1", group="outpatient")
    BillingFile.objects.filter(pk=files[1].pk).update(batch=batch)

    _assert_indexed(_plans_of(lambda: batch_selectors.batch_slip(batch=batch)))
    _assert_indexed(_plans_of(lambda: batch_selectors.batch_candidates(batch=batch)))


@postgres_only
@pytest.mark.parametrize("part", [None, (1, 3)], ids=["one runner", "a share"])
def test_the_runner_walks_the_received_files_by_index(files, part):
    def run():
        with transaction.atomic():
            files_next((files[0].received_on, files[0].pk), 100, part)

    _assert_indexed(_plans_of(run))


def _indexed_columns(model) -> list[tuple[str, ...]]:
    """The columns of every index of `model`, as the database has them."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [tuple(c["columns"]) for c in found.values() if c["index"] or c["unique"]]


@pytest.mark.django_db
def test_a_change_of_status_rewrites_no_redundant_index():
    """No index of a billing file, a decision or a line outcome repeats the leading column of another: the
    engine writes hundreds of thousands of them a day, and each index costs every row written."""
    for model in (BillingFile, FileDecision, LineOutcome):
        columns = _indexed_columns(model)
        singles = [c[0] for c in columns if len(c) == 1]
        composites = [c for c in columns if len(c) > 1]
        redundant = [s for s in singles if any(c[0] == s for c in composites)]
        assert not redundant, f"{model.__name__}: {redundant} leads a composite index already"
