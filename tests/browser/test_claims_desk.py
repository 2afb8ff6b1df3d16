"""The facility's desk in a browser: the clerk checks a patient's rights by registration number, opens a
care sheet with two lines (the second row added on the page), bills it, reads the engine's preview of the
shares and downloads the care sheet as PDF."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.catalog.models import Act, in_force
from sanad.claims.models import BillingFile
from sanad.common.permissions import Role
from sanad.registry.models import Member
from sanad.registry.selectors import Beneficiary, rights_on
from tests.browser.test_enrollment import log_in

pytestmark = pytest.mark.browser


def _amount(text: str) -> Decimal:
    """An amount as the page shows it in French ("1 400,00") read back as a Decimal."""
    return Decimal(re.sub(r"\s", "", text).replace(",", "."))


def test_the_clerk_checks_rights_opens_a_care_sheet_and_bills_it(
    page, live_server, live_demo, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    today = timezone.localdate()
    member = next(
        m
        for m in Member.objects.order_by("pk")
        if rights_on(beneficiary=Beneficiary.member(m.pk), on=today).covered
    )
    lab = (
        Act.objects.filter(in_force(today), category="lab", package_price__isnull=True)
        .order_by("code")
        .first()
    )

    log_in(page, base, Role.FACILITY_STAFF)
    page.goto(f"{base}{reverse('claims:desk')}")
    page.fill("#id_query", member.registration_number)
    page.click("#check-rights")
    row = page.locator(f"#person-M{member.pk}")
    assert row.get_attribute("data-covered") == "yes"
    assert page.locator("#authorizations").is_visible()
    page.screenshot(path=str(artifacts / "desk-1-rights.png"), full_page=True)

    # The care sheet: a consultation, then a row added on the page for a lab test.
    row.locator("a.open-sheet").click()
    page.wait_for_selector("#care-sheet")
    page.fill("#id_diagnosis", "J06.9")
    page.select_option("#id_practitioner", index=1)
    page.select_option("[name='lines-0-kind']", "act")
    page.fill("[name='lines-0-code']", "CON-C")
    page.fill("[name='lines-0-billed']", "1000")
    page.click("#add-line")
    page.wait_for_selector("[name='lines-1-code']")
    assert page.locator("#id_lines-TOTAL_FORMS").input_value() == "2"
    page.select_option("[name='lines-1-kind']", "act")
    page.fill("[name='lines-1-code']", lab.code)
    page.fill("[name='lines-1-quantity']", "1")
    page.fill("[name='lines-1-billed']", "400")
    page.fill("[name='lines-1-service_date']", today.isoformat())
    page.screenshot(path=str(artifacts / "desk-2-care-sheet.png"), full_page=True)
    page.click("#open-sheet")
    page.wait_for_selector("#sheet-lines")
    assert page.locator("#sheet-lines tbody tr").count() == 2

    # The billing file: a draft with the engine's preview, line by line.
    page.fill("#id_invoice_number", "HR-2026-0001")
    page.click("#create-file")
    page.wait_for_selector("#preview-lines")
    billing_file = BillingFile.objects.get(invoice_number="HR-2026-0001")
    assert page.locator("#file-status").get_attribute("data-status") == "draft"
    assert page.locator("#preview-lines tr[data-line]").count() == 2
    billed, fund, patient = (
        _amount(page.locator(f"#preview-{name}").inner_text()) for name in ("billed", "fund", "patient")
    )
    assert billed == Decimal("1400.00") and fund + patient == billed
    assert (billing_file.preview_fund_share, billing_file.preview_patient_share) == (fund, patient)
    page.screenshot(path=str(artifacts / "desk-3-preview.png"), full_page=True)

    # The printable care sheet, fetched with the clerk's session.
    href = page.locator("#sheet-pdf").get_attribute("href")
    response = page.request.get(f"{base}{href}")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    (artifacts / "desk-4-care-sheet.pdf").write_bytes(response.body())
