"""Two claims checkers deciding the same file at the same moment: exactly one decision, the other is told
who decided and when (PostgreSQL's row locks; SQLite's in-memory test database cannot hold two writers)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from sanad.claims.models import FileDecision
from sanad.claims.services.check import billing_file_reject, billing_file_validate
from sanad.claims.statuses import FileStatus, ReviewReason
from sanad.common.errors import DomainError, ErrorCode
from tests.claims.review.conftest import TODAY


@pytest.mark.django_db(transaction=True)
def test_two_checkers_deciding_one_file_at_once_make_exactly_one_decision(make_file, checker, second_checker):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's shared in-memory test database fails concurrent writers; CI's PostgreSQL runs it"
        )
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    start = threading.Barrier(2)
    done: list[str] = []
    errors: list[DomainError] = []
    unexpected: list[BaseException] = []

    def decide(name: str, run) -> None:
        try:
            start.wait()
            run()
            done.append(name)
        except DomainError as error:
            errors.append(error)
        except BaseException as error:
            unexpected.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(
            target=decide,
            args=(
                "validate",
                lambda: billing_file_validate(actor=checker, file_id=billing_file.pk, on=TODAY),
            ),
        ),
        threading.Thread(
            target=decide,
            args=(
                "reject",
                lambda: billing_file_reject(
                    actor=second_checker,
                    file_id=billing_file.pk,
                    reason=ReviewReason.DOCUMENTS_INCONSISTENT,
                    on=TODAY,
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not unexpected
    assert len(done) == 1 and len(errors) == 1
    [person] = FileDecision.objects.filter(billing_file=billing_file, source="checker")
    assert FileDecision.objects.filter(billing_file=billing_file, is_current=True).get() == person
    winner = {"validate": "Khadija", "reject": "Oumar"}[done[0]]
    assert errors[0].code == ErrorCode.ILLEGAL_TRANSITION
    assert winner in errors[0].message
    billing_file.refresh_from_db()
    assert billing_file.status == {"validate": "validated", "reject": "rejected"}[done[0]]
