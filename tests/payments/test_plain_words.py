"""Plain words on the finance officer's pages (issue 15): in French and in Arabic, no internal code, enum
value, database id, JSON, English sentence or ISO date."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.payments.models import Transfer
from sanad.payments.services import (
    bank_file_issue,
    confirmation_import,
    facility_account_propose,
    settlement_run_approve,
    settlement_run_gather,
    settlement_run_start,
)
from tests.payments.bank_messages import status_report
from tests.payments.conftest import OTHER_IBAN, RECEIVED, TODAY, make_member, validated_file
from tests.web.plain_words import offences, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(officer, approver, centre, rib_centre):
    validated_file(centre, rejected_line=("150.00", "not_in_benefit_package"))
    validated_file(rib_centre)
    validated_file(centre, member=make_member(), reimbursement=True)
    started = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    settlement_run_gather(run_id=started.pk)
    settlement_run_approve(actor=approver, run_id=started.pk)
    bank_file = bank_file_issue(actor=officer, run_id=started.pk, on=TODAY).bank_file
    rejected = Transfer.objects.get(order__facility=rib_centre)
    report = status_report("STS-1", bank_file.message_id, [(rejected.end_to_end_id, "RJCT", "AC01")])
    confirmation_import(actor=officer, content=report)
    started.refresh_from_db()
    return started


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_payment_pages_speak_plain_words(client, officer, approver, run, centre, language):
    change = facility_account_propose(
        actor=approver, facility_id=centre.pk, account=OTHER_IBAN, valid_from=TODAY
    )
    client.force_login(officer)
    scope = {"period_start": RECEIVED.isoformat(), "period_end": RECEIVED.isoformat()}
    pages = [
        reverse("payments:run_list"),
        reverse("payments:run_detail", args=[run.pk]),
        reverse("payments:run_prepare") + "?" + "&".join(f"{k}={v}" for k, v in scope.items()),
        reverse("payments:confirmations"),
        reverse("payments:account_changes"),
        reverse("payments:facility_account", args=[change.facility_id]),
    ]
    found = {}
    with translation.override(language):
        client.cookies["django_language"] = language
        for url in pages:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            problems = [str(o) for o in offences(page_text(response.content.decode()), language)]
            if problems:
                found[url] = problems
    assert found == {}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_run_report_speaks_plain_words_on_paper(run, language):
    import io

    from pypdf import PdfReader

    from sanad.payments.selectors.papers import run_report_pdf
    from tests.web.plain_words import Text

    kinds = {"ISO date", "month-first date", "enum value", "code", "database id", "JSON", "Python value"}
    if language == "fr":
        kinds.add("untranslated")
    with translation.override(language):
        pdf = run_report_pdf(run)
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)

    assert [str(o) for o in offences(Text(text, text), language) if o.kind in kinds] == []
    assert run.number in text
    assert str(run.files) in text
