"""Seed 003's register check finds a person enrolled twice: the two records are merged into the kept one,
with everything they hold (claims files included); the other is closed, never deleted."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sanad.claims.models import BillingFile, CareSheet, CareSheetLine, Complaint, ConditionRecognition
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.funds.active import active_profile
from sanad.funds.calendar import add_months
from sanad.registry.certificates.access import rights_check
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.inputs import DocumentInput, MemberInput
from sanad.registry.models import (
    Contribution,
    Dependant,
    Enrollment,
    Finding,
    IdentityDocument,
    Member,
    QueueTicket,
)
from sanad.registry.quality.services import findings_detect
from sanad.registry.quality.statuses import FindingKind, FindingStatus
from sanad.registry.rules import RightsWindow, rights_window
from sanad.registry.services import contribution_record, enrollment_submit
from sanad.registry.services.merge import member_merge
from sanad.registry.statuses import EnrollmentStatus
from tests.registry.conftest import NATIONAL_ID, PHONE, child
from tests.registry.test_certificate_family import DAY, family_enroll
from tests.registry.test_enrollment_corrections import IMMEDIATE, sms_lines


@pytest.fixture
def officer(make_user):
    from sanad.common.permissions import Role

    return make_user("omar", Role.ENROLLMENT_OFFICER, first_name="Omar")


def twin_enroll(*, actor, on: datetime.date) -> Member:
    """The same woman enrolled again at another counter: her name spelled another way, the same identity
    card, and her youngest child, whom the first record does not list."""
    profile = active_profile()
    return enrollment_submit(
        actor=actor,
        member=MemberInput(
            first_name="Aminétou",
            last_name="Mint Ahmed",
            sex="F",
            birth_date=datetime.date(1986, 5, 4),
            population="national",
            nationality=profile.country,
            phone=PHONE[profile.code],
            region=profile.regions[0].code,
            photo=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg"),
        ),
        documents=[
            DocumentInput(
                kind=NATIONAL_ID[profile.code], number="A123456", expires_on=datetime.date(2030, 1, 1)
            )
        ],
        dependants=[child(datetime.date(2020, 3, 9), name="Mariem")],
        on=on,
    ).member


def pay(actor, member: Member, *, period_start: datetime.date) -> Contribution:
    return contribution_record(
        actor=actor,
        member_id=member.pk,
        method="bank_transfer",
        reference="V2",
        paid_on=period_start,
        period_start=period_start,
        salary=Decimal("9000.00"),
    )


@pytest.fixture
def pair(fund, alice):
    """The kept record (a covered family) and the second record of the same person, with its own child,
    a contribution paid long ago, and files at a health centre."""
    kept = family_enroll(actor=alice)
    other = twin_enroll(actor=alice, on=timezone.localdate() - 400 * DAY)
    first_paid = kept.contributions.order_by("period_start").first().period_start
    pay(alice, other, period_start=first_paid - 3 * 365 * DAY)
    return kept, other


@pytest.fixture
def files(pair):
    """At a health centre: a care sheet of the other record's member and one of her child, each billed;
    a recognized long-term condition and a complaint in her name."""
    from sanad.providers.models import Facility

    _kept, other = pair
    centre = Facility.objects.create(
        code="CS-01",
        name_fr="Centre de santé",
        kind="health_centre",
        sector="public",
        level="health_centre",
        region=active_profile().regions[0].code,
        network_status="active",
    )
    day = timezone.localdate() - 30 * DAY
    made = {}
    for who, person in (("member", other), ("child", other.dependants.get())):
        sheet = CareSheet.objects.create(
            facility=centre,
            member=person if who == "member" else None,
            dependant=person if who == "child" else None,
            care_type="outpatient",
            care_date=day,
        )
        CareSheetLine.objects.create(
            care_sheet=sheet,
            line_no=1,
            kind="act",
            code="CON-C",
            billed=Decimal("1000.00"),
            service_date=day,
            beneficiary=sheet.beneficiary_key,
        )
        BillingFile.objects.create(care_sheet=sheet, facility=centre, invoice_number=f"FA-{who}")
        made[who] = sheet
    made["condition"] = ConditionRecognition.objects.create(
        beneficiary=f"M{other.pk}", condition_code="diabetes", valid_from=day, recognized_on=day
    )
    made["ticket"] = QueueTicket.objects.create(
        branch="NKC",
        day=day,
        number=7,
        service="contribution",
        issued_at=timezone.now() - 30 * DAY,
        member=other,
    )
    made["complaint"] = Complaint.objects.create(
        number="RC-1",
        complainant="insured",
        member=other,
        region=other.region,
        subject="Remboursement en attente",
        received_on=day,
        due_on=day + 30 * DAY,
    )
    return made


def test_merge_moves_dependants_documents_contributions_rights_and_claims_files_and_closes_the_other(
    pair, files, officer
):
    kept, other = pair
    [child_] = other.dependants.all()
    document = IdentityDocument.objects.get(member=other)
    contribution = other.contributions.get()
    period = other.rights_periods.get()
    findings = findings_detect(
        actor=officer, enrollment_id=other.enrollment.pk, on=timezone.localdate()
    ).opened
    assert {f.kind for f in findings} >= {FindingKind.DUPLICATE_PERSON, FindingKind.DUPLICATE_DOCUMENT}

    result = member_merge(
        actor=officer,
        kept_id=kept.pk,
        other_id=other.pk,
        reason="Même carte d'identité",
        on=timezone.localdate(),
    )

    assert Dependant.objects.get(pk=child_.pk).member_id == kept.pk
    assert IdentityDocument.objects.get(pk=document.pk).member_id == kept.pk
    assert Contribution.objects.get(pk=contribution.pk).member_id == kept.pk
    assert kept.rights_periods.filter(pk=period.pk).exists()
    # The claims app moved its own rows: the sheets, their billing files and history keys, the rest.
    sheet = CareSheet.objects.get(pk=files["member"].pk)
    assert sheet.member_id == kept.pk and sheet.billing_file.invoice_number == "FA-member"
    assert set(CareSheetLine.objects.filter(care_sheet=sheet).values_list("beneficiary", flat=True)) == {
        f"M{kept.pk}"
    }
    assert CareSheet.objects.get(pk=files["child"].pk).dependant.member_id == kept.pk
    assert ConditionRecognition.objects.get(pk=files["condition"].pk).beneficiary == f"M{kept.pk}"
    assert Complaint.objects.get(pk=files["complaint"].pk).member_id == kept.pk
    assert QueueTicket.objects.get(pk=files["ticket"].pk).member_id == kept.pk
    # The other record is closed, not deleted: marked merged, its enrollment closed, its findings resolved.
    closed = Member.objects.get(pk=other.pk)
    assert (closed.merged_into_id, closed.merged_on) == (kept.pk, timezone.localdate())
    assert Enrollment.objects.get(member=closed).status == EnrollmentStatus.MERGED
    assert not closed.dependants.exists() and not closed.contributions.exists()
    assert set(Finding.objects.filter(pk__in=[f.pk for f in findings]).values_list("status", flat=True)) == {
        FindingStatus.RESOLVED
    }
    assert result.moved["claims"]["care_sheets"] == [files["member"].pk]


def test_the_merge_audit_event_lists_what_moved_with_before_and_after(pair, files, officer):
    kept, other = pair
    [child_] = other.dependants.all()
    receipt = other.contributions.get().receipt_number

    member_merge(actor=officer, kept_id=kept.pk, other_id=other.pk, reason="Doublon", on=timezone.localdate())

    event = AuditEvent.objects.get(action="registry.member_merge")
    assert event.actor == officer and event.object_id == str(kept.pk)
    assert event.before["other"]["dependants"] == [child_.pk]
    assert receipt in event.before["other"]["contributions"]
    assert receipt not in event.before["kept"]["contributions"]
    assert child_.pk in event.after["kept"]["dependants"] and receipt in event.after["kept"]["contributions"]
    assert event.after["other"]["dependants"] == [] and event.after["other"]["contributions"] == []
    assert event.after["other"]["merged_into"] == kept.pk
    assert event.after["moved"]["dependants"] == [child_.pk]
    assert event.after["moved"]["contributions"] == [receipt]
    assert event.after["moved"]["claims"]["care_sheets"] == [files["member"].pk]
    assert event.after["moved"]["claims"]["billing_files"] == 1
    assert event.after["moved"]["queue_tickets"] == [files["ticket"].pk]
    assert event.after["reason"] == "Doublon"
    closing = AuditEvent.objects.get(action="registry.member_merged_into")
    assert closing.object_id == str(other.pk) and closing.before == {"merged_into": None}
    assert AuditEvent.objects.filter(action="claims.member_claims_move", object_id=str(kept.pk)).exists()


def test_rights_are_recomputed_as_one_history(fund, alice, officer):
    profile = active_profile()
    kept = family_enroll(actor=alice)
    first = kept.rights_periods.order_by("paid_from").first()
    other = twin_enroll(actor=alice, on=first.paid_from - 400 * DAY)
    # The other record paid the period just before the kept record's first one.
    before = pay(
        alice, other, period_start=add_months(first.paid_from, -profile.rights.period_months)
    ).rights_period

    member_merge(actor=officer, kept_id=kept.pk, other_id=other.pk, reason="Doublon", on=timezone.localdate())

    first.refresh_from_db()
    expected = rights_window(
        profile, paid_from=first.paid_from, previous=RightsWindow(before.paid_from, before.start, before.end)
    )
    assert (first.start, first.end) == (expected.start, expected.end)
    assert first.start <= first.paid_from + profile.rights.waiting_days * DAY


def test_a_merged_number_points_to_the_kept_record(pair, alice, officer):
    kept, other = pair
    member_merge(actor=officer, kept_id=kept.pk, other_id=other.pk, reason="Doublon", on=timezone.localdate())

    answer = rights_check(user=alice, registration_number=other.registration_number, on=timezone.localdate())
    kept_answer = rights_check(
        user=alice, registration_number=kept.registration_number, on=timezone.localdate()
    )
    with pytest.raises(DomainError) as refused:
        certificate_issue(actor=alice, member_id=other.pk)

    assert answer["merged_into"] == kept.registration_number
    assert answer["covered"] is True and answer["covered"] == kept_answer["covered"]
    assert kept.registration_number in answer["message"]
    assert refused.value.code == ErrorCode.CONFLICT and kept.registration_number in refused.value.message
    assert certificate_issue(actor=alice, member_id=kept.pk).member == kept


def test_no_merge_when_both_records_paid_the_same_period(fund, alice, officer):
    kept = family_enroll(actor=alice)
    other = twin_enroll(actor=alice, on=timezone.localdate() - 400 * DAY)
    kept_period = kept.contributions.order_by("period_start").last()
    pay(alice, other, period_start=kept_period.period_start)

    with pytest.raises(DomainError) as refused:
        member_merge(
            actor=officer, kept_id=kept.pk, other_id=other.pk, reason="Doublon", on=timezone.localdate()
        )

    assert refused.value.code == ErrorCode.CONFLICT and kept_period.receipt_number in refused.value.message
    other.refresh_from_db()
    assert other.merged_into_id is None and other.dependants.count() == 1


def test_a_record_is_merged_once_and_a_reason_is_required(pair, officer):
    kept, other = pair
    with pytest.raises(DomainError) as no_reason:
        member_merge(actor=officer, kept_id=kept.pk, other_id=other.pk, reason=" ", on=timezone.localdate())
    member_merge(actor=officer, kept_id=kept.pk, other_id=other.pk, reason="Doublon", on=timezone.localdate())
    with pytest.raises(DomainError) as again:
        member_merge(
            actor=officer, kept_id=other.pk, other_id=kept.pk, reason="Doublon", on=timezone.localdate()
        )

    assert no_reason.value.field == "reason"
    assert again.value.code == ErrorCode.CONFLICT


def test_the_member_is_told_by_sms_with_the_number_kept(
    pair, officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    settings.SMS_TRANSPORT = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    kept, other = pair

    with django_capture_on_commit_callbacks(execute=True):
        member_merge(
            actor=officer, kept_id=kept.pk, other_id=other.pk, reason="Doublon", on=timezone.localdate()
        )

    [line] = [s for s in sms_lines(tmp_path / "sms.jsonl") if "deux dossiers" in s["text"]]
    assert kept.registration_number in line["text"] and other.registration_number in line["text"]
    assert line["recipient"] == kept.phone


def test_the_officer_merges_from_the_page_and_the_closed_record_says_so(client, pair, officer, alice):
    kept, other = pair
    url = reverse("registry:member_merge", args=[other.pk])
    client.force_login(officer)

    compare = client.get(url, {"other": kept.registration_number})
    assert compare.status_code == 200 and 'id="merge-compare"' in compare.content.decode()
    missing = client.post(url, {"other": kept.registration_number, "kept": kept.pk, "reason": ""})
    assert missing.status_code == 400 and Member.objects.get(pk=other.pk).merged_into_id is None
    done = client.post(url, {"other": kept.registration_number, "kept": kept.pk, "reason": "Même personne"})

    assert done.status_code == 302 and done["Location"] == reverse("registry:member_detail", args=[kept.pk])
    page = client.get(reverse("registry:member_detail", args=[other.pk])).content.decode()
    assert 'id="merged-into"' in page and kept.registration_number in page
    waiting = client.get(reverse("registry:enrollment_list")).content.decode()
    assert other.registration_number not in waiting
    client.force_login(alice)
    assert client.get(url).status_code == 403


def test_a_closed_record_is_no_longer_found_as_a_duplicate(pair, alice, officer):
    kept, other = pair
    member_merge(actor=officer, kept_id=kept.pk, other_id=other.pk, reason="Doublon", on=timezone.localdate())
    third = twin_enroll(actor=alice, on=timezone.localdate())

    found = findings_detect(actor=officer, enrollment_id=third.enrollment.pk, on=timezone.localdate()).opened

    assert other.pk not in {f.other_member_id for f in found}
    assert kept.pk in {f.other_member_id for f in found if f.kind == FindingKind.DUPLICATE_PERSON}
