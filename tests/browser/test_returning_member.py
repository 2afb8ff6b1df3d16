"""A returning member at the counter: found by phone from the search box, a wrongly dated payment voided
and entered again, and the family covered again (issue 14)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanad.common.permissions import Role
from sanad.registry.inputs import DocumentInput, MemberInput
from sanad.registry.models import Contribution
from sanad.registry.services import contribution_record, enrollment_submit
from tests.browser.test_enrollment import log_in

pytestmark = pytest.mark.browser

PHONE = "+22236999111"


@pytest.fixture
def returning(live_demo, settings):
    """Brahim Ould Cheikh enrolled last year; his cash payment was typed with the wrong year."""
    assert settings.SANAD_FUND == "cnass-mr"
    today = datetime.date.today()
    member = enrollment_submit(
        actor=None,
        member=MemberInput(
            first_name="Brahim",
            last_name="Ould Cheikh",
            first_name_ar="ابراهيم",
            last_name_ar="ولد الشيخ",
            sex="M",
            birth_date=datetime.date(1979, 3, 2),
            population="national",
            nationality="MR",
            phone=PHONE,
            region="MR-01",
            photo=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 jpeg", content_type="image/jpeg"),
        ),
        documents=[
            DocumentInput(kind="national_id_card", number="NNI-778899", expires_on=datetime.date(2031, 1, 1))
        ],
        on=today - datetime.timedelta(days=400),
    ).member
    wrong_day = (today - datetime.timedelta(days=60)).replace(year=today.year - 10)
    contribution_record(
        actor=None, member_id=member.pk, method="cash", paid_on=wrong_day, receipt_number="R-WRONG-1"
    )
    return member


def test_a_returning_member_is_found_by_phone_and_a_wrong_payment_is_voided_and_entered_again(
    page, live_server, returning, artifacts
):
    base = live_server.url
    log_in(page, base, Role.COUNTER_AGENT)

    # The member gives his phone number as people say it, from any page.
    page.fill("#shell-search", "36 99 91 11")
    page.press("#shell-search", "Enter")
    page.wait_for_load_state()
    rows = page.locator("#search-results tbody tr")
    assert rows.count() == 1
    assert "Brahim Ould Cheikh" in rows.first.inner_text()
    assert rows.first.locator("[data-rights]").get_attribute("data-rights") == "not-covered"
    page.screenshot(path=str(artifacts / "search-by-phone.png"), full_page=True)
    rows.first.locator("a").first.click()
    page.wait_for_load_state()
    assert "not-covered" in page.locator("#member-rights").get_attribute("class")

    # The payment typed ten years back is voided, with its reason.
    wrong = Contribution.objects.get(receipt_number="R-WRONG-1")
    page.locator(f"#correct-{wrong.pk}").evaluate("form => form.closest('details').open = true")
    form = page.locator(f"#correct-{wrong.pk}")
    form.locator("select[name$='kind']").select_option("void")
    form.locator("input[name$='reason']").fill("Année mal saisie au guichet")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert (
        page.locator("#contributions tr[data-receipt='R-WRONG-1']").get_attribute("data-status") == "voided"
    )

    # Entered again with the right date: the family is covered again.
    right_day = datetime.date.today() - datetime.timedelta(days=60)
    entry = page.locator("#contribution-form")
    entry.locator("[name=method]").select_option("cash")
    entry.locator("[name=paid_on]").fill(right_day.isoformat())
    entry.locator("#record-contribution").click()
    page.wait_for_load_state()
    page.goto(f"{base}/registry/member/{returning.pk}/")
    assert "covered" in page.locator("#member-rights").get_attribute("class").split()
    page.screenshot(path=str(artifacts / "payment-corrected.png"), full_page=True)
    assert Contribution.objects.get(receipt_number="R-WRONG-1").status == "voided"
    assert Contribution.objects.filter(member=returning, status="recorded").count() == 1
