"""The billing file: a draft from a care sheet at the desk (invoice number unique per facility, the engine's
preview of the shares), or a received file registered by the fund with its processing clock."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.claims.models import BillingFile
from sanad.claims.selectors.facility import billing_file_preview
from sanad.claims.services import register
from sanad.claims.services.register import (
    LineInput,
    billing_file_create,
    billing_file_register,
    care_sheet_open,
)
from sanad.claims.statuses import FileStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.claims.conftest import CARE_DAY, CONSULTATION, RECEIVED
from tests.claims.desk.conftest import ON, family, sheet


@pytest.fixture
def member(db):
    return family()


@pytest.fixture
def opened(clerk, centre, shelf, member):
    """A consultation (1,000) and a blood count at B 40 (400) on CARE_DAY."""
    lines = [
        LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=CARE_DAY),
        LineInput(kind="act", code="LAB-NFS", billed=Decimal("400"), service_date=CARE_DAY),
    ]
    return care_sheet_open(actor=clerk, sheet=sheet(member, centre, lines=lines))


def test_a_billing_file_from_a_care_sheet_is_a_draft_of_the_clerk(clerk, opened):
    billing_file = billing_file_create(
        actor=clerk, care_sheet_id=opened.pk, invoice_number=" F-2026-001 ", on=ON
    )

    assert (billing_file.status, billing_file.invoice_number) == (FileStatus.DRAFT, "F-2026-001")
    assert (billing_file.created_by, billing_file.facility_id) == (clerk, opened.facility_id)
    assert (billing_file.received_on, billing_file.due_on, billing_file.batch) == (None, None, None)
    event = AuditEvent.objects.get(action="billing_file_create", object_id=str(billing_file.pk))
    assert (event.actor, event.after["status"]) == (clerk, "draft")


def test_preview_shares_add_up_to_the_billed_amount(clerk, opened):
    billing_file = billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-1", on=ON)

    # CNASS pays 90 % of outpatient care in the public sector: 1,260 of 1,400.
    billing_file.refresh_from_db()
    assert (billing_file.preview_fund_share, billing_file.preview_patient_share) == (
        Decimal("1260.00"),
        Decimal("140.00"),
    )
    preview = billing_file_preview(file_id=billing_file.pk, on=ON)
    assert preview.received_on == ON
    for line, result in preview.lines:
        assert result.fund_share + result.patient_share == result.billed == line.billed
    assert [result.fund_share for _line, result in preview.lines] == [Decimal("900.00"), Decimal("360.00")]


def test_invoice_number_is_unique_per_facility(clerk, other_clerk, centre, hospital, tariff, opened):
    billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-7", on=ON)
    second = care_sheet_open(actor=clerk, sheet=sheet(family(), centre))
    elsewhere = care_sheet_open(actor=other_clerk, sheet=sheet(family(), hospital))

    with pytest.raises(DomainError) as caught:
        billing_file_create(actor=clerk, care_sheet_id=second.pk, invoice_number="F-7", on=ON)
    other = billing_file_create(actor=other_clerk, care_sheet_id=elsewhere.pk, invoice_number="F-7", on=ON)

    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "invoice_number")
    assert other.invoice_number == "F-7"
    assert not BillingFile.objects.filter(care_sheet=second).exists()


def test_a_care_sheet_is_billed_once(clerk, opened):
    billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-1", on=ON)

    with pytest.raises(DomainError) as caught:
        billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-2", on=ON)

    assert caught.value.code == ErrorCode.CONFLICT
    assert BillingFile.objects.count() == 1


def test_another_facility_does_not_bill_the_sheet(other_clerk, opened):
    with pytest.raises(DomainError) as caught:
        billing_file_create(actor=other_clerk, care_sheet_id=opened.pk, invoice_number="F-1", on=ON)

    assert caught.value.code == ErrorCode.FORBIDDEN
    assert not BillingFile.objects.exists()


def test_no_partial_data_when_the_preview_fails(clerk, opened, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the engine is unavailable")

    monkeypatch.setattr(register, "billing_file_preview_decision", broken)

    with pytest.raises(RuntimeError):
        billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-1", on=ON)

    assert not BillingFile.objects.exists()


def test_the_fund_registers_a_received_file_with_its_processing_clock(centre, tariff, member):
    billing_file = billing_file_register(
        actor=None, sheet=sheet(member, centre), invoice_number="P-1", received_on=RECEIVED
    )

    assert (billing_file.status, billing_file.received_on) == (FileStatus.RECEIVED, RECEIVED)
    # CNASS processes a file within 30 calendar days of its receipt (seed 000).
    assert billing_file.due_on == RECEIVED + datetime.timedelta(days=30)
    assert billing_file.preview_fund_share is None


def test_the_fund_path_keeps_the_invoice_number_unique_too(centre, tariff, member):
    billing_file_register(actor=None, sheet=sheet(member, centre), invoice_number="P-1", received_on=RECEIVED)

    with pytest.raises(DomainError) as caught:
        billing_file_register(
            actor=None, sheet=sheet(member, centre), invoice_number="P-1", received_on=RECEIVED
        )

    assert caught.value.field == "invoice_number"
    assert BillingFile.objects.count() == 1
