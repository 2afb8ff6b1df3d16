"""Correcting a payment: void, refund, re-date; the rights made again at once; a second person above the
profile's amount; the member told by SMS; the payment never deleted (issue 14, item 2)."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.funds.active import active_profile
from sanad.notifications.models import Message
from sanad.registry.models import Contribution, ContributionCorrection, RightsPeriod
from sanad.registry.selectors.rights import rights_on
from sanad.registry.services import contribution_record, enrollment_submit
from sanad.registry.services.corrections import (
    contribution_correction_decide,
    contribution_correction_request,
)
from tests.registry.conftest import TODAY, id_card

pytestmark = pytest.mark.django_db
SALARY = Decimal("10000.00")
RIGHT_DAY = datetime.date(2026, 1, 5)
WRONG_DAY = datetime.date(2016, 1, 5)  # the year typed wrong at the counter


@pytest.fixture
def member(fund, member_input, alice):
    return enrollment_submit(
        actor=alice, member=member_input(), documents=[id_card(fund)], on=datetime.date(2015, 12, 1)
    ).member


@pytest.fixture
def officer(make_user):
    return make_user("omar", Role.ENROLLMENT_OFFICER, first_name="Omar")


@pytest.fixture
def threshold(monkeypatch):
    """Set the profile's amount above which a second person approves a correction."""

    def set_to(amount: str) -> None:
        profile = active_profile()
        rules = dataclasses.replace(profile.contributions, void_approval_above=Decimal(amount))
        changed = dataclasses.replace(profile, contributions=rules)
        monkeypatch.setattr("sanad.registry.services.corrections.active_profile", lambda: changed)

    return set_to


def _pay(member, actor, **fields) -> Contribution:
    values = {"method": "bank_transfer", "reference": "VIR-001", "paid_on": RIGHT_DAY, "salary": SALARY}
    return contribution_record(actor=actor, member_id=member.pk, **{**values, **fields})


def _periods(member) -> list[tuple]:
    return list(
        RightsPeriod.objects.filter(member=member)
        .order_by("paid_from")
        .values_list("paid_from", "start", "end")
    )


def test_voiding_a_payment_recomputes_rights_at_once_and_keeps_the_payment(fund, member, alice, threshold):
    threshold("1000000")
    contribution = _pay(member, alice)
    covered_day = RightsPeriod.objects.get(contribution=contribution).end
    assert (
        rights_on(on=covered_day, registration_number=member.registration_number).reason != "no_contribution"
    )

    correction = contribution_correction_request(
        actor=alice, contribution_id=contribution.pk, kind="void", reason="Entered on the wrong member"
    )

    contribution.refresh_from_db()
    assert correction.status == "applied" and correction.decided_by == alice
    assert contribution.status == "voided"  # kept, never deleted
    assert _periods(member) == []
    assert (
        rights_on(on=covered_day, registration_number=member.registration_number).reason == "no_contribution"
    )
    event = AuditEvent.objects.get(action="contribution_correct", object_id=str(contribution.pk))
    assert event.before["status"] == "recorded" and event.after["status"] == "voided"
    assert event.before["rights"] and event.after["rights"] == []
    assert AuditEvent.objects.filter(action="contribution_correction_request").count() == 1


def test_the_member_is_told_by_sms_in_the_same_transaction(fund, member, alice, threshold):
    threshold("1000000")
    contribution = _pay(member, alice)
    correction = contribution_correction_request(
        actor=alice, contribution_id=contribution.pk, kind="void", reason="Duplicate entry"
    )
    message = Message.objects.get(dedupe_key=f"correction:{correction.pk}")
    assert contribution.receipt_number in message.text
    assert message.recipient == member.phone


def test_a_refund_needs_its_reference(fund, member, alice, threshold):
    threshold("1000000")
    contribution = _pay(member, alice)
    with pytest.raises(DomainError) as refused:
        contribution_correction_request(
            actor=alice, contribution_id=contribution.pk, kind="refund", reason="Overpaid"
        )
    assert refused.value.field == "refund_reference"
    contribution_correction_request(
        actor=alice,
        contribution_id=contribution.pk,
        kind="refund",
        reason="Overpaid",
        refund_reference="CHQ-77",
    )
    contribution.refresh_from_db()
    assert contribution.status == "refunded"


def test_a_wrongly_dated_payment_is_redated_with_the_rights_of_the_right_date(
    fund, member, alice, threshold, member_input
):
    threshold("1000000")
    wrong = _pay(member, alice, paid_on=WRONG_DAY)

    correction = contribution_correction_request(
        actor=alice, contribution_id=wrong.pk, kind="redate", reason="Year typed wrong", paid_on=RIGHT_DAY
    )

    wrong.refresh_from_db()
    assert wrong.status == "replaced"
    replacement = correction.replacement
    assert replacement.paid_on == RIGHT_DAY and replacement.period_start == RIGHT_DAY
    assert replacement.amount == wrong.amount and replacement.receipt_number == f"{wrong.receipt_number}-C1"
    # The rights are those the payment would have opened had it been dated right.
    twin = enrollment_submit(
        actor=alice,
        member=member_input(first_name="Twin"),
        documents=[id_card(fund)],
        on=datetime.date(2015, 12, 1),
    ).member
    _pay(twin, alice, receipt_number="TWIN-1")
    assert _periods(member) == _periods(twin)
    assert Message.objects.get(dedupe_key=f"correction:{correction.pk}").template == "contribution_redated"


@pytest.mark.parametrize("fund", ["cnass-mr"], indirect=True)
def test_after_the_redating_the_family_is_covered_again(fund, member, alice, threshold):
    threshold("1000000")
    wrong = _pay(member, alice, method="cash", reference="", paid_on=WRONG_DAY)
    assert not rights_on(on=TODAY, registration_number=member.registration_number).covered
    contribution_correction_request(
        actor=alice, contribution_id=wrong.pk, kind="redate", reason="Year typed wrong", paid_on=RIGHT_DAY
    )
    assert rights_on(on=TODAY, registration_number=member.registration_number).covered


def test_above_the_profile_amount_a_second_person_approves(fund, member, alice, officer, threshold):
    threshold("0")
    contribution = _pay(member, alice)
    before = _periods(member)

    correction = contribution_correction_request(
        actor=alice, contribution_id=contribution.pk, kind="void", reason="Cheque bounced"
    )

    contribution.refresh_from_db()
    assert correction.status == "pending" and contribution.status == "recorded"
    assert _periods(member) == before  # nothing changes until approved
    with pytest.raises(DomainError) as same_person:
        contribution_correction_decide(actor=alice, correction_id=correction.pk, approve=True)
    assert same_person.value.code == ErrorCode.FORBIDDEN
    contribution_correction_decide(actor=officer, correction_id=correction.pk, approve=True)
    contribution.refresh_from_db()
    assert contribution.status == "voided" and _periods(member) == []
    assert ContributionCorrection.objects.get(pk=correction.pk).decided_by == officer


def test_a_refused_correction_leaves_the_payment_and_needs_a_note(fund, member, alice, officer, threshold):
    threshold("0")
    contribution = _pay(member, alice)
    correction = contribution_correction_request(
        actor=alice, contribution_id=contribution.pk, kind="void", reason="Cheque bounced"
    )
    with pytest.raises(DomainError) as no_note:
        contribution_correction_decide(actor=officer, correction_id=correction.pk, approve=False)
    assert no_note.value.field == "note"
    contribution_correction_decide(
        actor=officer, correction_id=correction.pk, approve=False, note="Cheque cashed"
    )
    contribution.refresh_from_db()
    assert contribution.status == "recorded" and _periods(member)


def test_the_second_of_two_people_is_told_who_corrected_first(fund, member, alice, officer, threshold):
    threshold("1000000")
    contribution = _pay(member, alice)
    contribution_correction_request(
        actor=alice, contribution_id=contribution.pk, kind="void", reason="Duplicate"
    )
    with pytest.raises(DomainError) as second:
        contribution_correction_request(
            actor=officer, contribution_id=contribution.pk, kind="void", reason="Duplicate"
        )
    assert second.value.code == ErrorCode.CONFLICT
    assert "Alice" in second.value.message


def test_a_payment_dated_in_the_future_is_refused(fund, member, alice):
    with pytest.raises(DomainError) as refused:
        _pay(member, alice, paid_on=datetime.date.today() + datetime.timedelta(days=2))
    assert refused.value.field == "paid_on"
    assert not Contribution.objects.exists()


def test_a_payment_after_a_gap_asks_for_confirmation_and_says_when_rights_start(fund, profile, member, alice):
    first = _pay(member, alice, paid_on=datetime.date(2024, 1, 5))
    end = RightsPeriod.objects.get(contribution=first).end
    later = end + datetime.timedelta(days=profile.rights.grace_days + 40)
    with pytest.raises(DomainError) as asked:
        _pay(member, alice, paid_on=later, period_start=later, reference="VIR-002")
    assert asked.value.field == "confirm_gap"
    assert Contribution.objects.count() == 1
    second = _pay(member, alice, paid_on=later, period_start=later, reference="VIR-002", confirm_gap=True)
    start = RightsPeriod.objects.get(contribution=second).start
    assert start == later + datetime.timedelta(days=profile.rights.waiting_days)


def test_the_counter_corrects_a_payment_from_the_member_page(client, fund, member, alice, threshold):
    threshold("1000000")
    contribution = _pay(member, alice)
    client.force_login(alice)
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert f'id="correct-{contribution.pk}"' in page
    url = reverse("registry:contribution_correct", args=[contribution.pk])
    prefix = f"correct-{contribution.pk}"
    missing = client.post(url, {f"{prefix}-kind": "redate", f"{prefix}-reason": "Wrong year"})
    assert missing.status_code == 400
    assert 'data-field="paid_on"' in missing.content.decode()
    done = client.post(url, {f"{prefix}-kind": "void", f"{prefix}-reason": "Wrong member"})
    assert done.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == "voided"


def test_the_approval_queue_is_for_the_second_person(client, fund, member, alice, officer, threshold):
    threshold("0")
    contribution = _pay(member, alice)
    correction = contribution_correction_request(
        actor=alice, contribution_id=contribution.pk, kind="void", reason="Bounced"
    )
    client.force_login(alice)
    assert client.get(reverse("registry:correction_queue")).status_code == 403
    client.force_login(officer)
    assert contribution.receipt_number in client.get(reverse("registry:correction_queue")).content.decode()
    client.post(reverse("registry:correction_decide", args=[correction.pk]), {"decision": "approve"})
    contribution.refresh_from_db()
    assert contribution.status == "voided"


def test_the_member_page_names_the_correction_message_in_plain_words(client, fund, member, alice, threshold):
    threshold("1000000")
    contribution = _pay(member, alice)
    contribution_correction_request(
        actor=alice, contribution_id=contribution.pk, kind="void", reason="Duplicate"
    )
    client.force_login(alice)
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert "Paiement annulé" in page
    assert "contribution_cancelled" not in page.replace('data-status="', "")


def test_a_payment_dated_before_the_members_birth_is_refused(fund, member, alice):
    with pytest.raises(DomainError) as refused:
        _pay(member, alice, paid_on=member.birth_date - datetime.timedelta(days=1))
    assert refused.value.field == "paid_on"


def test_the_counter_is_told_next_to_the_field_that_a_payment_date_is_in_the_future(
    client, fund, member, alice
):
    client.force_login(alice)
    later = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    answer = client.post(
        reverse("registry:contribution_add", args=[member.pk]),
        {"method": "bank_transfer", "reference": "VIR-9", "paid_on": later, "salary": "10000"},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'data-field="paid_on"' in page and "futur" in page
    assert not Contribution.objects.exists()
