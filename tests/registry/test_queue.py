"""Queue tickets at a branch's reception: numbers, calls, service, waits (seed 003)."""

from __future__ import annotations

import datetime
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from sanad.registry.models import QueueTicket
from sanad.registry.selectors.queue import queue_waits, tickets_called, tickets_waiting
from sanad.registry.services.queue import ticket_call_next, ticket_issue, ticket_serve

BRANCH = "MR-13"
NOW = timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 0))


@pytest.fixture(autouse=True)
def _cnass(settings):
    settings.SANAD_FUND = "cnass-mr"


def test_it_numbers_tickets_per_branch_and_day(db, alice):
    numbers = [
        ticket_issue(actor=alice, branch=BRANCH, service="enrollment", now=NOW).number for _ in range(3)
    ]
    other = ticket_issue(actor=alice, branch="MR-14", service="information", now=NOW)
    tomorrow = ticket_issue(actor=alice, branch=BRANCH, service="enrollment", now=NOW + timedelta(days=1))
    assert numbers == [1, 2, 3]
    assert other.number == 1
    assert tomorrow.number == 1
    assert AuditEvent.objects.filter(action="ticket_issue").count() == 5


def test_it_refuses_an_unknown_branch_or_service(db, alice):
    with pytest.raises(DomainError) as error:
        ticket_issue(actor=alice, branch="XX-99", service="enrollment", now=NOW)
    assert error.value.field == "branch"
    with pytest.raises(DomainError) as error:
        ticket_issue(actor=alice, branch=BRANCH, service="lunch", now=NOW)
    assert error.value.field == "service"


@pytest.mark.django_db(transaction=True)
def test_it_gives_no_gap_and_no_duplicate_under_concurrency(alice):
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            for _ in range(5):
                ticket_issue(actor=None, branch=BRANCH, service="enrollment", now=NOW)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's shared in-memory test database fails concurrent writers; CI's PostgreSQL runs it"
        )
    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(QueueTicket.objects.filter(branch=BRANCH).values_list("number", flat=True))
    assert numbers == list(range(1, 21))


def test_it_calls_the_lowest_waiting_number_then_serves_it(db, alice, make_user):
    bob = make_user("bob")
    for minutes in (0, 1, 2):
        ticket_issue(actor=alice, branch=BRANCH, service="enrollment", now=NOW + timedelta(minutes=minutes))
    first = ticket_call_next(actor=alice, branch=BRANCH, counter=1, now=NOW + timedelta(minutes=10))
    second = ticket_call_next(actor=bob, branch=BRANCH, counter=2, now=NOW + timedelta(minutes=11))
    assert (first.number, first.counter, first.called_by) == (1, 1, alice)
    assert (second.number, second.counter) == (2, 2)
    assert [t.number for t in tickets_waiting(branch=BRANCH, day=NOW.date())] == [3]
    assert [t.number for t in tickets_called(branch=BRANCH, day=NOW.date())] == [2, 1]
    served = ticket_serve(actor=alice, ticket_id=first.pk, now=NOW + timedelta(minutes=20))
    assert served.served_at == NOW + timedelta(minutes=20)
    with pytest.raises(DomainError):
        ticket_serve(actor=alice, ticket_id=first.pk)


def test_it_says_so_when_nobody_waits_and_refuses_to_serve_an_uncalled_ticket(db, alice):
    with pytest.raises(DomainError) as error:
        ticket_call_next(actor=alice, branch=BRANCH, counter=1, now=NOW)
    assert error.value.code == "not_found"
    ticket = ticket_issue(actor=alice, branch=BRANCH, service="certificate", now=NOW)
    with pytest.raises(DomainError) as error:
        ticket_serve(actor=alice, ticket_id=ticket.pk)
    assert error.value.code == "illegal_transition"


def test_it_calls_within_a_service_when_asked(db, alice):
    ticket_issue(actor=alice, branch=BRANCH, service="enrollment", now=NOW)
    payment = ticket_issue(actor=alice, branch=BRANCH, service="contribution", now=NOW)
    called = ticket_call_next(actor=alice, branch=BRANCH, counter=3, service="contribution", now=NOW)
    assert called.pk == payment.pk


def test_it_averages_the_wait_per_branch_today(db, alice):
    for minutes in (0, 0):
        ticket_issue(actor=alice, branch=BRANCH, service="enrollment", now=NOW + timedelta(minutes=minutes))
    ticket_issue(actor=alice, branch="MR-06", service="information", now=NOW)
    ticket_call_next(actor=alice, branch=BRANCH, counter=1, now=NOW + timedelta(minutes=10))
    ticket_call_next(actor=alice, branch=BRANCH, counter=1, now=NOW + timedelta(minutes=20))
    waits = {w.branch: w for w in queue_waits(day=NOW.date())}
    assert waits[BRANCH].average_minutes == 15
    assert (waits[BRANCH].issued, waits[BRANCH].waiting) == (2, 0)
    assert waits["MR-06"].average_wait is None
    assert waits["MR-06"].waiting == 1
