"""Seed 003: an enrollment is certified within 30 days, which the waiting period may outlast; the
certificate issued during the waiting period states the day rights start, and nothing says "covered"
before that day."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.pdf import html_document
from sanad.common.permissions import Role
from sanad.funds import load_profile
from sanad.funds.active import active_profile
from sanad.registry.certificates.document import certificate_html
from sanad.registry.certificates.payload import Mark, Payload
from sanad.registry.certificates.services import certificate_issue, certificate_verify
from sanad.registry.inputs import MemberInput
from sanad.registry.models import Member, RightsPeriod
from sanad.registry.quality.services import enrollment_quality_check
from sanad.registry.selectors import Beneficiary, rights_on
from sanad.registry.services import contribution_record, enrollment_submit
from sanad.registry.services.certify import enrollment_certify
from sanad.registry.statuses import EnrollmentStatus
from tests.paper_layout import label_sides
from tests.registry.conftest import FUNDS, PHONE, child, id_card
from tests.registry.test_enrollment_corrections import IMMEDIATE, sms_lines

DAY = datetime.timedelta(days=1)
# Funds whose profile has a waiting period, and those where one paid period ends before rights start.
WAITING = [f for f in FUNDS if load_profile(f).rights.waiting_days > 0]
NO_WAITING = [f for f in FUNDS if load_profile(f).rights.waiting_days == 0]
LONG_WAITING = [
    f for f in FUNDS if load_profile(f).rights.waiting_days > 28 * load_profile(f).rights.period_months
]


@pytest.fixture
def waiting_fund(request, settings):
    settings.SANAD_FUND = request.param
    return request.param


@pytest.fixture
def officer(make_user):
    return make_user("omar", Role.ENROLLMENT_OFFICER, first_name="Omar")


def newcomer(*, actor, today: datetime.date, periods: int | None = None) -> Member:
    """A member and her child enrolled today and paying from today: period after period until one opens
    rights (or `periods` of them)."""
    profile = active_profile()
    member = enrollment_submit(
        actor=actor,
        member=MemberInput(
            first_name="Khadijetou",
            last_name="Mint Sidi",
            first_name_ar="خديجتو",
            last_name_ar="منت سيدي",
            sex="F",
            birth_date=datetime.date(1990, 7, 1),
            population="national",
            nationality=profile.country,
            phone=PHONE[profile.code],
            region=profile.regions[0].code,
            photo=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg"),
        ),
        documents=[id_card(profile.code)],
        dependants=[child(datetime.date(2018, 1, 15), name="Vatma")],
        on=today,
    ).member
    start = today
    for paid in range(periods or 24):
        period = contribution_record(
            actor=actor,
            member_id=member.pk,
            method="bank_transfer",
            reference=f"V{paid}",
            paid_on=today,
            period_start=start,
            salary=Decimal("9000.00"),
        )
        start = period.period_end + DAY
        if periods is None and period.rights_period.start <= period.rights_period.end:
            break
    return member


def opening(member: Member) -> RightsPeriod:
    """The first rights period whose rights start before it ends: the day the family is covered."""
    return member.rights_periods.filter(start__lte=F("end")).order_by("paid_from").first()


@pytest.mark.parametrize("waiting_fund", WAITING, indirect=True)
def test_the_certificate_issued_during_the_waiting_period_states_the_day_rights_start(waiting_fund, alice):
    today = timezone.localdate()
    member = newcomer(actor=alice, today=today)
    start = opening(member)
    assert not rights_on(beneficiary=Beneficiary.member(member.pk), on=today).covered

    certificate = certificate_issue(actor=alice, member_id=member.pk, on=today)

    assert certificate.payload.covered_from == start.start > today
    assert certificate.payload.valid_until == start.end
    assert [m.kind for m in certificate.payload.marks] == ["member", "child"]
    assert Payload.decode(certificate.payload.encode()) == certificate.payload
    event = AuditEvent.objects.get(action="registry.certificate_issue")
    assert event.after["covered_from"] == str(start.start)
    html = certificate_html(certificate)
    document = html_document(html)
    assert len(document.pages) == 1
    assert label_sides(document) == ["left"] * 6 + ["right"] * 6  # the start date on both sides
    day = start.start.strftime("%d/%m/%Y")
    assert "Début des droits" in html and "بداية الحقوق" in html
    assert f"aucun soin n'est couvert avant le {day}" in html.replace("&#x27;", "'")


@pytest.mark.parametrize("waiting_fund", WAITING, indirect=True)
def test_the_verify_page_says_covered_from_the_date_and_never_covered_before_it(waiting_fund, alice, client):
    today = timezone.localdate()
    member = newcomer(actor=alice, today=today)
    start = opening(member).start
    token = certificate_issue(actor=alice, member_id=member.pk, on=today).token

    english = client.get(f"/verify/{token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get(f"/verify/{token}/").content.decode()

    assert f"Covered from {start:%d/%m/%Y}." in english
    assert "The insured person is covered today." not in english
    assert f"Couvert à partir du {start:%d/%m/%Y}." in french
    assert "couvert aujourd&#x27;hui." not in french.replace("n&#x27;est pas couvert", "")
    eve, first_day = certificate_verify(token, today=start - DAY), certificate_verify(token, today=start)
    assert (eve.waiting, eve.covered_today) == (True, False)
    assert (first_day.waiting, first_day.covered_today) == (False, True)
    assert all(b.covered_today for b in first_day.beneficiaries)


@pytest.mark.parametrize("waiting_fund", WAITING, indirect=True)
def test_an_enrollment_is_certified_inside_its_30_day_clock_during_the_waiting_period(
    waiting_fund, alice, officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    settings.SMS_TRANSPORT = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    today = timezone.localdate()
    member = newcomer(actor=alice, today=today)
    start = opening(member)
    enrollment_quality_check(actor=officer, enrollment_id=member.enrollment.pk, on=today)

    with django_capture_on_commit_callbacks(execute=True):
        enrollment, certificate = enrollment_certify(
            actor=officer, enrollment_id=member.enrollment.pk, on=today
        )

    assert enrollment.status == EnrollmentStatus.CERTIFIED and enrollment.decided_on <= enrollment.due_on
    assert certificate.payload.covered_from == start.start
    [line] = [s for s in sms_lines(tmp_path / "sms.jsonl") if "/verify/" in s["text"]]
    assert f"couvert du {start.start:%d/%m/%Y}" in line["text"] and "pas avant" in line["text"]


@pytest.mark.parametrize("waiting_fund", LONG_WAITING, indirect=True)
def test_no_certificate_while_no_paid_period_reaches_the_day_rights_start(waiting_fund, alice):
    today = timezone.localdate()
    member = newcomer(actor=alice, today=today, periods=1)
    start = member.rights_periods.get().start

    with pytest.raises(DomainError) as refused:
        certificate_issue(actor=alice, member_id=member.pk, on=today)

    assert refused.value.code == ErrorCode.CONFLICT
    assert f"{start:%d/%m/%Y}" in refused.value.message


@pytest.mark.parametrize("waiting_fund", NO_WAITING, indirect=True)
def test_without_a_waiting_period_the_certificate_has_no_start_date(waiting_fund, alice):
    today = timezone.localdate()
    member = newcomer(actor=alice, today=today)

    certificate = certificate_issue(actor=alice, member_id=member.pk, on=today)

    assert certificate.payload.covered_from is None
    assert certificate.payload.encode().startswith(b"1|")


@pytest.mark.parametrize("waiting_fund", WAITING, indirect=True)
def test_the_member_page_offers_the_certificate_during_the_waiting_period(waiting_fund, alice, client):
    member = newcomer(actor=alice, today=timezone.localdate())
    client.force_login(alice)

    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    response = client.get(reverse("certificates:download", args=[member.registration_number]))

    assert 'id="certificate-waiting-link"' in page
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_a_certificate_printed_before_keeps_reading():
    old = b"1|cnass-mr|CNA000000018|20261101|20271031|AB12CD34|M:AM:1986:0;C:FO:2016:7"

    payload = Payload.decode(old)

    assert payload.covered_from is None and payload.encode() == old
    assert payload.marks[1] == Mark("child", "FO", 2016, 7)
