"""An insured person logs in with the registration number and the SMS code, then takes the certificate."""

import json
import re

import pytest
from django.urls import reverse

from sanad.common.permissions import Role
from sanad.registry.models import Member

pytestmark = pytest.mark.browser

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


def _code(path) -> str:
    """The code of the last SMS written by the file transport."""
    lines = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return re.search(r"(\d{6})", lines[-1]["text"]).group(1)


def test_an_insured_person_logs_in_with_the_sms_code_and_downloads_the_certificate(
    browser, live_server, live_demo, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    settings.SMS_TRANSPORT = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    member = Member.objects.get(user=live_demo.users[Role.INSURED.value])
    assert member.phone
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.click("#selfservice-link")
        page.wait_for_url(f"{live_server.url}{reverse('registry:selfservice_number')}")
        page.fill("#id_registration_number", member.registration_number)
        page.click("#send-code")
        page.wait_for_url(f"{live_server.url}{reverse('registry:selfservice_code')}")
        assert "a code has been sent" in page.locator(".messages").inner_text()

        page.fill("#id_code", _code(tmp_path / "sms.jsonl"))
        page.screenshot(path=str(artifacts / "selfservice-1-code.png"), full_page=True)
        page.click("#log-in")
        page.wait_for_url(f"{live_server.url}/")
        assert "covered today" in page.locator("[role=status]").inner_text()
        assert member.registration_number in page.content()
        page.screenshot(path=str(artifacts / "selfservice-2-home.png"), full_page=True)

        with page.expect_download() as info:
            page.click(f"a[href='{reverse('certificates:download', args=[member.registration_number])}']")
        path = tmp_path / "certificate.pdf"
        info.value.save_as(path)
        assert path.read_bytes().startswith(b"%PDF-")
    finally:
        context.close()
