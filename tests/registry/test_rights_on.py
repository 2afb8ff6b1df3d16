"""rights_on: covered or not on a date, with the reason, in one indexed query (issue 3, item 7)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanad.common.errors import DomainError
from sanad.registry.models import Relationship
from sanad.registry.selectors import Beneficiary, rights_on, rights_on_many
from sanad.registry.services import contribution_record, enrollment_submit
from sanad.registry.vocabulary import RightsReason
from tests.registry.conftest import certificates, child, id_card, spouse

DAY = datetime.timedelta(days=1)
JAN_1 = datetime.date(2026, 1, 1)
STUDENT_BORN = datetime.date(2005, 3, 10)  # 21 on 10 March 2026


@pytest.fixture
def family(fund, profile, member_input, alice):
    """A member paid from 1 January 2026 with a spouse, a young child and a child turning 21 in March."""
    dependants = [
        spouse(
            datetime.date(1984, 2, 1),
            *certificates("no_profession_proof", issued_on=datetime.date(2025, 1, 1)),
        ),
        child(datetime.date(2016, 6, 1), name="Fatimetou"),
        child(STUDENT_BORN, name="Ahmed"),
    ]
    member = enrollment_submit(
        actor=alice,
        member=member_input(),
        documents=[id_card(fund)],
        dependants=dependants,
        on=datetime.date(2025, 12, 1),
    ).member
    # Paid month after month (a year for CNASS) until the waiting period is over.
    waiting_over = JAN_1 + profile.rights.waiting_days * DAY
    paid_to = JAN_1 - DAY
    while paid_to < waiting_over:
        paid_to = contribution_record(
            actor=alice,
            member_id=member.pk,
            method="bank_transfer",
            reference="V1",
            paid_on=JAN_1,
            salary=Decimal("9000.00"),
        ).period_end
    return member, {d.first_name: d for d in member.dependants.all()}


def covered_day(profile):
    return JAN_1 + (profile.rights.waiting_days + 1) * DAY


def test_it_answers_for_a_member_in_one_query(fund, profile, family, django_assert_num_queries):
    member, _ = family

    with django_assert_num_queries(1):
        rights = rights_on(beneficiary=Beneficiary.member(member.pk), on=covered_day(profile))

    assert rights.covered
    assert rights.reason == RightsReason.COVERED
    assert rights.member == member
    assert rights.relationship is None
    assert rights.period.paid_from <= covered_day(profile) <= rights.period.end


def test_it_answers_for_a_dependant_in_one_query(fund, profile, family, django_assert_num_queries):
    member, dependants = family

    with django_assert_num_queries(1):
        rights = rights_on(
            beneficiary=Beneficiary.dependant(dependants["Mohamed"].pk), on=covered_day(profile)
        )
        assert rights.member.registration_number == member.registration_number  # loaded with it

    assert rights.covered
    assert rights.relationship == Relationship.SPOUSE
    assert rights.dependant == dependants["Mohamed"]


def test_it_answers_by_registration_number_in_one_query(fund, profile, family, django_assert_num_queries):
    member, _ = family

    with django_assert_num_queries(1):
        rights = rights_on(registration_number=member.registration_number.lower(), on=covered_day(profile))

    assert rights.member == member


def test_the_query_uses_the_rights_index(fund, profile, family):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is read with SQLite's EXPLAIN QUERY PLAN")
    _, dependants = family
    with CaptureQueriesContext(connection) as captured:
        rights_on(beneficiary=Beneficiary.dependant(dependants["Ahmed"].pk), on=covered_day(profile))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + captured.captured_queries[0]["sql"])
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "registry_rights_lookup" in plan
    assert "registry_cert_lookup" in plan
    assert "SCAN registry_rightsperiod" not in plan


def test_the_member_query_reads_the_number_and_rights_indexes(fund, profile, family):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is read with SQLite's EXPLAIN QUERY PLAN")
    member, _ = family
    with CaptureQueriesContext(connection) as captured:
        rights_on(registration_number=member.registration_number, on=covered_day(profile))
    with connection.cursor() as cursor:
        sql = captured.captured_queries[0]["sql"]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "registry_rights_lookup" in plan
    assert "SCAN registry_rightsperiod" not in plan
    assert "SCAN m" not in plan and "SCAN registry_member" not in plan


def test_a_child_loses_rights_on_the_21st_birthday_without_certificates(fund, profile, family):
    _, dependants = family
    ahmed = Beneficiary.dependant(dependants["Ahmed"].pk)

    before = rights_on(beneficiary=ahmed, on=datetime.date(2026, 3, 9))
    birthday = rights_on(beneficiary=ahmed, on=datetime.date(2026, 3, 10))

    assert before.covered is (covered_day(profile) <= datetime.date(2026, 3, 9))
    assert not birthday.covered
    assert birthday.reason == RightsReason.MISSING_CERTIFICATE


def test_the_waiting_period_and_arrears_show_in_the_reason(fund, profile, family):
    member, _ = family
    me = Beneficiary.member(member.pk)
    last_end = member.rights_periods.order_by("-end").first().end
    grace_end = last_end + profile.rights.grace_days * DAY

    assert rights_on(beneficiary=me, on=JAN_1 - DAY).reason == RightsReason.NO_CONTRIBUTION
    if profile.rights.waiting_days:
        assert rights_on(beneficiary=me, on=JAN_1).reason == RightsReason.WAITING
    assert rights_on(beneficiary=me, on=grace_end).covered
    suspended = rights_on(beneficiary=me, on=grace_end + DAY)
    assert (suspended.covered, suspended.reason) == (False, RightsReason.ARREARS)
    assert str(suspended.reason_label)


def test_an_unknown_beneficiary_is_not_covered(fund, db):
    assert rights_on(beneficiary=Beneficiary.member(404), on=JAN_1).reason == RightsReason.UNKNOWN


def test_a_registration_number_with_a_wrong_check_digit_is_refused(fund, profile, family):
    member, _ = family
    number = member.registration_number
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)

    with pytest.raises(DomainError) as caught:
        rights_on(registration_number=wrong, on=JAN_1)

    assert caught.value.field == "registration_number"


def test_rights_on_many_answers_a_whole_list_in_two_queries(fund, profile, family, django_assert_num_queries):
    member, dependants = family
    wanted = [Beneficiary.member(member.pk), *(Beneficiary.dependant(d.pk) for d in dependants.values())]
    wanted.append(Beneficiary.dependant(9999))
    on = datetime.date(2026, 3, 10)

    with django_assert_num_queries(2):
        answers = rights_on_many(beneficiaries=wanted, on=on)

    assert list(answers) == wanted
    for beneficiary in wanted[:-1]:
        single = rights_on(beneficiary=beneficiary, on=on)
        assert (answers[beneficiary].covered, answers[beneficiary].reason) == (single.covered, single.reason)
    assert answers[wanted[-1]].reason == RightsReason.UNKNOWN
