"""On SQLite (the `make run` default), two people saving at once wait for each other: no "database is locked".

The test database of pytest-django is in memory, where two connections share one cache and lock each other
out at once: not what a counter runs on. This test copies it (schema, migrations applied) to a file in a
temporary folder, with the project's own connection settings (WAL, busy timeout, immediate transactions),
and each thread then reaches that file through its own connection. Only this test pays for the file.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.db.utils import load_backend
from django.utils import timezone

from sanad.registry.inputs import DocumentInput, MemberInput
from sanad.registry.models import Contribution, Member, QueueTicket
from sanad.registry.services import contribution_record, enrollment_submit
from sanad.registry.services.queue import ticket_issue
from tests.concurrency import at_once, errors_of

ROUNDS = 12  # payments per member, and tickets per thread
BRANCH = "MR-13"


@pytest.fixture(autouse=True)
def _cnass(settings, tmp_path):
    settings.SANAD_FUND = "cnass-mr"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def file_database(transactional_db, tmp_path) -> dict[str, Any]:
    """The settings of a file copy of the test database; the in-memory one is only read, never written.

    A transactional test, so that no transaction is open on the in-memory database while it is copied
    (SQLite's backup would wait for that writer to finish).
    """
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's row locks are tested by the concurrency tests of each app")
    assert connection.is_in_memory_db()  # the test database, never the developer's var/sanad.sqlite3
    path = tmp_path / "counter.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return {**connection.settings_dict, "NAME": str(path)}


@contextmanager
def connected_to(settings_dict: dict[str, Any]) -> Iterator[Any]:
    """For the block, this thread's default connection is a connection of its own to `settings_dict`."""
    original = connections["default"]
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        connections["default"] = original


def _member(actor: Any, first_name: str, phone: str, on: datetime.date) -> Member:
    person = MemberInput(
        first_name=first_name,
        last_name="Ould Cheikh",
        sex="M",
        birth_date=datetime.date(1980, 3, 2),
        population="national",
        nationality="MR",
        phone=phone,
        region=BRANCH,
        photo=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg"),
    )
    card = DocumentInput(
        kind="national_id_card", number=f"N{phone[-6:]}", expires_on=datetime.date(2031, 1, 1)
    )
    return enrollment_submit(actor=actor, member=person, documents=[card], on=on).member


def test_two_counters_saving_at_once_both_succeed_and_every_row_is_there(file_database):
    paid_on = timezone.localdate() - datetime.timedelta(days=20)
    now = timezone.now()
    with connected_to(file_database) as wrapper:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        assert wrapper.transaction_mode == "IMMEDIATE"
        agent = get_user_model().objects.create_user(username="agent-two-writers", password="x" * 12)
        members = [
            _member(agent, "Sidi", "+22236123456", paid_on).pk,
            _member(agent, "Mohamed", "+22246123457", paid_on).pk,
        ]

    def counter(member_id: int) -> None:
        # Each counter records a member's payments and hands out tickets at the same branch, in turns:
        # its own rows, and one row both fight for (the branch's day counter).
        with connected_to(file_database):
            for _ in range(ROUNDS):
                contribution_record(
                    actor=None, member_id=member_id, method="bank_transfer", reference="VIR", paid_on=paid_on
                )
                ticket_issue(actor=None, branch=BRANCH, service="contribution", now=now)

    outcomes = at_once([lambda: counter(members[0]), lambda: counter(members[1])])

    assert errors_of(outcomes) == []
    with connected_to(file_database):
        for member_id in members:
            assert Contribution.objects.filter(member_id=member_id).count() == ROUNDS
        numbers = QueueTicket.objects.filter(branch=BRANCH).values_list("number", flat=True)
        assert sorted(numbers) == list(range(1, 2 * ROUNDS + 1))
