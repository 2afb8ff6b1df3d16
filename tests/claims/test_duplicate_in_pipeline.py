"""Duplicates (000_*, administrative check of care sheets and invoices): the engine compares a file's lines
with the lines already paid, with the earlier files of its batch, and with the files the fund received
before it and has not decided yet. A copy of a file still being processed goes to the administrative
check, the other file named; a cancelled or rejected file is held against no one."""

import datetime

import pytest

from sanad.catalog.models import LongTermCondition
from sanad.claims.models import BillingFile, FileDecision
from sanad.claims.runner.decide import claims_adjudicate_run
from sanad.claims.selectors import billing_file_decision
from sanad.claims.services import billing_files_adjudicate
from sanad.claims.services.conditions import condition_recognize
from sanad.claims.statuses import FileStatus
from sanad.common.permissions import Role

TODAY = datetime.date(2026, 4, 5)
FIRST_DAY, SECOND_DAY = datetime.date(2026, 4, 1), datetime.date(2026, 4, 2)
BEING_PROCESSED = [FileStatus.RECEIVED, FileStatus.ADMIN_CHECK, FileStatus.MEDICAL_REVIEW]


def line_findings(decision: FileDecision) -> list[dict]:
    return [f for outcome in decision.lines.all() for f in outcome.findings]


def status_set(billing_file: BillingFile, status: FileStatus) -> None:
    BillingFile.objects.filter(pk=billing_file.pk).update(status=status)


def decide(billing_file: BillingFile) -> FileDecision:
    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=TODAY)
    billing_file.refresh_from_db()
    return billing_file_decision(file_id=billing_file.pk)


@pytest.mark.parametrize("status", BEING_PROCESSED)
def test_duplicates_a_copy_of_a_file_still_being_processed_goes_to_the_administrative_check(
    bill, covered_member, status
):
    original = bill(covered_member, received_on=FIRST_DAY)
    status_set(original, status)
    copy = bill(covered_member, received_on=SECOND_DAY)

    decision = decide(copy)

    assert copy.status == FileStatus.ADMIN_CHECK
    assert (decision.status, decision.routing) == ("to_review", "administrative_check")
    [outcome] = decision.lines.all()
    assert outcome.status == "to_review"
    [finding] = outcome.findings
    assert (finding["code"], finding["rule"]) == ("duplicate_in_process", "duplicates")
    assert finding["params"]["claim"] == str(original.pk)
    assert finding["params"]["code"] == "CON-C"


@pytest.mark.parametrize("status", [FileStatus.CANCELLED, FileStatus.REJECTED])
def test_duplicates_a_cancelled_or_rejected_file_is_held_against_no_copy(bill, covered_member, status):
    original = bill(covered_member, received_on=FIRST_DAY)
    status_set(original, status)
    copy = bill(covered_member, received_on=SECOND_DAY)

    decision = decide(copy)

    assert copy.status == FileStatus.VALIDATED
    assert line_findings(decision) == []


def test_duplicates_the_file_received_first_is_not_the_copy_of_one_received_after_it(bill, covered_member):
    original = bill(covered_member, received_on=FIRST_DAY)
    bill(covered_member, received_on=SECOND_DAY)  # the copy, still received

    decision = decide(original)

    assert original.status == FileStatus.VALIDATED
    assert line_findings(decision) == []


def test_duplicates_a_file_is_not_the_copy_of_itself(bill, covered_member):
    billing_file = bill(covered_member)

    decision = decide(billing_file)

    assert billing_file.status == FileStatus.VALIDATED
    assert line_findings(decision) == []


def test_duplicates_another_day_of_care_is_no_copy(bill, covered_member):
    original = bill(covered_member, received_on=FIRST_DAY)
    status_set(original, FileStatus.ADMIN_CHECK)
    other_day = bill(covered_member, day=datetime.date(2026, 3, 11), received_on=SECOND_DAY)

    decide(other_day)

    assert other_day.status == FileStatus.VALIDATED


def test_duplicates_a_line_already_paid_is_rejected_even_when_another_copy_is_being_processed(
    bill, covered_member
):
    paid = bill(covered_member, received_on=FIRST_DAY)
    decide(paid)
    waiting = bill(covered_member, received_on=SECOND_DAY)
    status_set(waiting, FileStatus.ADMIN_CHECK)
    again = bill(covered_member, received_on=datetime.date(2026, 4, 3))

    decision = decide(again)

    assert again.status == FileStatus.REJECTED
    [finding] = line_findings(decision)
    assert (finding["code"], finding["params"]["claim"]) == ("duplicate_already_paid", str(paid.pk))


def test_duplicates_the_runner_sends_the_copy_of_a_file_under_review_to_the_administrative_check(
    bill, covered_member
):
    original = bill(covered_member, received_on=FIRST_DAY)
    status_set(original, FileStatus.MEDICAL_REVIEW)
    copy = bill(covered_member, received_on=SECOND_DAY)

    claims_adjudicate_run(on=TODAY, chunk=1)

    copy.refresh_from_db()
    assert copy.status == FileStatus.ADMIN_CHECK
    codes = [f["code"] for f in line_findings(billing_file_decision(file_id=copy.pk))]
    assert codes == ["duplicate_in_process"]


def test_duplicates_a_line_already_paid_is_rejected_for_a_person_with_a_recognized_condition(
    bill, covered_member, make_user
):
    LongTermCondition.objects.create(
        code="ALD-08", label_fr="Diabète", icd10_codes=["E10", "E11"], valid_from=datetime.date(2020, 1, 1)
    )
    adviser = make_user("lemine", Role.MEDICAL_ADVISER)
    condition_recognize(
        actor=adviser, code="ALD-08", member_id=covered_member.pk, valid_from=datetime.date(2026, 1, 1),
        on=datetime.date(2026, 1, 5),
    )  # fmt: skip
    paid = bill(covered_member, received_on=FIRST_DAY)
    decide(paid)
    again = bill(covered_member, received_on=SECOND_DAY)

    decision = decide(again)

    assert again.status == FileStatus.REJECTED
    [finding] = line_findings(decision)
    assert (finding["code"], finding["params"]["claim"]) == ("duplicate_already_paid", str(paid.pk))
