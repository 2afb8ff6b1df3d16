"""The facility's global invoice (issue §1; seed 000: "facture globale"): matched against the files it
covers, the differences listed per file, accepted or returned with the reasons."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.claims.models import BillingFile
from sanad.common.errors import DomainError
from sanad.payments.invoices.services import invoice_decide, invoice_match, invoice_receive
from sanad.payments.models import InvoiceStatus
from tests.payments.conftest import RECEIVED, TODAY, validated_file

pytestmark = pytest.mark.django_db


def test_a_global_invoice_is_matched_against_its_files_with_the_differences_per_file(officer, centre):
    exact = validated_file(centre, billed="1000.00", fund_share="800.00")
    cut = validated_file(centre, billed="500.00", fund_share="300.00")
    BillingFile.objects.filter(pk=exact.pk).update(preview_fund_share=Decimal("800.00"))
    BillingFile.objects.filter(pk=cut.pk).update(preview_fund_share=Decimal("400.00"))
    invoice = invoice_receive(
        actor=None,
        facility_id=centre.pk,
        number="FG-2026-04",
        issued_on=TODAY,
        total=Decimal("1200.00"),
        period_start=RECEIVED,
        period_end=RECEIVED,
    )

    match = invoice_match(invoice)

    assert (match.claimed, match.accepted) == (Decimal("1200.00"), Decimal("1100.00"))
    assert [(f.invoice_number, f.difference) for f in match.differences] == [
        (cut.invoice_number, Decimal("100.00"))
    ]
    assert match.total_difference == Decimal("100.00")


def test_a_global_invoice_is_returned_only_with_its_reasons(officer, centre):
    invoice = invoice_receive(
        actor=None,
        facility_id=centre.pk,
        number="FG-2026-05",
        issued_on=TODAY,
        total=Decimal("10.00"),
        period_start=RECEIVED,
        period_end=RECEIVED + datetime.timedelta(days=30),
    )
    with pytest.raises(DomainError):
        invoice_decide(actor=officer, invoice_id=invoice.pk, accept=False, on=TODAY)

    invoice = invoice_decide(
        actor=officer, invoice_id=invoice.pk, accept=False, reasons="Total différent des dossiers", on=TODAY
    )

    assert (invoice.status, invoice.reasons) == (InvoiceStatus.RETURNED, "Total différent des dossiers")


def test_a_global_invoice_number_is_received_once_per_facility(centre):
    fields = {
        "actor": None,
        "facility_id": centre.pk,
        "number": "FG-1",
        "issued_on": TODAY,
        "total": Decimal("1.00"),
        "period_start": RECEIVED,
        "period_end": RECEIVED,
    }
    invoice_receive(**fields)
    with pytest.raises(DomainError):
        invoice_receive(**fields)
