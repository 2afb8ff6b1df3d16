"""The whole CNASS procedure (seed 003) in a browser: a family enrolled at the counter, its contribution,
the register check finding a duplicate that the officer resolves, certification, the SMS with its link,
and the public verification page."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from sanad.common.permissions import Role
from sanad.registry.models import Enrollment, Finding
from sanad.registry.quality.statuses import FindingKind, FindingStatus
from tests.browser.test_enrollment import enroll_at_counter, log_in, pay_by_mobile_money, photo
from tests.browser.test_quality import _second_file

pytestmark = pytest.mark.browser

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


def test_a_family_goes_from_the_counter_to_a_verified_certificate(
    page, live_server, live_demo, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    settings.SMS_TRANSPORT = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    base = live_server.url
    officer = live_demo.users[Role.ENROLLMENT_OFFICER.value]
    # The same woman was enrolled before at another branch, her names spelled another way.
    _second_file(officer, live_demo.profile, phone="+22246998877")

    log_in(page, base, Role.COUNTER_AGENT)
    member = enroll_at_counter(page, base, photo(tmp_path))
    # Paid at a mobile-money agent 45 days ago, so the profile's waiting period is over today.
    pay_by_mobile_money(page, paid_on=datetime.date.today() - datetime.timedelta(days=45))
    page.click(".who button")
    page.wait_for_url(f"{base}/login/")

    # The officer checks the register: the earlier file is found as a duplicate.
    log_in(page, base, Role.ENROLLMENT_OFFICER)
    page.goto(f"{base}{reverse('registry:member_detail', args=[member.pk])}")
    page.click("#quality-check")
    page.wait_for_url(f"{base}{reverse('registry:quality_queue')}")
    finding = Finding.objects.get(member=member, kind=FindingKind.DUPLICATE_PERSON, status=FindingStatus.OPEN)
    row = page.locator(f"#finding-{finding.pk}")
    # The same person: the two records are merged, the new one kept, and the finding closes with it.
    row.locator("a.merge-finding").click()
    page.wait_for_load_state()
    page.locator("#merge-form [name=reason]").fill("Même personne : ancien dossier clos.")
    page.click("#merge")
    page.wait_for_load_state()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RESOLVED
    page.screenshot(path=str(artifacts / "procedure-1-finding-resolved.png"), full_page=True)

    # Checked again, then certified: the certificate goes out by SMS with its verification link.
    page.goto(f"{base}{reverse('registry:member_detail', args=[member.pk])}")
    page.click("#quality-check")
    page.goto(f"{base}{reverse('registry:member_detail', args=[member.pk])}")
    page.click("#certify")
    page.wait_for_url(f"{base}{reverse('registry:member_detail', args=[member.pk])}")
    assert Enrollment.objects.get(member=member).status == "certified", page.locator(".messages").inner_text()
    page.screenshot(path=str(artifacts / "procedure-2-certified.png"), full_page=True)
    sms = [json.loads(line) for line in (tmp_path / "sms.jsonl").read_text("utf-8").splitlines()]
    [text] = [m["text"] for m in sms if "/verify/" in m["text"] and m["recipient"] == member.phone]
    assert member.registration_number in text

    # Anyone holding the link sees a genuine certificate, and nothing more than initials and birth years.
    link = re.search(r"https?://\S+/verify/\S+?/", text).group(0)
    page.goto(base + link[link.index("/verify/") :])
    status = page.locator("[role=status]").inner_text()
    assert "authentique" in status
    assert member.last_name not in page.content()
    page.screenshot(path=str(artifacts / "procedure-3-verified.png"), full_page=True)
