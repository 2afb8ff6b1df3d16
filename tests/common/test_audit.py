from decimal import Decimal

import pytest

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from sanad.registry.models import Member
from sanad.registry.services import member_contact_update


@pytest.fixture
def member(db):
    return Member.objects.create(
        registration_number="X1",
        first_name="Aicha",
        last_name="Mint Ely",
        sex="F",
        birth_date="1990-04-02",
        population="national",
        nationality="MR",
        phone="+22222123456",
        region="NKC-N",
        enrolled_on="2026-01-10",
    )


def test_it_records_who_changed_what_before_and_after(alice, member):
    member_contact_update(actor=alice, member_id=member.pk, phone="46 12 34 56")

    event = AuditEvent.objects.get()
    assert event.actor == alice
    assert event.action == "member_contact_update"
    assert event.object_type == "registry.member"
    assert event.object_id == str(member.pk)
    assert event.before == {"phone": "+22222123456"}
    assert event.after == {"phone": "+22246123456"}
    assert event.at is not None


def test_it_rejects_a_foreign_phone_naming_the_field_and_saves_nothing(alice, member):
    with pytest.raises(DomainError) as caught:
        member_contact_update(actor=alice, member_id=member.pk, phone="+33 6 12 34 56 78")

    assert caught.value.field == "phone"
    assert "MR" in caught.value.message
    member.refresh_from_db()
    assert member.phone == "+22222123456"
    assert not AuditEvent.objects.exists()


def test_it_keeps_money_exact_in_the_audit_trail(alice, member):
    from decimal import Decimal

    event = audit_record(actor=alice, action="test", obj=member, after={"amount": Decimal("1200.10")})

    assert event.after == {"amount": "1200.10"}


def test_it_records_a_system_action_without_an_actor(member):
    event = audit_record(actor=None, action="nightly", obj=member)

    assert event.actor is None


def test_it_records_one_event_per_object_in_one_insert(alice, member, django_assert_num_queries):
    from sanad.common.audit import audit_record_many

    with django_assert_num_queries(1):
        events = audit_record_many(
            actor=alice, action="bulk", changes=[(member, {"a": 1}, {"amount": Decimal("2.50")})] * 3
        )

    assert len(events) == 3
    assert AuditEvent.objects.filter(action="bulk", object_id=str(member.pk)).count() == 3
    assert AuditEvent.objects.filter(action="bulk").first().after == {"amount": "2.50"}
