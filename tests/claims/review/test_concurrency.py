"""Two claims checkers deciding the same file at the same moment: exactly one decision, the other is told
who decided and when (PostgreSQL's row locks; SQLite's in-memory test database cannot hold two writers)."""

from __future__ import annotations

import pytest

from sanad.claims.models import FileDecision
from sanad.claims.services.check import billing_file_reject, billing_file_validate
from sanad.claims.statuses import FileStatus, ReviewReason
from sanad.common.errors import DomainError, ErrorCode
from tests.claims.review.conftest import TODAY
from tests.concurrency import at_once, postgres_only


@pytest.mark.django_db(transaction=True)
def test_two_checkers_deciding_one_file_at_once_make_exactly_one_decision(make_file, checker, second_checker):
    postgres_only()
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    deciders = {
        "validate": lambda: billing_file_validate(actor=checker, file_id=billing_file.pk, on=TODAY),
        "reject": lambda: billing_file_reject(
            actor=second_checker,
            file_id=billing_file.pk,
            reason=ReviewReason.DOCUMENTS_INCONSISTENT,
            on=TODAY,
        ),
    }

    outcomes = dict(zip(deciders, at_once(list(deciders.values())), strict=True))

    done = [name for name, (_result, error) in outcomes.items() if error is None]
    errors = [error for _result, error in outcomes.values() if isinstance(error, DomainError)]
    unexpected = [e for _r, e in outcomes.values() if e is not None and not isinstance(e, DomainError)]
    assert not unexpected
    assert len(done) == 1 and len(errors) == 1
    [person] = FileDecision.objects.filter(billing_file=billing_file, source="checker")
    assert FileDecision.objects.filter(billing_file=billing_file, is_current=True).get() == person
    winner = {"validate": "Khadija", "reject": "Oumar"}[done[0]]
    assert errors[0].code == ErrorCode.ILLEGAL_TRANSITION
    assert winner in errors[0].message
    billing_file.refresh_from_db()
    assert billing_file.status == {"validate": "validated", "reject": "rejected"}[done[0]]
