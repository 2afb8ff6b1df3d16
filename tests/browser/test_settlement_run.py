"""In a browser, from validated files to their orders paid: Aïcha previews and starts a settlement run,
she may not approve it herself, Brahim approves it, she makes the bank file and downloads it, then imports
the bank's debit notification and the run reads as paid."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from sanad.payments.iso20022 import schemas
from sanad.payments.models import SettlementRun, Transfer
from sanad.payments.statuses import RunStatus
from tests.conftest import PASSWORD
from tests.payments.bank_messages import debit_notification

# One Chromium for the whole session: the browser tests' own fixtures; the payments world from its conftest.
from tests.payments.conftest import (  # noqa: F401 (fixtures)
    RECEIVED,
    _fund,
    approver,
    centre,
    officer,
    rib_centre,
    validated_file,
)

pytestmark = pytest.mark.browser
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def world(transactional_db, settings, officer, approver, centre, rib_centre):  # noqa: F811 - fixtures imported above
    settings.TASKS = IMMEDIATE
    validated_file(centre, billed="1000.00", fund_share="800.00")
    validated_file(rib_centre, billed="250.00", fund_share="200.00")
    for user in (officer, approver):
        user.set_password(PASSWORD)
        user.save()


def signed_in(browser, base: str, username: str):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")
    return page


def test_from_validated_files_to_a_paid_settlement_run(browser, live_server, world, artifacts):
    base = live_server.url
    aicha = signed_in(browser, base, "aicha")
    aicha.goto(f"{base}/payments/prepare/")
    aicha.fill("#id_period_start", RECEIVED.isoformat())
    aicha.fill("#id_period_end", RECEIVED.isoformat())
    aicha.click("#run-scope button")
    assert aicha.inner_text("#preview-files") == "2"
    aicha.click("#run-start button")
    aicha.wait_for_selector("#run-status")
    aicha.reload()
    assert aicha.get_attribute("#run-status", "data-status") == RunStatus.PREPARED
    assert aicha.is_visible("#four-eyes") and not aicha.is_visible("#run-approve")
    aicha.screenshot(path=str(artifacts / "payments-run-prepared.png"), full_page=True)
    run = SettlementRun.objects.get()

    brahim = signed_in(browser, base, "brahim")
    brahim.goto(f"{base}/payments/run/{run.pk}/")
    brahim.click("#run-approve button")
    assert brahim.get_attribute("#run-status", "data-status") == RunStatus.APPROVED

    aicha.reload()
    aicha.click("#bank-file-issue button")
    assert aicha.get_attribute("#run-status", "data-status") == RunStatus.SENT
    with aicha.expect_download() as download:
        aicha.click("a.bank-xml")
    xml = download.value.path().read_text(encoding="utf-8")
    assert schemas.problems(xml, schemas.PAIN_001) == []

    debits = [(t.end_to_end_id, t.amount) for t in Transfer.objects.all()]
    aicha.goto(f"{base}/payments/confirmations/")
    aicha.set_input_files(
        "#id_file",
        files=[
            {"name": "camt054.xml", "mimeType": "text/xml", "buffer": debit_notification("CAMT-B1", debits)}
        ],
    )
    aicha.click("#confirmation-import button")
    assert "CAMT-B1" in aicha.inner_text("#imports")
    aicha.goto(f"{base}/payments/run/{run.pk}/")
    assert aicha.get_attribute("#run-status", "data-status") == RunStatus.PAID
    aicha.screenshot(path=str(artifacts / "payments-run-paid.png"), full_page=True)
    assert get_user_model().objects.count() == 2
