"""Recording a contribution: the amount from the profile, the payment's trace, the rights period it opens."""

import datetime
from decimal import Decimal

import pytest

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.registry.models import Contribution, RightsPeriod
from sanad.registry.services import contribution_record, enrollment_submit
from tests.registry.conftest import TODAY, certificates, child, id_card

JAN_1 = datetime.date(2026, 1, 1)
SALARY = Decimal("10000.00")


@pytest.fixture
def member(fund, member_input, alice):
    """A member with a child of 10 and a student of 24 whose certificates have lapsed."""
    family = [
        child(datetime.date(2016, 6, 1)),
        child(
            datetime.date(2002, 6, 1),
            *certificates(
                "school_certificate",
                "unmarried_certificate",
                issued_on=datetime.date(2025, 9, 1),
                expires_on=datetime.date(2026, 12, 31),
            ),
        ),
    ]
    on = datetime.date(2025, 12, 1)
    return enrollment_submit(
        actor=alice, member=member_input(), documents=[id_card(fund)], dependants=family, on=on
    ).member


def _pay(member, actor, **fields):
    values = {"method": "bank_transfer", "reference": "VIR-001", "paid_on": JAN_1, "salary": SALARY}
    return contribution_record(actor=actor, member_id=member.pk, **{**values, **fields})


def test_the_amount_follows_the_fund_flat_per_person_or_share_of_salary(fund, profile, member, alice):
    contribution = _pay(member, alice)

    if profile.contributions.flat:  # CNASS: the member and two dependants on 1 January
        assert contribution.persons == 3
        assert contribution.amount == Decimal("4500.00")
        assert contribution.salary is None
    else:
        rates = profile.contributions.salary
        assert contribution.insured_share == SALARY * rates.employee_rate
        assert contribution.sponsor_share == SALARY * rates.employer_rate
    assert contribution.amount == contribution.insured_share + contribution.sponsor_share
    assert contribution.currency == profile.currency
    assert contribution.receipt_number == f"R-{member.registration_number}-20260101"
    assert AuditEvent.objects.filter(action="contribution_record").count() == 1


def test_it_opens_a_rights_period_after_the_waiting_period(fund, profile, member, alice):
    contribution = _pay(member, alice)

    period = contribution.rights_period
    assert period.paid_from == JAN_1
    assert period.start == JAN_1 + datetime.timedelta(days=profile.rights.waiting_days)
    assert period.end == contribution.period_end


def test_the_next_payment_continues_the_last_period_without_a_new_wait(fund, profile, member, alice):
    first = _pay(member, alice)
    second = _pay(member, alice, reference="VIR-002", paid_on=min(first.period_end, TODAY))

    assert second.period_start == first.period_end + datetime.timedelta(days=1)
    assert second.rights_period.start == max(second.period_start, first.rights_period.start)


def test_a_period_cannot_be_paid_twice(fund, member, alice):
    _pay(member, alice)

    with pytest.raises(DomainError) as caught:
        _pay(member, alice, period_start=JAN_1, reference="VIR-009")

    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "period_start")
    assert Contribution.objects.count() == RightsPeriod.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"method": "bank_transfer", "reference": ""}, "reference"),
        ({"method": "barter"}, "method"),
    ],
)
def test_a_payment_without_its_trace_is_refused(fund, member, alice, fields, field):
    with pytest.raises(DomainError) as caught:
        _pay(member, alice, **fields)

    assert caught.value.field == field
    assert not Contribution.objects.exists()


def test_mobile_money_needs_a_known_operator_and_a_transaction_reference(fund, profile, member, alice):
    if "mobile_money" not in profile.contributions.payment_methods:  # CNOPS: transfer or cheque only
        with pytest.raises(DomainError) as caught:
            _pay(member, alice, method="mobile_money")
        assert caught.value.field == "method"
        return
    operator = profile.contributions.mobile_money_operators[0]
    with pytest.raises(DomainError) as caught:
        _pay(member, alice, method="mobile_money", operator="Unknown Pay", reference="T1")

    paid = _pay(member, alice, method="mobile_money", operator=operator, reference="TX-42")

    assert caught.value.field == "operator"
    assert (paid.operator, paid.reference) == (operator, "TX-42")


def test_a_cheque_needs_its_number_and_bank(fund, profile, member, alice):
    if "cheque" not in profile.contributions.payment_methods:  # CNSS takes no cheques
        with pytest.raises(DomainError) as caught:
            _pay(member, alice, method="cheque", cheque_number="0012345", bank="BMCE")
        assert caught.value.field == "method"
        return
    with pytest.raises(DomainError) as caught:
        _pay(member, alice, method="cheque", cheque_number="0012345", bank="")

    paid = _pay(member, alice, method="cheque", cheque_number="0012345", bank="BMCE", reference="")

    assert caught.value.field == "bank"
    assert (paid.cheque_number, paid.bank) == ("0012345", "BMCE")


def test_a_receipt_number_is_unique(fund, member, alice):
    _pay(member, alice, receipt_number="Q-1")

    with pytest.raises(DomainError) as caught:
        _pay(member, alice, receipt_number="Q-1", reference="VIR-002")

    assert caught.value.field == "receipt_number"


def test_an_unknown_member_is_named(fund, alice, db):
    with pytest.raises(DomainError) as caught:
        contribution_record(actor=alice, member_id=999, method="cash", paid_on=TODAY)

    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "member_id")
