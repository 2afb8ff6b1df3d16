"""A run does not depend on the server's statistics being fresh (issue #16 §3): before it starts, it
analyses the tables it reads that a bulk load left stale, and only those (PostgreSQL)."""

import datetime

import pytest
from django.db import connection

from sanad.claims.runner.decide import claims_adjudicate_run
from sanad.claims.runner.statistics import run_tables, statistics_refresh
from sanad.registry.models import Member
from tests.claims.conftest import make_member

TODAY = datetime.date(2026, 4, 5)
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the server's statistics")
MEMBERS = Member._meta.db_table


def analysed() -> dict[str, object]:
    """When each table of the run was last analysed by a command (not by autovacuum)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname, last_analyze FROM pg_stat_user_tables WHERE relname = ANY(%s)", [run_tables()]
        )
        return dict(cursor.fetchall())


def members_bulk_load(count: int) -> None:
    Member.objects.bulk_create(
        Member(
            first_name="Mohamed",
            last_name="Ould Bench",
            sex="M",
            birth_date=datetime.date(1980, 1, 1),
            registration_number=f"B{n:08d}",
            population="national",
            nationality="MR",
            region="MR-12",
            enrolled_on=datetime.date(2025, 12, 1),
        )
        for n in range(count)
    )


@pytest.fixture
def fresh_statistics(db):
    """Every table of the run analysed, and left alone by autovacuum (off on the fund's servers)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in run_tables():
            cursor.execute(f"ALTER TABLE {quote(table)} SET (autovacuum_enabled = false)")
            cursor.execute(f"ANALYZE {quote(table)}")
    yield
    with connection.cursor() as cursor:
        for table in run_tables():
            cursor.execute(f"ALTER TABLE {quote(table)} RESET (autovacuum_enabled)")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_run_analyses_the_tables_a_bulk_load_left_stale_and_only_those(bill, fresh_statistics):
    bill(make_member())
    before = analysed()
    members_bulk_load(300)

    claims_adjudicate_run(on=TODAY)

    after = analysed()
    assert {table for table in after if after[table] != before[table]} == {MEMBERS}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_fresh_statistics_are_left_as_they_are(fresh_statistics):
    assert statistics_refresh() == []


def test_sqlite_has_no_statistics_to_refresh(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert statistics_refresh() == []
