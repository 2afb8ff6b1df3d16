"""Plain words on paper (issue 15): the care sheet, the transmittal slip, the fund's receipt of a batch and
the receipt of a reimbursement filing show, in French and in Arabic, no ISO date, no enum value or other
internal code, and no database id. Each paper's text is read back from the PDF itself and checked with the
page scan's own detectors; the ids of the paper's own records are moved far from any figure the paper
prints (quantities, amounts, serials), so that any of them showing would be seen."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from sanad.catalog.models import Act, BenefitPackageEntry, KeyLetterValue
from sanad.claims.models import Batch, BillingFile, CareSheet, CareSheetLine, FileDecision
from sanad.claims.pdf_sheet import care_sheet_pdf
from sanad.claims.selectors.batches import batch_receipt_pdf, batch_slip_pdf
from sanad.claims.services.batches import batch_create, batch_files_add, batch_receive, batch_submit
from sanad.claims.services.reimbursements import reimbursement_register
from sanad.common.permissions import Role
from sanad.providers.models import Facility, FacilityStaff
from sanad.registry.models import Dependant, Member
from tests.claims.batches.conftest import draft_make
from tests.claims.complaints import conftest as cnss
from tests.claims.conftest import make_member
from tests.claims.far_ids import ids_shown, ids_start_at
from tests.web.plain_words import Text, offences

LANGUAGES = ("fr", "ar")
# What a paper must never show. An Arabic paper's text comes back from the PDF without the marks that tell
# a facility's French name (data) from a missed translation: words left in French are looked for on French
# papers only (English words there), where nothing is foreign data.
_KINDS = frozenset(
    {"ISO date", "month-first date", "enum value", "code", "database id", "JSON", "Python value", "fund code"}
)
_KINDS_IN = {"fr": _KINDS | {"untranslated"}, "ar": _KINDS}
# The tables the papers draw from.
_TABLES = (CareSheet, CareSheetLine, BillingFile, Batch, FileDecision, Member, Dependant, Facility)
SUBMITTED = datetime.date(2026, 4, 1)
RECEIVED = datetime.date(2026, 4, 6)


@pytest.fixture
def far_ids(db):
    ids_start_at(_TABLES)


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def assert_plain(text: str, language: str, ids: list[int]) -> None:
    """No offence of the page scan's kinds, and none of the records' ids standing alone."""
    found = [str(o) for o in offences(Text(text, text), language) if o.kind in _KINDS_IN[language]]
    shown = ids_shown(text, ids)
    assert not found and not shown, (found, shown, text[:1500])


def ids_of(billing_file: BillingFile) -> list[int]:
    sheet = billing_file.care_sheet
    ids = [billing_file.pk, sheet.pk, sheet.member_id or sheet.dependant_id, billing_file.facility_id]
    ids += [line.pk for line in sheet.lines.all()]
    ids += list(billing_file.decisions.values_list("pk", flat=True))
    return [pk for pk in ids if pk]


# ---- The facility's papers ---------------------------------------------------------------------------------


@pytest.fixture
def batch(far_ids, make_user, centre, tariff, checker):
    """A batch of the centre, submitted then received: two consultations for two members."""
    desk = make_user("mohamed", Role.FACILITY_STAFF, first_name="Mohamed")
    FacilityStaff.objects.create(user=desk, facility=centre)
    batch = batch_create(actor=desk, group="outpatient", on=SUBMITTED)
    files = [
        draft_make(centre, make_member(), invoice="FA-2026-001"),
        draft_make(centre, make_member(), billed=Decimal("2500.00"), invoice="FA-2026-002"),
    ]
    batch_files_add(actor=desk, batch_id=batch.pk, file_ids=[f.pk for f in files])
    batch_submit(actor=desk, batch_id=batch.pk, on=SUBMITTED)
    return batch_receive(actor=checker, batch_id=batch.pk, received_on=RECEIVED, today=RECEIVED)


def _batch_ids(batch: Batch) -> list[int]:
    return [batch.pk, *(pk for f in batch.files.all() for pk in ids_of(f))]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_care_sheet_is_in_plain_words(far_ids, bill, covered_member, language):
    billing_file = bill(covered_member, invoice="FA-2026-010")

    with translation.override(language):
        text = pdf_text(care_sheet_pdf(billing_file.care_sheet))

    assert "FA-2026-010" in text or billing_file.care_sheet.facility.code in text
    assert "10/03/2026" in text
    assert_plain(text, language, ids_of(billing_file))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_transmittal_slip_is_in_plain_words(batch, language):
    with translation.override(language):
        text = pdf_text(batch_slip_pdf(batch=batch))

    assert "FA-2026-001" in text and batch.number in text
    assert_plain(text, language, _batch_ids(batch))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_funds_receipt_of_a_batch_is_in_plain_words(batch, language):
    with translation.override(language):
        text = pdf_text(batch_receipt_pdf(batch=batch))

    assert batch.receipt_number in text and "06/04/2026" in text
    assert_plain(text, language, _batch_ids(batch))


# ---- The insured person's paper (a fund that refunds its insured: CNSS) ----------------------------------


@pytest.fixture
def reimbursed(far_ids, settings, tmp_path, make_user):
    """A consultation at a private clinic, paid by the insured and filed at a branch counter; its agent."""
    settings.SANAD_FUND = cnss.FUND
    settings.MEDIA_ROOT = tmp_path / "media"
    KeyLetterValue.objects.create(letter="C", value=cnss.CONSULTATION, valid_from=cnss.START)
    Act.objects.create(
        code="CON-C",
        label_fr="Consultation",
        label_ar="استشارة",
        category="consultation",
        key_letter="C",
        coefficient=Decimal("1"),
        valid_from=cnss.START,
    )
    BenefitPackageEntry.objects.create(fund=cnss.FUND, code="CON-C", kind="act", valid_from=cnss.START)
    agent = make_user("agent", Role.COUNTER_AGENT, first_name="Alice")
    member = cnss.make_member()
    billing_file = reimbursement_register(
        actor=agent,
        sheet=cnss.sheet_for(cnss.clinic_create(), member=member),
        receipt_number="RC-2026-0042",
        scans=[cnss.receipt_scan()],
        submitted_via="branch",
        on=cnss.TODAY,
    )
    return agent, billing_file


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_receipt_of_a_reimbursement_filing_is_in_plain_words(client, reimbursed, language):
    agent, billing_file = reimbursed
    client.force_login(agent)

    answer = client.get(
        reverse("claims:reimbursement_receipt", args=[billing_file.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    text = pdf_text(answer.content)

    assert "RC-2026-0042" in text
    assert str(billing_file.pk) not in answer["Content-Disposition"]
    assert_plain(text, language, ids_of(billing_file))
