"""Four eyes: the finance officer who prepared a run cannot approve it; another finance officer does."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from sanad.common.errors import DomainError, ErrorCode
from sanad.payments.models import SettlementRun
from sanad.payments.services import settlement_run_approve, settlement_run_gather, settlement_run_start
from sanad.payments.statuses import RunStatus
from tests.payments.conftest import RECEIVED, TODAY, validated_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared(officer, centre):
    validated_file(centre)
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    return settlement_run_gather(run_id=run.pk)


def test_four_eyes_the_officer_who_prepared_a_run_cannot_approve_it(officer, prepared):
    with pytest.raises(DomainError) as caught:
        settlement_run_approve(actor=officer, run_id=prepared.pk)

    assert caught.value.code == ErrorCode.FORBIDDEN
    prepared.refresh_from_db()
    assert prepared.status == RunStatus.PREPARED and prepared.approved_by is None


def test_four_eyes_another_finance_officer_approves_it(approver, prepared):
    run = settlement_run_approve(actor=approver, run_id=prepared.pk)

    assert (run.status, run.approved_by) == (RunStatus.APPROVED, approver)


def test_four_eyes_held_by_the_database_too(officer, prepared):
    with pytest.raises(IntegrityError), transaction.atomic():
        SettlementRun.objects.filter(pk=prepared.pk).update(approved_by=officer)


def test_a_manager_cannot_approve_a_run(manager, prepared):
    with pytest.raises(PermissionDenied):
        settlement_run_approve(actor=manager, run_id=prepared.pk)


def test_a_run_approved_twice_tells_the_second_who_approved_it(approver, make_user, prepared):
    from sanad.common.permissions import Role

    third = make_user("salem", Role.FINANCE_OFFICER, first_name="Salem")
    settlement_run_approve(actor=approver, run_id=prepared.pk)

    with pytest.raises(DomainError) as caught:
        settlement_run_approve(actor=third, run_id=prepared.pk)

    assert "Brahim" in caught.value.message
