"""The whole path of a claim in a browser, in CNASS: the facility's clerk checks a patient's rights, opens a
care sheet for a stay (one act, one drug by its barcode), bills it and reads the engine's preview, files
the documents the profile asks for, puts the file in a batch, submits it and downloads the slip; the
fund's checker registers the receipt; the engine decides the file that night and sends it to the medical
review (the stay bills more than the profile's medical-review amount); the medical adviser reduces the
stay, accepts the drug and the file is validated; the facility reads the decision on its file's page."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.catalog.models import Act, Drug, in_force
from sanad.claims.models import Batch, BillingFile
from sanad.claims.services import billing_files_adjudicate
from sanad.claims.statuses import FileStatus
from sanad.common.permissions import Role
from sanad.funds.active import active_profile
from sanad.providers.selectors import facility_of_user
from sanad.registry.models import Member
from sanad.registry.selectors import Beneficiary, rights_on
from tests.browser.test_enrollment import log_in

pytestmark = pytest.mark.browser

FUND = "cnass-mr"
_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _amount(text: str) -> Decimal:
    """An amount as the page shows it in French ("22 500,00") read back as a Decimal."""
    return Decimal(re.sub(r"\s", "", text).replace(",", "."))


@pytest.fixture
def cnass(settings, tmp_path):
    """CNASS, and the uploads kept apart (listed before the demo, so that the demo's scans go there too)."""
    settings.SANAD_FUND = FUND
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(role)`: a page of its own browser context, logged in as the demo account of `role`."""
    contexts = []

    def make(role: Role):
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        log_in(page, live_server.url, role)
        return page

    yield make
    for context in contexts:
        context.close()


def _stay(today: datetime.date):
    """A stay long enough to pass the profile's medical-review amount, and a drug: what to type."""
    profile = active_profile()
    day_rate = Act.objects.filter(in_force(today), code="HOS-JOU").get()
    drug = Drug.objects.filter(in_force(today), costly=False, long_term_only=False).order_by("code").first()
    days = int(profile.claims.medical_review_amount // day_rate.package_price) + 1
    return day_rate, days, drug


def test_a_claim_goes_from_the_desk_to_a_validated_file(
    cnass, page, new_page, live_server, live_demo, artifacts
):
    base = live_server.url
    today = timezone.localdate()
    admitted = today - datetime.timedelta(days=12)
    discharged = admitted + datetime.timedelta(days=10)
    day_rate, days, drug = _stay(today)
    stay_billed = day_rate.package_price * days
    member = next(
        m
        for m in Member.objects.order_by("-pk")
        if rights_on(beneficiary=Beneficiary.member(m.pk), on=admitted).covered
        and rights_on(beneficiary=Beneficiary.member(m.pk), on=today).covered
    )

    def shot(page, name: str) -> None:
        page.screenshot(path=str(artifacts / f"claim-{name}.png"), full_page=True)

    # The facility's desk: rights by registration number.
    log_in(page, base, Role.FACILITY_STAFF)
    page.goto(f"{base}{reverse('claims:desk')}")
    page.fill("#id_query", member.registration_number)
    page.click("#check-rights")
    row = page.locator(f"#person-M{member.pk}")
    assert row.get_attribute("data-covered") == "yes"
    shot(page, "1-rights")

    # The care sheet of the stay: the days in hospital, and a drug given by its barcode.
    row.locator("a.open-sheet").click()
    page.wait_for_selector("#care-sheet")
    page.select_option("#id_care_type", "inpatient")
    page.fill("#id_admission_date", admitted.isoformat())
    page.fill("#id_discharge_date", discharged.isoformat())
    page.fill("#id_care_date", admitted.isoformat())
    page.fill("#id_diagnosis", "J15.9")  # no treatment protocol: the lines are valued as billed
    page.select_option("#id_practitioner", index=1)
    page.check("#id_emergency")
    page.select_option("[name='lines-0-kind']", "act")
    page.fill("[name='lines-0-code']", day_rate.code)
    page.fill("[name='lines-0-quantity']", str(days))
    page.fill("[name='lines-0-billed']", str(stay_billed))
    page.fill("[name='lines-0-service_date']", admitted.isoformat())
    page.click("#add-line")
    page.wait_for_selector("[name='lines-1-code']")
    page.select_option("[name='lines-1-kind']", "drug")
    page.fill("[name='lines-1-code']", drug.barcode)
    page.fill("[name='lines-1-quantity']", "2")
    page.fill("[name='lines-1-billed']", str(drug.public_price * 2))
    page.fill("[name='lines-1-service_date']", admitted.isoformat())
    shot(page, "2-care-sheet")
    page.click("#open-sheet")
    page.wait_for_selector("#sheet-lines")
    assert page.locator("#sheet-lines tbody tr").count() == 2

    # The billing file: a draft and the engine's preview of the shares.
    page.fill("#id_invoice_number", "HR-PATH-0001")
    page.click("#create-file")
    page.wait_for_selector("#preview-lines")
    billing_file = BillingFile.objects.get(invoice_number="HR-PATH-0001")
    billed, fund, patient = (
        _amount(page.locator(f"#preview-{name}").inner_text()) for name in ("billed", "fund", "patient")
    )
    assert billed == stay_billed + drug.public_price * 2 > active_profile().claims.medical_review_amount
    assert fund + patient == billed
    shot(page, "3-preview")

    # The documents the profile asks for a stay billing a drug.
    needed = _needed_documents()
    scan = artifacts / "claim-scan.pdf"
    scan.write_bytes(_PDF)
    for kind in needed:
        page.select_option("#upload [name='kind']", kind)
        page.set_input_files("#upload [name='scan']", str(scan))
        page.click("#upload button[type='submit']")
        page.wait_for_selector(f"#documents tr[data-kind='{kind}']")
    billing_file.refresh_from_db()
    assert set(billing_file.documents) >= set(needed)

    # A batch of stays: opened, the file added, submitted; the transmittal slip downloaded.
    page.goto(f"{base}{reverse('claims:batch_list')}")
    group = active_profile().claims.batch_group_of("inpatient")
    page.select_option("#form-batch-create [name='group']", group)
    page.click("#form-batch-create button[type='submit']")
    page.wait_for_selector("#candidates")
    page.check(f"#candidates input[value='{billing_file.pk}']")
    page.click("#form-add button[type='submit']")
    page.wait_for_selector(f"#batch-files input[value='{billing_file.pk}']")
    page.click("#form-submit button[type='submit']")
    page.wait_for_selector("#batch-status[data-status='submitted']")
    batch = Batch.objects.get(files=billing_file)
    slip = page.request.get(f"{base}{page.locator('#slip-link').get_attribute('href')}")
    assert slip.ok and slip.headers["content-type"] == "application/pdf"
    assert slip.body().startswith(b"%PDF-")
    (artifacts / "claim-slip.pdf").write_bytes(slip.body())
    shot(page, "4-batch-submitted")

    # The fund's reception desk registers the receipt.
    checker = new_page(Role.CLAIMS_CHECKER)
    checker.goto(f"{base}{reverse('claims:batch_queue')}")
    checker.click(f"#queue a[href='{reverse('claims:batch_detail', args=[batch.pk])}']")
    checker.wait_for_selector("#form-receive")
    checker.fill("#id_received_on", today.isoformat())
    checker.click("#form-receive button[type='submit']")
    checker.wait_for_selector("#receipt")
    shot(checker, "5-receipt")
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.RECEIVED and billing_file.received_on == today

    # That night the engine decides (the background task calls this): the stay goes to the medical review.
    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=today)
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.MEDICAL_REVIEW

    # The medical adviser reduces the stay, accepts the drug, and the file is validated.
    adviser = new_page(Role.MEDICAL_ADVISER)
    adviser.goto(f"{base}{reverse('claims:fund_review_queue')}")
    adviser.click(f"#queue tr[data-file='{billing_file.pk}'] a")
    adviser.wait_for_selector("#facts")
    adviser.click(f"a[href='{reverse('claims:fund_file_review', args=[billing_file.pk])}']")
    adviser.wait_for_selector("#review-form")
    stay_line, drug_line = billing_file.care_sheet.lines.order_by("line_no")
    engine_share = billing_file.decisions.get(is_current=True).lines.get(line=stay_line).fund_share
    reduced = (engine_share * Decimal("0.6")).quantize(Decimal("0.01"))
    adviser.check(f"[name='verdict_{stay_line.pk}'][value='reduce']")
    adviser.fill(f"[name='fund_share_{stay_line.pk}']", str(reduced))
    adviser.select_option(f"[name='reason_{stay_line.pk}']", "quantity_excessive")
    adviser.fill(f"[name='note_{stay_line.pk}']", "Six jours suffisaient pour cette pneumopathie.")
    assert adviser.is_checked(f"[name='verdict_{drug_line.pk}'][value='accept']")
    shot(adviser, "6-review")
    adviser.click("#review-form button[type='submit']")
    adviser.wait_for_url(f"**{reverse('claims:fund_review_queue')}")
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.VALIDATED
    decision = billing_file.decisions.get(is_current=True)
    assert decision.source == "adviser" and decision.status == "reduced"
    assert decision.lines.get(line=stay_line).fund_share == reduced
    assert decision.fund_share + decision.patient_share == decision.billed == billed

    # The facility reads the decision on its file's page.
    page.goto(f"{base}{reverse('claims:desk_file', args=[billing_file.pk])}")
    assert page.locator("#file-status").get_attribute("data-status") == "validated"
    assert page.locator("#decision").get_attribute("data-status") == "reduced"
    first_line = page.locator("#decision-lines tbody tr").first.locator("td")
    assert _amount(first_line.nth(4).inner_text()) == reduced
    assert billing_file.facility == facility_of_user(user=live_demo.users[Role.FACILITY_STAFF.value])
    shot(page, "7-decision")


def _needed_documents() -> list[str]:
    """What the profile asks of a stay that bills a drug (its care type and its kind of line)."""
    rules = active_profile().claims.required_documents
    needed = {d for key, docs in rules.by_care_type if key == "inpatient" for d in docs}
    needed |= {d for key, docs in rules.by_line_kind if key == "drug" for d in docs}
    return sorted(needed)
