"""The printed papers: the transmittal slip with its summary table, and the fund's receipt; real PDFs in
the reader's language, right to left in Arabic."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import translation

from sanad.claims.models import BillingFile
from sanad.claims.selectors.batches import (
    batch_receipt_html,
    batch_receipt_pdf,
    batch_slip,
    batch_slip_html,
    batch_slip_pdf,
)
from sanad.claims.services.batches import batch_create, batch_files_add, batch_receive, batch_submit
from sanad.common.errors import DomainError
from sanad.common.pdf import html_document
from tests.claims.batches.conftest import SUBMITTED, TODAY
from tests.claims.conftest import make_member
from tests.paper_layout import label_sides

ARABIC = re.compile("[\u0600-\u06ff]")


def _texts(box, out):
    if getattr(box, "text", None):
        out.append(box.text)
    for child in getattr(box, "children", None) or []:
        _texts(child, out)
    return out


def text_of(html: str) -> str:
    document = html_document(html)
    return " ".join(t for page in document.pages for t in _texts(page._page_box, []))


@pytest.fixture
def batch(desk, draft):
    """A submitted batch of two consultations: 1,000 and 2,500 MRU, previewed at 90 % for the fund."""
    batch = batch_create(actor=desk, group="outpatient", on=SUBMITTED)
    files = [
        draft(invoice="FA-2026-001"),
        draft(member=make_member(), billed=Decimal("2500.00"), invoice="FA-2026-002"),
    ]
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[f.pk for f in files])
    return batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)


def test_the_slip_has_one_row_per_file_and_the_totals(batch, covered_member):
    slip = batch_slip(batch=batch)

    assert [(r.invoice_number, r.billed, r.fund_share, r.patient_share) for r in slip.rows] == [
        ("FA-2026-001", Decimal("1000.00"), Decimal("900.00"), Decimal("100.00")),
        ("FA-2026-002", Decimal("2500.00"), Decimal("2250.00"), Decimal("250.00")),
    ]
    assert (slip.billed, slip.fund_share, slip.patient_share) == (
        Decimal("3500.00"),
        Decimal("3150.00"),
        Decimal("350.00"),
    )
    assert slip.rows[0].registration_number == covered_member.registration_number
    assert slip.rows[0].beneficiary == covered_member.full_name


def test_the_slip_is_a_pdf_with_its_summary_table(batch, covered_member):
    pdf = batch_slip_pdf(batch=batch)
    text = text_of(batch_slip_html(batch=batch))

    assert pdf.startswith(b"%PDF-")
    for expected in (
        batch.number,
        "Centre de santé de Teyarett",
        "CS-001",
        "FA-2026-001",
        "FA-2026-002",
        covered_member.registration_number,
        covered_member.full_name,
        "10/03/2026",
        "1000,00",  # amounts in the reader's format (French: a decimal comma)
        "3500,00",
        "3150,00",
        "350,00",
        "Soins ambulatoires",  # the care type in the reader's language (the profile's label)
    ):
        assert expected in text, expected


def test_the_slip_reads_right_to_left_in_arabic(batch):
    with translation.override("ar"):
        html = batch_slip_html(batch=batch)
        text = text_of(html)

    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "العلاجات الخارجية" in text  # the care type, in Arabic script laid out by Pango
    assert ARABIC.search(text)


def test_the_receipt_names_its_number_date_batch_facility_files_and_total(batch, checker):
    batch_receive(actor=checker, batch_id=batch.pk, received_on=TODAY, today=TODAY)
    batch.refresh_from_db()

    pdf = batch_receipt_pdf(batch=batch)
    text = text_of(batch_receipt_html(batch=batch))

    assert pdf.startswith(b"%PDF-")
    for expected in ("R-2026-0000001", "06/04/2026", batch.number, "Centre de santé de Teyarett", "3500,00"):
        assert expected in text, expected
    assert BillingFile.objects.filter(batch=batch).count() == 2


def test_there_is_no_receipt_before_the_batch_is_received(batch):
    with pytest.raises(DomainError) as error:
        batch_receipt_html(batch=batch)

    assert error.value.field == "batch"


@pytest.mark.parametrize(("language", "side"), [("fr", "left"), ("ar", "right")])
def test_each_label_stands_before_its_value_in_the_reading_direction(batch, language, side):
    with translation.override(language):
        document = html_document(batch_slip_html(batch=batch))

    assert set(label_sides(document)) == {side}
