"""A long-term condition recognized for a beneficiary: the files whose diagnosis it groups are covered at
the fund's long-term rate (CNASS: 100 % instead of 90 % for an outpatient act in the public sector)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.authorizations.signals import conditions_recognized
from sanad.catalog.models import LongTermCondition
from sanad.claims.models import LineOutcome
from sanad.claims.services import billing_files_adjudicate
from sanad.claims.services.conditions import condition_recognize
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import Role

from .conftest import CARE_DAY, START

DECIDED_ON = datetime.date(2026, 4, 3)


@pytest.fixture
def adviser(make_user):
    return make_user("lemine", Role.MEDICAL_ADVISER, first_name="Mohamed")


@pytest.fixture
def diabetes(db):
    return LongTermCondition.objects.create(
        code="ALD-08", label_fr="Diabète", icd10_codes=["E10", "E11"], valid_from=START
    )


def _fund_share(bill, member, diagnosis: str, day: datetime.date = CARE_DAY) -> Decimal:
    billing_file = bill(member, day=day)
    billing_file.care_sheet.diagnosis = diagnosis
    billing_file.care_sheet.save(update_fields=["diagnosis"])
    [decision] = billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=DECIDED_ON)
    return LineOutcome.objects.get(decision=decision).fund_share


def test_long_term_rate_for_a_recognized_condition_that_groups_the_diagnosis(
    bill, covered_member, adviser, diabetes
):
    condition_recognize(
        actor=adviser,
        code="ALD-08",
        member_id=covered_member.pk,
        valid_from=datetime.date(2026, 1, 1),
        on=datetime.date(2026, 1, 5),
    )

    assert _fund_share(bill, covered_member, "E11.9") == Decimal("1000.00")  # 100 %
    # Another illness, another day (the same day would be a duplicate of the first): 90 %.
    next_day = CARE_DAY + datetime.timedelta(days=1)
    assert _fund_share(bill, covered_member, "J06.9", next_day) == Decimal("900.00")


def test_no_long_term_rate_before_the_recognition_starts(bill, covered_member, adviser, diabetes):
    condition_recognize(
        actor=adviser,
        code="ALD-08",
        member_id=covered_member.pk,
        valid_from=datetime.date(2026, 6, 1),
        on=datetime.date(2026, 6, 1),
    )

    assert _fund_share(bill, covered_member, "E11.9") == Decimal("900.00")


def test_no_long_term_rate_without_a_recognition(bill, covered_member, diabetes):
    assert _fund_share(bill, covered_member, "E11.9") == Decimal("900.00")


def test_only_a_medical_adviser_recognizes_a_condition(checker, covered_member, diabetes):
    with pytest.raises(DomainError) as caught:
        condition_recognize(
            actor=checker, code="ALD-08", member_id=covered_member.pk, valid_from=START, on=START
        )
    assert caught.value.code == ErrorCode.FORBIDDEN


def test_a_recognition_names_a_condition_of_the_catalogue(adviser, covered_member, diabetes):
    with pytest.raises(DomainError) as caught:
        condition_recognize(
            actor=adviser, code="ALD-99", member_id=covered_member.pk, valid_from=START, on=START
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "code")


def test_the_adviser_recognizes_a_condition_from_the_files_page(
    client, bill, covered_member, adviser, diabetes
):
    from django.urls import reverse

    from sanad.claims.models import ConditionRecognition

    billing_file = bill(covered_member)
    client.force_login(adviser)
    url = reverse("claims:fund_file_action", args=[billing_file.pk, "condition"])

    response = client.post(url, {"condition-code": "ALD-08", "condition-valid_from": "2026-01-01"})

    assert response.status_code == 302
    recognized = ConditionRecognition.objects.get()
    assert (recognized.beneficiary, recognized.condition_code) == (f"M{covered_member.pk}", "ALD-08")
    assert recognized.recognized_by == adviser


def test_a_checker_cannot_recognize_a_condition_from_the_files_page(
    client, bill, covered_member, checker, diabetes
):
    from django.urls import reverse

    from sanad.claims.models import ConditionRecognition

    billing_file = bill(covered_member)
    client.force_login(checker)
    url = reverse("claims:fund_file_action", args=[billing_file.pk, "condition"])

    response = client.post(url, {"condition-code": "ALD-08", "condition-valid_from": "2026-01-01"})

    assert response.status_code == 400
    assert not ConditionRecognition.objects.exists()


def test_prior_authorization_is_told_the_conditions_recognized_on_the_day(covered_member, adviser, diabetes):
    """The automatic rules of prior authorization (seed 002, long-term conditions) read the recognitions
    the claims app keeps: on the day, within their validity, for that beneficiary only."""
    condition_recognize(
        actor=adviser,
        code="ALD-08",
        member_id=covered_member.pk,
        valid_from=datetime.date(2026, 1, 1),
        on=datetime.date(2026, 1, 5),
    )

    key = f"M{covered_member.pk}"
    assert conditions_recognized(beneficiary=key, on=datetime.date(2026, 3, 1)) == {"ALD-08"}
    assert conditions_recognized(beneficiary=key, on=datetime.date(2025, 12, 31)) == frozenset()
    assert (
        conditions_recognized(beneficiary=f"M{covered_member.pk + 1}", on=datetime.date(2026, 3, 1))
        == frozenset()
    )
