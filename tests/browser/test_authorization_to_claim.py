"""From the facility's request to the claim that uses its approval, in a browser, in CNOPS (seed 002):
the oncology clerk asks for a chemotherapy with its papers, the medical adviser approves three cycles of
the drug from the queue, the decision document downloads and its signed code is checked at /verify/; then
the desk bills one cycle on a care sheet, the fund receives the batch, the engine decides the file that
night, and the file's page names the authorization its line used."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.authorizations.decision_document.document import decision_document
from sanad.authorizations.models import AuthorizationRequest
from sanad.catalog.models import Drug, in_force
from sanad.claims.models import AuthorizationUse, Batch, BillingFile
from sanad.claims.services import batch_receive, billing_files_adjudicate
from sanad.common.permissions import Role
from sanad.registry.models import Member
from sanad.registry.selectors import Beneficiary, rights_on
from tests.browser.test_claims_path import new_page  # noqa: F401 - the fixture
from tests.browser.test_enrollment import log_in

pytestmark = pytest.mark.browser

FUND = "cnops-ma"
_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def cnops(settings, tmp_path):
    """CNOPS, and the uploads kept apart (listed before the demo, so that the demo's scans go there too)."""
    settings.SANAD_FUND = FUND
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_chemotherapy_goes_from_the_request_to_the_claim_that_uses_it(
    cnops,
    page,
    new_page,  # noqa: F811 - the fixture imported above
    live_server,
    live_demo,
    artifacts,
):
    base = live_server.url
    today = timezone.localdate()
    member = next(
        m
        for m in Member.objects.order_by("pk")
        if rights_on(beneficiary=Beneficiary.member(m.pk), on=today).covered
    )
    drug = Drug.objects.filter(in_force(today), needs_prior_approval=True).order_by("code").first()
    assert drug is not None, "the demo catalogue has drugs that need prior approval"
    scan = artifacts / "authorization-scan.pdf"
    scan.write_bytes(_PDF)

    def shot(on, name: str) -> None:
        on.screenshot(path=str(artifacts / f"authorization-{name}.png"), full_page=True)

    # The facility's clerk finds the insured person and opens the chemotherapy form.
    log_in(page, base, Role.FACILITY_STAFF)
    page.goto(f"{base}{reverse('authorizations:request_start')}")
    page.fill("#id_registration_number", member.registration_number)
    page.click("form.card button.primary")
    page.wait_for_selector("#family")
    page.locator("#family tbody tr").first.locator(
        f"a[href*='{reverse('authorizations:request_new', args=['chemotherapy'])}']"
    ).click()
    page.wait_for_selector("#request-form")
    page.select_option("#id_admission", "day_hospital")
    for code, value in {
        "diagnosis": "C50.9",
        "protocol": "AC puis paclitaxel hebdomadaire",
        "weight_kg": "64",
        "height_cm": "162",
        "dose_per_m2": "80",
        "duration_weeks": "9",
        "cycles": "3",
    }.items():
        page.fill(f"#id_field_{code}", value)
    page.select_option("#id_field_metastatic", "no")
    # The papers of the checklist; the work-ups of a metastatic progression are not needed here.
    for code in ("request_form", "medical_report", "pathology_report", "confidential_report"):
        page.set_input_files(f"#id_document_{code}", str(scan))
    shot(page, "1-request")
    with page.expect_navigation():
        # The form is sent as its button sends it (a pointer click on the button lands on the form in
        # headless Chromium after the uploads).
        page.locator("#request-form").evaluate("form => form.requestSubmit()")
    assert "/authorizations/PEC-" in page.url, page.locator(".error").all_inner_texts()
    request = AuthorizationRequest.objects.get(member=member, request_type="chemotherapy")
    assert request.status == "pending" and request.missing == []
    assert str(request.body_surface_area) == "1.70"  # Mosteller: √(64 × 162 / 3600)
    shot(page, "2-received")

    # The medical adviser takes it from the queue and approves three cycles of the drug.
    adviser = new_page(Role.MEDICAL_ADVISER)
    adviser.goto(f"{base}{reverse('authorizations:queue')}")
    adviser.click(f"#queue tr[data-reference='{request.reference}'] a")
    adviser.wait_for_selector("#form-decide")
    adviser.check("#form-decide [name='decide-kind'][value='approved']")
    adviser.select_option("[name='decide-item_kind_0']", "drug")
    adviser.fill("[name='decide-item_code_0']", drug.code)
    adviser.fill("[name='decide-item_quantity_0']", "3")
    shot(adviser, "3-decide")
    adviser.click("#form-decide button[type='submit']")
    adviser.wait_for_selector("[data-decision='approved']")
    request.refresh_from_db()
    assert request.status == "approved"
    assert [(i.kind, i.code, i.quantity) for i in request.decision.items.all()] == [("drug", drug.code, 3)]
    shot(adviser, "4-approved")

    # The facility downloads the decision document; its signed code is checked on the public page.
    page.goto(f"{base}{reverse('authorizations:request_detail', args=[request.reference])}")
    pdf = page.request.get(f"{base}{reverse('authorizations:decision_pdf', args=[request.reference])}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    (artifacts / "authorization-decision.pdf").write_bytes(pdf.body())
    token = decision_document(request=request).token  # what the paper's QR code holds
    page.goto(f"{base}/verify/{token}/")
    assert request.reference in page.content()
    assert page.locator("body").inner_text().count(drug.code) >= 1
    shot(page, "5-verified")

    # The desk bills the first cycle on a care sheet.
    page.goto(f"{base}{reverse('claims:desk')}")
    page.fill("#id_query", member.registration_number)
    page.click("#check-rights")
    page.locator(f"#person-M{member.pk} a.open-sheet").click()
    page.wait_for_selector("#care-sheet")
    page.fill("#id_diagnosis", "C50.9")
    page.select_option("#id_practitioner", index=1)
    page.select_option("[name='lines-0-kind']", "drug")
    page.fill("[name='lines-0-code']", drug.code)
    page.fill("[name='lines-0-quantity']", "1")
    page.fill("[name='lines-0-billed']", str(drug.public_price))
    page.fill("[name='lines-0-service_date']", today.isoformat())
    page.click("#open-sheet")
    page.wait_for_selector("#sheet-lines")
    page.fill("#id_invoice_number", "ONC-PEC-0001")
    page.click("#create-file")
    page.wait_for_selector("#preview-lines")
    billing_file = BillingFile.objects.get(invoice_number="ONC-PEC-0001")
    for kind in ("prescription", "barcodes"):
        page.select_option("#upload [name='kind']", kind)
        page.set_input_files("#upload [name='scan']", str(scan))
        page.click("#upload button[type='submit']")
        page.wait_for_selector(f"#documents tr[data-kind='{kind}']")
    shot(page, "6-care-sheet")

    # A batch of outpatient files, submitted.
    page.goto(f"{base}{reverse('claims:batch_list')}")
    page.select_option("#form-batch-create [name='group']", "outpatient")
    page.click("#form-batch-create button[type='submit']")
    page.wait_for_selector("#candidates")
    page.check(f"#candidates input[value='{billing_file.pk}']")
    page.click("#form-add button[type='submit']")
    page.wait_for_selector(f"#batch-files input[value='{billing_file.pk}']")
    page.click("#form-submit button[type='submit']")
    page.wait_for_selector("#batch-status[data-status='submitted']")

    # The fund receives it and the engine decides the file that night (the background task calls these).
    batch = Batch.objects.get(files=billing_file)
    batch_receive(actor=live_demo.users[Role.CLAIMS_CHECKER.value], batch_id=batch.pk, received_on=today)
    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=today)
    use = AuthorizationUse.objects.get(billing_file=billing_file)
    assert (use.request_id, use.code, use.quantity) == (request.pk, drug.code, 1)

    # The file's page names the authorization its line used, linked to the request.
    page.goto(f"{base}{reverse('claims:desk_file', args=[billing_file.pk])}")
    used = page.locator("#authorizations-used")
    assert used.is_visible()
    link = used.locator(f"a[href='{reverse('authorizations:request_detail', args=[request.reference])}']")
    assert link.inner_text() == request.reference
    shot(page, "7-file-uses-it")
