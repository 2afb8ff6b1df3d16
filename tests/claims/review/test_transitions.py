"""Every status change goes through the transition table: each action from each status, legal or not."""

from __future__ import annotations

import pytest

from sanad.claims.models import BillingFile, FileDecision
from sanad.claims.services.check import (
    billing_file_reject,
    billing_file_route_medical_review,
    billing_file_validate,
)
from sanad.claims.services.review import LineReview, billing_file_review
from sanad.claims.statuses import FILE_STEPS, FileStatus, ReviewReason, file_step_check
from sanad.common.errors import DomainError, ErrorCode
from tests.claims.review.conftest import TODAY

TABLE = [(action, status) for action in FILE_STEPS for status in FileStatus]


@pytest.mark.parametrize(("action", "status"), TABLE)
def test_every_action_runs_only_from_the_statuses_the_table_lists(action, status):
    starts, target = FILE_STEPS[action]
    if status in starts:
        assert file_step_check(action, status) == target
    else:
        with pytest.raises(DomainError) as error:
            file_step_check(action, status)
        assert error.value.code == ErrorCode.ILLEGAL_TRANSITION


def test_an_action_missing_from_the_table_is_refused():
    with pytest.raises(DomainError) as error:
        file_step_check("billing_file_pay", FileStatus.VALIDATED)
    assert error.value.code == ErrorCode.INVALID


def _route(actor, billing_file):
    return billing_file_route_medical_review(actor=actor, file_id=billing_file.pk, on=TODAY)


def _validate(actor, billing_file):
    return billing_file_validate(actor=actor, file_id=billing_file.pk, on=TODAY)


def _reject(actor, billing_file):
    return billing_file_reject(
        actor=actor, file_id=billing_file.pk, reason=ReviewReason.NOT_JUSTIFIED, on=TODAY
    )


def _review(actor, billing_file):
    lines = [
        LineReview(line_id=pk, verdict="accept")
        for pk in billing_file.care_sheet.lines.values_list("pk", flat=True)
    ]
    return billing_file_review(actor=actor, file_id=billing_file.pk, lines=lines, on=TODAY)


# Each decision a person takes, the statuses it runs from and the status it leads to.
PERSON_ACTIONS = {
    "route_medical_review": (_route, FILE_STEPS["billing_file_route_medical_review"]),
    "validate": (_validate, FILE_STEPS["billing_file_validate"]),
    "reject": (_reject, FILE_STEPS["billing_file_reject"]),
    # Every line accepted: the review validates the file, from the medical review only.
    "review": (_review, (frozenset({FileStatus.MEDICAL_REVIEW}), FileStatus.VALIDATED)),
}


@pytest.mark.parametrize(("name", "status"), [(n, s) for n in PERSON_ACTIONS for s in FileStatus])
def test_each_decision_by_a_person_goes_through_the_transition_table(
    name, status, make_file, checker, adviser
):
    run, (starts, target) = PERSON_ACTIONS[name]
    billing_file = make_file(FileStatus.ADMIN_CHECK)
    BillingFile.objects.filter(pk=billing_file.pk).update(status=status)
    # Whoever works the queue the file stands in (the adviser the medical review; the checker elsewhere).
    actor = adviser if status == FileStatus.MEDICAL_REVIEW or name == "review" else checker
    if status in starts:
        run(actor, billing_file)
        billing_file.refresh_from_db()
        assert billing_file.status == target
    else:
        with pytest.raises(DomainError) as error:
            run(actor, billing_file)
        assert error.value.code == ErrorCode.ILLEGAL_TRANSITION
        billing_file.refresh_from_db()
        assert billing_file.status == status
        assert FileDecision.objects.filter(billing_file=billing_file).count() == 1  # the engine's only
