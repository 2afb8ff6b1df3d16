"""An enrollment officer resolves a duplicate finding on the queue page; then the certificate is issued."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanad.common.demo import DEMO_PASSWORD
from sanad.common.demo.users import DEMO_USERS
from sanad.common.permissions import Role
from sanad.funds.active import active_profile
from sanad.registry.certificates.services import certificate_issue
from sanad.registry.inputs import DocumentInput, MemberInput
from sanad.registry.models import Finding
from sanad.registry.quality.services import findings_detect
from sanad.registry.quality.statuses import FindingKind, FindingStatus
from sanad.registry.services import enrollment_submit
from tests.registry.conftest import NATIONAL_ID
from tests.registry.test_certificate_family import family_enroll

pytestmark = pytest.mark.browser


def _second_file(officer, profile, phone: str):
    """The same woman enrolled again at another counter, her names spelled another way."""
    return enrollment_submit(
        actor=officer,
        member=MemberInput(
            first_name="Aminatou",
            last_name="Mint-Ahmed",
            first_name_ar="أمينتُو",
            last_name_ar="بنت أحمد",
            sex="F",
            birth_date=datetime.date(1986, 5, 4),
            population="national",
            nationality=profile.country,
            phone=phone,
            region=profile.regions[0].code,
            photo=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg"),
        ),
        documents=[
            DocumentInput(
                kind=NATIONAL_ID[profile.code], number="Z998877", expires_on=datetime.date(2031, 1, 1)
            )
        ],
        on=datetime.date.today(),
    )


def test_an_officer_resolves_a_duplicate_and_the_certificate_follows(
    page, live_server, live_demo, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    profile = active_profile()
    officer = live_demo.users[Role.ENROLLMENT_OFFICER.value]
    member = family_enroll(actor=officer)
    second = _second_file(
        officer, profile, phone=member.phone[:-1] + ("1" if member.phone[-1] != "1" else "2")
    )
    run = findings_detect(actor=officer, enrollment_id=second.pk, on=datetime.date.today())
    [finding] = [f for f in run.opened if f.kind == FindingKind.DUPLICATE_PERSON]
    assert finding.other_member_id == member.pk

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", DEMO_USERS[Role.ENROLLMENT_OFFICER])
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")

    # While the finding is open, the certificate is refused with a message naming it.
    download = live_server.url + reverse("certificates:download", args=[member.registration_number])
    page.goto(download)
    page.wait_for_url(f"{live_server.url}/")
    assert str(finding.get_kind_display()) in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}{reverse('registry:quality_queue')}?kind=duplicate_person")
    row = page.locator(f"#finding-{finding.pk}")
    assert (
        member.registration_number in row.inner_text()
        and second.member.registration_number in row.inner_text()
    )
    page.screenshot(path=str(artifacts / "quality-1-queue.png"), full_page=True)
    # Two people with the same names and birth date: closed only with the document that tells them apart.
    row.locator("[name=verdict]").select_option("different_people")
    row.locator("[name=reason]").fill("Deux personnes : les deux cartes vues au guichet.")
    row.locator("[name=evidence_reference]").fill("B998877")
    row.locator("button.close-with-verdict").click()
    page.wait_for_load_state()
    assert page.locator(f"#finding-{finding.pk}").count() == 0
    page.screenshot(path=str(artifacts / "quality-2-resolved.png"), full_page=True)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISMISSED and finding.reason.startswith("Deux personnes")

    # The certificate downloads now, and its verification page says it is genuine.
    with page.expect_download() as info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; "
            "document.body.append(a); a.click(); }",
            download,
        )
    path = tmp_path / "certificate.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    certificate = certificate_issue(actor=officer, member_id=member.pk)
    page.goto(f"{live_server.url}/verify/{certificate.token}/")
    assert "authentique" in page.locator("[role=status]").inner_text()
    page.screenshot(path=str(artifacts / "quality-3-verify.png"), full_page=True)
    assert (
        Finding.objects.filter(member=second.member, status=FindingStatus.OPEN, blocking=True)
        .exclude(pk=finding.pk)
        .count()
        == 0
    )
