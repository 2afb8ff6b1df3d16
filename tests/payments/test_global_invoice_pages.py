"""The global invoice's pages (issue §1): the facility sends its invoice and follows it, seeing only its own;
the finance officer lists the invoices, reads the differences per file by invoice number, and accepts or
returns each one with the reasons."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from sanad.claims.models import BillingFile
from sanad.common.permissions import Role
from sanad.payments.invoices.services import invoice_receive
from sanad.payments.models import GlobalInvoice, InvoiceStatus
from sanad.providers.models import FacilityStaff
from tests.payments.conftest import RECEIVED, TODAY, validated_file

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def clerk(make_user, centre):
    """Fatimetou sends her health centre's invoices to the fund."""
    user = make_user("fatimetou", Role.FACILITY_STAFF, first_name="Fatimetou")
    FacilityStaff.objects.create(user=user, facility=centre)
    return user


def _invoice(facility, number="FG-2026-04", total="1200.00"):
    return invoice_receive(
        actor=None,
        facility_id=facility.pk,
        number=number,
        issued_on=TODAY,
        total=Decimal(total),
        period_start=RECEIVED,
        period_end=RECEIVED,
    )


def test_the_facility_sends_its_global_invoice_for_a_period_with_its_scan(client, clerk, centre):
    client.force_login(clerk)
    data = {
        "number": "FG-2026-04",
        "issued_on": TODAY.isoformat(),
        "total": "1200.00",
        "covers": "period",
        "period_start": RECEIVED.isoformat(),
        "period_end": RECEIVED.isoformat(),
        "scan": SimpleUploadedFile("facture.pdf", PDF, content_type="application/pdf"),
    }

    response = client.post(reverse("payments:facility_invoices"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    invoice = GlobalInvoice.objects.get()
    assert (invoice.facility, invoice.total, invoice.status) == (centre, Decimal("1200.00"), "received")
    assert invoice.scan and invoice.submitted_by == clerk
    page = client.get(reverse("payments:facility_invoices")).content.decode()
    assert "FG-2026-04" in page and str(InvoiceStatus.RECEIVED.label) in page
    assert RECEIVED.strftime("%d/%m/%Y") in page


def test_the_facility_gives_a_period_or_a_batch(client, clerk):
    client.force_login(clerk)
    data = {"number": "FG-1", "issued_on": TODAY.isoformat(), "total": "10.00", "covers": "batch"}

    response = client.post(reverse("payments:facility_invoices"), data)

    assert response.status_code == 400
    assert 'data-field="batch"' in response.content.decode()
    assert not GlobalInvoice.objects.exists()


def test_the_facility_sees_only_its_own_invoices(client, clerk, centre, rib_centre):
    _invoice(centre, "FG-OWN")
    _invoice(rib_centre, "FG-OTHER")
    client.force_login(clerk)

    page = client.get(reverse("payments:facility_invoices")).content.decode()

    assert "FG-OWN" in page and "FG-OTHER" not in page
    assert client.get(reverse("payments:invoice_list")).status_code == 403


def test_the_finance_officer_lists_filters_and_exports_the_invoices(client, officer, centre, rib_centre):
    _invoice(centre, "FG-A")
    other = _invoice(rib_centre, "FG-B")
    GlobalInvoice.objects.filter(pk=other.pk).update(status=InvoiceStatus.ACCEPTED)
    client.force_login(officer)

    page = client.get(reverse("payments:invoice_list"), {"status": "received"}).content.decode()
    assert "FG-A" in page and "FG-B" not in page
    assert "CS-001" in page

    export = client.get(reverse("payments:invoice_list"), {"facility": "cs-002", "export": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "FG-B" in text and "FG-A" not in text and str(InvoiceStatus.ACCEPTED.label) in text


def test_the_invoice_page_shows_the_differences_by_invoice_number(client, officer, centre):
    exact = validated_file(centre, billed="1000.00", fund_share="800.00")
    cut = validated_file(centre, billed="500.00", fund_share="300.00")
    BillingFile.objects.filter(pk=exact.pk).update(preview_fund_share=Decimal("800.00"))
    BillingFile.objects.filter(pk=cut.pk).update(preview_fund_share=Decimal("400.00"))
    invoice = _invoice(centre, total="1200.00")
    client.force_login(officer)

    page = client.get(reverse("payments:invoice_detail", args=[invoice.pk])).content.decode()

    differences = page.split('id="differences"')[1].split("</table>")[0]
    assert cut.invoice_number in differences and exact.invoice_number not in differences
    assert "100,00" in differences
    total = page.split('id="total-difference"')[1].split("</td>")[0]
    assert "100,00" in total


def test_the_finance_officer_returns_an_invoice_only_with_reasons_then_the_facility_reads_them(
    client, officer, clerk, centre
):
    invoice = _invoice(centre)
    client.force_login(officer)
    url = reverse("payments:invoice_detail", args=[invoice.pk])

    refused = client.post(url, {"decision": "return", "reasons": " "})
    assert refused.status_code == 400
    returned = client.post(url, {"decision": "return", "reasons": "Le total ne correspond pas aux dossiers"})

    assert returned.status_code == 302
    invoice.refresh_from_db()
    assert (invoice.status, invoice.decided_by) == (InvoiceStatus.RETURNED, officer)
    client.force_login(clerk)
    page = client.get(reverse("payments:facility_invoices")).content.decode()
    assert (
        "Le total ne correspond pas aux dossiers" in page
        and escape(str(InvoiceStatus.RETURNED.label)) in page
    )


def test_the_finance_officer_accepts_an_invoice_and_a_manager_cannot(client, officer, manager, centre):
    invoice = _invoice(centre)
    url = reverse("payments:invoice_detail", args=[invoice.pk])
    client.force_login(manager)
    assert client.post(url, {"decision": "accept"}).status_code == 403
    assert 'id="invoice-decide"' not in client.get(url).content.decode()

    client.force_login(officer)
    assert client.post(url, {"decision": "accept"}).status_code == 302

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ACCEPTED
    assert 'id="invoice-decide"' not in client.get(url).content.decode()


def test_the_scan_is_read_through_the_fund_staffs_page(client, officer, centre):
    invoice = _invoice(centre)
    invoice.scan = SimpleUploadedFile("facture.pdf", PDF)
    invoice.save()
    client.force_login(officer)

    response = client.get(reverse("payments:invoice_scan", args=[invoice.pk]))

    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_invoice_pages_speak_plain_words(client, officer, clerk, centre, language):
    from django.utils import translation

    from tests.web.plain_words import offences, page_text

    validated_file(centre)
    invoice = _invoice(centre)
    pages = [
        (officer, reverse("payments:invoice_list")),
        (officer, reverse("payments:invoice_detail", args=[invoice.pk])),
        (clerk, reverse("payments:facility_invoices")),
    ]
    found = {}
    with translation.override(language):
        client.cookies["django_language"] = language
        for user, url in pages:
            client.force_login(user)
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            problems = [str(o) for o in offences(page_text(response.content.decode()), language)]
            if problems:
                found[url] = problems
    assert found == {}
