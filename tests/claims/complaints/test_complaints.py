"""Complaints on a file or a decision (issue 7, item 6): registered by a regional office or online, each
with the profile's clock; an upheld answer reopens the file and the engine decides it again."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from sanad.claims.models import Complaint, FileDecision
from sanad.claims.selectors.complaints import complaint_clock, complaint_queue, complaints_of_member
from sanad.claims.services import billing_files_adjudicate
from sanad.claims.services import complaints as service
from sanad.claims.services.complaints import complaint_answer, complaint_file, complaint_register
from sanad.claims.statuses import ComplaintStatus, FileStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.funds import load_profile
from sanad.funds.active import active_profile
from sanad.funds.calendar import deadline
from sanad.notifications.models import Message
from sanad.notifications.texts import ClaimTemplate
from sanad.registry.models import RightsPeriod
from tests.claims.complaints.conftest import FUND, OTHER_REGION, REGION, TODAY, make_member

DAY = datetime.timedelta(days=1)


def _register(actor, member, *, billing_file=None, received_on=TODAY, region=REGION, on_decision=False):
    return complaint_register(
        actor=actor,
        complainant="insured",
        region=region,
        subject="The consultation was not reimbursed.",
        received_on=received_on,
        billing_file_id=billing_file.pk if billing_file else None,
        member_id=member.pk,
        on_decision=on_decision,
    )


def test_complaints_are_numbered_per_regional_office_and_year_without_repeats(alice, family, neighbour):
    first = _register(alice, family)
    second = _register(alice, family)
    elsewhere = _register(alice, neighbour, region=OTHER_REGION)

    year = TODAY.year
    assert (first.number, second.number) == (f"RC-{REGION}-{year}-00001", f"RC-{REGION}-{year}-00002")
    assert elsewhere.number == f"RC-{OTHER_REGION}-{year}-00001"


def test_it_takes_the_next_number_when_another_office_took_it_meanwhile(alice, family, monkeypatch):
    taken = _register(alice, family)
    real = service._next_number
    answers = iter([taken.number])  # the first pick is the number another office has just committed
    monkeypatch.setattr(
        service, "_next_number", lambda region, year: next(answers, None) or real(region, year)
    )

    complaint = _register(alice, family)

    assert complaint.number != taken.number
    assert Complaint.objects.filter(number=complaint.number).count() == 1


@pytest.mark.django_db(transaction=True)
def test_offices_registering_at_the_same_moment_get_distinct_numbers(alice, family):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's shared in-memory test database fails concurrent writers; CI's PostgreSQL runs it"
        )
    errors: list[BaseException] = []

    def register() -> None:
        try:
            for _ in range(4):
                _register(alice, family)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(Complaint.objects.values_list("number", flat=True))
    assert numbers == [f"RC-{REGION}-{TODAY.year}-{n:05d}" for n in range(1, 17)]


def test_a_complaint_is_due_when_the_profiles_complaint_clock_runs_out(alice, family):
    received = TODAY - 3 * DAY
    complaint = _register(alice, family, received_on=received)

    profile = load_profile(FUND)
    start = datetime.datetime.combine(received, datetime.time.min)
    assert complaint.due_on == deadline(profile, start, profile.claims.complaint_clock).date()
    assert complaint.due_on == received + 30 * DAY  # CNSS: 30 calendar days
    clock = complaint_clock(complaint, today=TODAY, profile=profile)
    assert (clock.days_left, clock.overdue) == (27, False)
    late = complaint_clock(complaint, today=received + 31 * DAY, profile=profile)
    assert (late.overdue, late.days_late) == (True, 1)


def test_a_complaint_cannot_be_received_in_the_future(alice, family):
    with pytest.raises(DomainError) as error:
        _register(alice, family, received_on=TODAY + DAY)
    assert error.value.field == "received_on"


def test_the_regional_office_must_be_one_of_the_profiles(alice, family):
    with pytest.raises(DomainError) as error:
        _register(alice, family, region="MR-12")
    assert (error.value.code, error.value.field) == (ErrorCode.INVALID, "region")


def test_an_insured_complaint_is_about_a_file_of_their_family(alice, family, neighbour, direct_file):
    theirs = direct_file(neighbour)

    with pytest.raises(DomainError) as error:
        _register(alice, family, billing_file=theirs)

    assert error.value.field == "billing_file"


def test_a_facility_complaint_is_about_a_file_it_billed(alice, family, centre, clinic, direct_file):
    billed = direct_file(family)

    complaint = complaint_register(
        actor=alice,
        complainant="facility",
        region=REGION,
        subject="Our invoice was reduced without reason.",
        received_on=TODAY,
        billing_file_id=billed.pk,
        facility_id=centre.pk,
    )
    assert (complaint.facility, complaint.member) == (centre, None)
    with pytest.raises(DomainError) as error:
        complaint_register(
            actor=alice,
            complainant="facility",
            region=REGION,
            subject="Not ours.",
            received_on=TODAY,
            billing_file_id=billed.pk,
            facility_id=clinic.pk,
        )
    assert error.value.field == "billing_file"


def test_a_complaint_on_a_decision_needs_a_decided_file_and_records_which(
    alice, family, direct_file, checker
):
    billing_file = direct_file(family)
    with pytest.raises(DomainError):
        _register(alice, family, billing_file=billing_file, on_decision=True)
    [decision] = billing_files_adjudicate(actor=checker, file_ids=[billing_file.pk], on=TODAY)

    complaint = _register(alice, family, billing_file=billing_file, on_decision=True)

    event = AuditEvent.objects.get(action="complaint_register", object_id=str(complaint.pk))
    assert event.after["decision"] == decision.pk
    assert event.actor == alice


def test_an_upheld_answer_reopens_the_file_and_the_engine_decides_it_again(
    alice, checker, direct_file, tariff
):
    # The file was rejected: the member's rights were not yet recorded. They are now, and she complains.
    member = make_member(covered=False)
    billing_file = direct_file(member)
    [first] = billing_files_adjudicate(actor=checker, file_ids=[billing_file.pk], on=TODAY)
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.REJECTED
    covered = make_member()
    RightsPeriod.objects.filter(member=covered).update(member=member)
    complaint = _register(alice, member, billing_file=billing_file, on_decision=True)

    answered = complaint_answer(
        actor=alice,
        complaint_id=complaint.pk,
        answer="Your rights were open: decided again.",
        uphold=True,
        on=TODAY,
    )

    assert (answered.status, answered.reopened, answered.answered_by) == (
        ComplaintStatus.ANSWERED,
        True,
        alice,
    )
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED
    decisions = FileDecision.objects.filter(billing_file=billing_file)
    current = decisions.get(is_current=True)
    assert current.pk != first.pk
    assert (current.fund_share, current.payee) == (Decimal("135.00"), "facility")  # 90 % at a public centre
    assert list(decisions.filter(is_current=False)) == [first]
    reopen = AuditEvent.objects.get(action="billing_file_reopen", object_id=str(billing_file.pk))
    assert (reopen.actor, reopen.before["status"], reopen.after["status"]) == (alice, "rejected", "received")
    answer = AuditEvent.objects.get(action="complaint_answer", object_id=str(complaint.pk))
    assert answer.after["reopened"] is True


def test_an_answer_that_does_not_uphold_leaves_the_file_as_decided(alice, checker, family, direct_file):
    billing_file = direct_file(family)
    [decision] = billing_files_adjudicate(actor=checker, file_ids=[billing_file.pk], on=TODAY)
    complaint = _register(alice, family, billing_file=billing_file)

    answered = complaint_answer(
        actor=alice, complaint_id=complaint.pk, answer="The decision stands.", uphold=False, on=TODAY
    )

    assert (answered.status, answered.reopened, answered.answer) == (
        "answered",
        False,
        "The decision stands.",
    )
    assert FileDecision.objects.get(billing_file=billing_file, is_current=True) == decision
    assert not AuditEvent.objects.filter(action="billing_file_reopen").exists()


def test_a_file_not_yet_decided_cannot_be_reopened_and_nothing_is_saved(alice, family, direct_file):
    billing_file = direct_file(family)  # received, not decided
    complaint = _register(alice, family, billing_file=billing_file)

    with pytest.raises(DomainError) as error:
        complaint_answer(actor=alice, complaint_id=complaint.pk, answer="Reopened.", uphold=True, on=TODAY)

    assert error.value.code == ErrorCode.ILLEGAL_TRANSITION
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.OPEN


def test_a_complaint_is_answered_once(alice, family):
    complaint = _register(alice, family)
    complaint_answer(actor=alice, complaint_id=complaint.pk, answer="Answered.", uphold=False, on=TODAY)

    with pytest.raises(DomainError) as error:
        complaint_answer(actor=alice, complaint_id=complaint.pk, answer="Again.", uphold=False, on=TODAY)

    assert error.value.code == ErrorCode.CONFLICT


def test_the_queue_lists_open_complaints_oldest_due_first_paged_by_key(alice, family, neighbour):
    late = _register(alice, family, received_on=TODAY - 40 * DAY)
    recent = _register(alice, family, received_on=TODAY - DAY)
    oldest = _register(alice, family, received_on=TODAY - 50 * DAY)
    other = _register(alice, neighbour, region=OTHER_REGION, received_on=TODAY - 45 * DAY)
    answered = _register(alice, family, received_on=TODAY - 60 * DAY)
    complaint_answer(actor=alice, complaint_id=answered.pk, answer="Done.", uphold=False, on=TODAY)

    first = complaint_queue(today=TODAY, size=2)
    rest = complaint_queue(today=TODAY, size=2, after=first.next_after)

    assert [c.pk for c in first.rows + rest.rows] == [oldest.pk, other.pk, late.pk, recent.pk]
    assert rest.next_after is None
    assert [c.pk for c in complaint_queue(today=TODAY, region=REGION).rows] == [oldest.pk, late.pk, recent.pk]
    overdue = complaint_queue(today=TODAY, overdue=True).rows
    assert [c.pk for c in overdue] == [oldest.pk, other.pk, late.pk]


def test_an_insured_person_complains_online_to_the_office_of_their_region(fatima, family, direct_file):
    billing_file = direct_file(family)

    complaint = complaint_file(
        actor=fatima, subject="I paid twice.", billing_file_id=billing_file.pk, on=TODAY
    )

    assert (complaint.region, complaint.member, complaint.complainant) == (family.region, family, "insured")
    assert complaint.billing_file == billing_file
    assert complaint.registered_by == fatima


def test_an_insured_person_cannot_complain_about_another_familys_file(karim, family, direct_file):
    billing_file = direct_file(family)

    with pytest.raises(DomainError) as error:
        complaint_file(actor=karim, subject="Not mine.", billing_file_id=billing_file.pk, on=TODAY)

    assert error.value.code == ErrorCode.NOT_FOUND


def test_facility_staff_cannot_register_or_answer_complaints(client, clerk, alice, family):
    with pytest.raises(DomainError) as error:
        _register(clerk, family)
    assert error.value.code == ErrorCode.FORBIDDEN
    complaint = _register(alice, family)
    with pytest.raises(DomainError):
        complaint_answer(actor=clerk, complaint_id=complaint.pk, answer="No.", uphold=False, on=TODAY)
    client.force_login(clerk)
    assert client.get(reverse("claims:complaint_queue")).status_code == 403
    assert client.get(reverse("claims:complaint_new")).status_code == 403
    assert client.get(reverse("claims:complaint_detail", args=[complaint.pk])).status_code == 403


def test_an_insured_person_sees_only_their_own_complaints(client, alice, fatima, karim, family, neighbour):
    hers = _register(alice, family)
    his = _register(alice, neighbour, region=OTHER_REGION)

    assert complaints_of_member(member=neighbour) == [his]
    client.force_login(karim)
    page = client.get(reverse("claims:my_complaints"))
    assert [row["complaint"].pk for row in page.context["rows"]] == [his.pk]
    assert hers.number.encode() not in page.content
    assert client.get(reverse("claims:complaint_detail", args=[hers.pk])).status_code == 403
    assert client.get(reverse("claims:complaint_queue")).status_code == 403


# ---- Pages ------------------------------------------------------------------------------------------------


def test_the_office_registers_answers_and_reopens_through_the_pages(
    client, alice, checker, family, direct_file
):
    billing_file = direct_file(family)
    billing_files_adjudicate(actor=checker, file_ids=[billing_file.pk], on=TODAY)
    client.force_login(alice)
    session = client.session
    session["registry_desk"] = {"branch": REGION, "counter": 2}
    session.save()

    form = client.get(reverse("claims:complaint_new"), {"file": billing_file.pk})
    assert form.context["form"].initial["region"] == REGION
    assert form.context["form"].initial["invoice_number"] == billing_file.invoice_number
    done = client.post(
        reverse("claims:complaint_new"),
        {
            "region": REGION,
            "complainant": "insured",
            "registration_number": family.registration_number,
            "invoice_number": billing_file.invoice_number,
            "on_decision": "on",
            "received_on": (TODAY - 35 * DAY).isoformat(),
            "subject": "The consultation was only partly paid.",
        },
    )
    assert done.status_code == 302, done.content.decode()[:3000]
    complaint = Complaint.objects.get()
    queue = client.get(reverse("claims:complaint_queue"), {"overdue": "on", "region": REGION})
    assert [row["complaint"].pk for row in queue.context["rows"]] == [complaint.pk]
    assert queue.context["rows"][0]["clock"].overdue
    assert b'data-overdue="true"' in queue.content
    html = queue.content.decode()
    assert active_profile().region(REGION).name.fr in html  # the office by its name, not its code
    file_page = reverse("claims:fund_file", args=[billing_file.pk])
    assert file_page not in html  # the counter agent does not read billing files
    client.force_login(checker)
    assert file_page in client.get(reverse("claims:complaint_queue")).content.decode()
    client.force_login(alice)

    answered = client.post(
        reverse("claims:complaint_answer", args=[complaint.pk]),
        {"answer": "Checked again.", "uphold": "on", "answered_on": TODAY.isoformat()},
    )

    assert answered.status_code == 302
    complaint.refresh_from_db()
    assert complaint.reopened
    assert FileDecision.objects.filter(billing_file=billing_file).count() == 2
    assert b'id="reopened"' in client.get(reverse("claims:complaint_detail", args=[complaint.pk])).content


def test_the_office_sees_a_broken_rule_next_to_its_field(client, alice, family, neighbour, direct_file):
    theirs = direct_file(neighbour)
    client.force_login(alice)

    page = client.post(
        reverse("claims:complaint_new"),
        {
            "region": REGION,
            "complainant": "insured",
            "registration_number": family.registration_number,
            "invoice_number": theirs.invoice_number,
            "received_on": TODAY.isoformat(),
            "subject": "Wrong file.",
        },
    )

    assert page.status_code == 400
    assert "invoice_number" in page.context["form"].errors
    assert not Complaint.objects.exists()


def test_the_insured_files_a_complaint_online_about_their_file(client, fatima, family, direct_file):
    billing_file = direct_file(family)
    client.force_login(fatima)

    assert client.get(reverse("claims:my_complaint_new"), {"file": billing_file.pk}).status_code == 200
    done = client.post(
        reverse("claims:my_complaint_new"),
        {"subject": "Why so little?", "invoice_number": billing_file.invoice_number},
    )

    assert done.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.billing_file, complaint.region) == (billing_file, family.region)
    listing = client.get(reverse("claims:my_complaints"))
    assert [row["complaint"].pk for row in listing.context["rows"]] == [complaint.pk]


def test_the_insured_cannot_open_the_complaint_form_on_another_familys_file(
    client, karim, family, direct_file
):
    billing_file = direct_file(family)
    client.force_login(karim)

    assert client.get(reverse("claims:my_complaint_new"), {"file": billing_file.pk}).status_code == 404


def test_the_insured_is_told_by_sms_of_the_answer_and_of_the_new_decision(
    alice, checker, family, direct_file, django_capture_on_commit_callbacks
):
    billing_file = direct_file(family)
    billing_files_adjudicate(actor=checker, file_ids=[billing_file.pk], on=TODAY)
    complaint = _register(alice, family, billing_file=billing_file, on_decision=True)

    with django_capture_on_commit_callbacks(execute=True):
        complaint_answer(
            actor=alice, complaint_id=complaint.pk, answer="Decided again.", uphold=True, on=TODAY
        )

    upheld = Message.objects.get(template=ClaimTemplate.COMPLAINT_UPHELD)
    assert (upheld.recipient, upheld.object_id) == (family.phone, str(complaint.pk))
    assert complaint.number in upheld.text
    # The engine's first decision was announced too: the message about the new one is the latest.
    decided = Message.objects.filter(template=ClaimTemplate.FILE_VALIDATED_FACILITY).latest("pk")
    current = FileDecision.objects.get(billing_file=billing_file, is_current=True)
    assert decided.dedupe_key == f"claims.decided:{billing_file.pk}:{current.pk}"
