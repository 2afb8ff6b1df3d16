"""Enrollment at the counter: everything checked before anything is saved (seed 003, issue 3 item 2)."""

import datetime

import pytest

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.funds import registration_number_make
from sanad.registry.inputs import DocumentInput
from sanad.registry.models import Dependant, Enrollment, IdentityDocument, Member, SupportingCertificate
from sanad.registry.selectors import enrollment_days_left, enrollments_overdue
from sanad.registry.services import enrollment_move, enrollment_submit
from sanad.registry.statuses import ENROLLMENT_TRANSITIONS, EnrollmentStatus
from tests.registry.conftest import TODAY, certificates, child, id_card, spouse

STUDENT = ("school_certificate", "unmarried_certificate")


def _family(fund):
    """A spouse, a child of 10 and a student of 23 with both certificates."""
    return [
        spouse(datetime.date(1984, 2, 1), *certificates("no_profession_proof")),
        child(datetime.date(2016, 6, 1), name="Fatimetou"),
        child(datetime.date(2003, 6, 1), *certificates(*STUDENT), name="Ahmed"),
    ]


def test_it_enrolls_a_member_with_documents_and_dependants_and_starts_the_30_day_clock(
    fund, profile, member_input, alice
):
    enrollment = enrollment_submit(
        actor=alice, member=member_input(), documents=[id_card(fund)], dependants=_family(fund), on=TODAY
    )

    member = enrollment.member
    assert enrollment.status == EnrollmentStatus.SUBMITTED
    assert enrollment.due_on == TODAY + datetime.timedelta(days=30)
    assert member.registration_number == registration_number_make(profile, 1)
    assert member.phone == member_input().phone
    assert member.photo.name
    assert member.documents.get().kind == id_card(fund).kind
    assert member.dependants.count() == 3
    assert SupportingCertificate.objects.filter(dependant__member=member).count() == 3
    event = AuditEvent.objects.get(action="enrollment_submit")
    assert event.actor == alice
    assert len(event.after["dependants"]) == 3


def test_the_next_serial_follows_the_highest_number(fund, profile, member_input, alice):
    enrollment_submit(actor=alice, member=member_input(), documents=[id_card(fund)], on=TODAY)
    second = enrollment_submit(actor=alice, member=member_input(), documents=[id_card(fund)], on=TODAY)

    assert second.member.registration_number == registration_number_make(profile, 2)


def test_a_registration_number_with_a_wrong_check_digit_is_refused_naming_the_field(
    fund, profile, member_input, alice
):
    good = registration_number_make(profile, 4321)
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)

    with pytest.raises(DomainError) as caught:
        enrollment_submit(
            actor=alice, member=member_input(registration_number=wrong), documents=[id_card(fund)], on=TODAY
        )

    assert caught.value.code == ErrorCode.INVALID
    assert caught.value.field == "registration_number"
    assert "chiffre de contrôle" in caught.value.message
    assert not Member.objects.exists()


def test_a_typed_registration_number_is_kept_normalized_and_must_be_free(fund, profile, member_input, alice):
    good = registration_number_make(profile, 4321)
    typed = f"{good[:3]} {good[3:7]}-{good[7:]}".lower()

    enrollment = enrollment_submit(
        actor=alice, member=member_input(registration_number=typed), documents=[id_card(fund)], on=TODAY
    )
    with pytest.raises(DomainError) as caught:
        enrollment_submit(
            actor=alice, member=member_input(registration_number=good), documents=[id_card(fund)], on=TODAY
        )

    assert enrollment.member.registration_number == good
    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "registration_number")


def test_nothing_is_saved_when_one_dependant_is_invalid(fund, member_input, alice):
    family = [
        *_family(fund),
        child(datetime.date(2003, 1, 1), *certificates("school_certificate"), name="Oumar"),
    ]

    with pytest.raises(DomainError) as caught:
        enrollment_submit(
            actor=alice, member=member_input(), documents=[id_card(fund)], dependants=family, on=TODAY
        )

    assert caught.value.field == "dependants[3].certificates"
    for model in (Member, Dependant, IdentityDocument, SupportingCertificate, Enrollment, AuditEvent):
        assert not model.objects.exists(), model


@pytest.mark.parametrize(
    ("documents", "problem"),
    [([], "obligatoire"), ("expired", "expirée")],  # the counter reads French first
)
def test_a_missing_or_expired_identity_document_blocks_the_enrollment(
    fund, profile, member_input, alice, documents, problem
):
    if documents == "expired":
        documents = [id_card(fund, expires_on=TODAY - datetime.timedelta(days=1))]

    with pytest.raises(DomainError) as caught:
        enrollment_submit(actor=alice, member=member_input(), documents=documents, on=TODAY)

    assert caught.value.field == "documents"
    assert profile.identity.documents_for("national")[0].label.fr in caught.value.message
    assert problem in caught.value.message.lower()
    assert not Member.objects.exists()


def test_a_refugee_enrolls_with_a_refugee_card(fund, member_input, alice):
    card = DocumentInput(kind="refugee_card", number="R-77", expires_on=datetime.date(2028, 1, 1))

    enrollment = enrollment_submit(
        actor=alice, member=member_input(population="refugee", nationality="SY"), documents=[card], on=TODAY
    )

    assert enrollment.member.population == "refugee"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": "+33612345678"}, "phone"),
        ({"first_name": " "}, "first_name"),
        ({"nationality": "XX"}, "nationality"),
        ({"region": "nowhere"}, "region"),
        ({"photo": None}, "photo"),
        ({"birth_date": TODAY + datetime.timedelta(days=1)}, "birth_date"),
    ],
)
def test_each_wrong_value_is_refused_naming_its_field(fund, member_input, alice, fields, field):
    with pytest.raises(DomainError) as caught:
        enrollment_submit(actor=alice, member=member_input(**fields), documents=[id_card(fund)], on=TODAY)

    assert caught.value.field == field
    assert not Member.objects.exists()


def test_a_document_of_an_expiring_kind_needs_its_expiry_date(fund, member_input, alice):
    undated = DocumentInput(kind=id_card(fund).kind, number="A1")

    with pytest.raises(DomainError) as caught:
        enrollment_submit(actor=alice, member=member_input(), documents=[undated], on=TODAY)

    assert caught.value.field == "documents[0].expires_on"


def test_the_transition_table_allows_only_its_steps(fund, member_input, alice, make_user):
    officer = make_user("omar")
    enrollment = enrollment_submit(actor=alice, member=member_input(), documents=[id_card(fund)], on=TODAY)

    with pytest.raises(DomainError) as caught:
        enrollment_move(actor=officer, enrollment_id=enrollment.pk, action="enrollment_certify", on=TODAY)
    enrollment_move(actor=officer, enrollment_id=enrollment.pk, action="enrollment_check", on=TODAY)
    done = enrollment_move(actor=officer, enrollment_id=enrollment.pk, action="enrollment_certify", on=TODAY)

    assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert (done.status, done.decided_on) == (EnrollmentStatus.CERTIFIED, TODAY)
    assert ENROLLMENT_TRANSITIONS[EnrollmentStatus.CERTIFIED] == frozenset()


def test_a_rejection_needs_a_reason(fund, member_input, alice):
    enrollment = enrollment_submit(actor=alice, member=member_input(), documents=[id_card(fund)], on=TODAY)

    with pytest.raises(DomainError) as caught:
        enrollment_move(actor=alice, enrollment_id=enrollment.pk, action="enrollment_reject", on=TODAY)

    assert caught.value.field == "note"
    assert Enrollment.objects.get().status == EnrollmentStatus.SUBMITTED


def test_overdue_enrollments_are_those_still_open_after_30_days(fund, member_input, alice):
    old = enrollment_submit(
        actor=alice, member=member_input(), documents=[id_card(fund)], on=TODAY - datetime.timedelta(days=31)
    )
    due_today = enrollment_submit(
        actor=alice, member=member_input(), documents=[id_card(fund)], on=TODAY - datetime.timedelta(days=30)
    )
    decided = enrollment_submit(
        actor=alice, member=member_input(), documents=[id_card(fund)], on=TODAY - datetime.timedelta(days=40)
    )
    enrollment_move(
        actor=alice, enrollment_id=decided.pk, action="enrollment_reject", on=TODAY, note="duplicate"
    )

    assert list(enrollments_overdue(today=TODAY)) == [old]
    assert enrollment_days_left(old, today=TODAY) == -1
    assert enrollment_days_left(due_today, today=TODAY) == 0
