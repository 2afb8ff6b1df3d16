"""What the desk reads once when it opens and bills a sheet keeps every rule: the facility's agreement start
(its first agreement period or direct-billing grant, whichever came first), the invoice number unique per
facility (refused by the insert, with the same message), and the preview stored on the draft (the engine's
decision the file's page shows)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation

from sanad.claims.models import BillingFile
from sanad.claims.selectors.facility import (
    billing_file_preview,
    billing_file_preview_decision,
    billing_files_by_invoice,
    facility_agreement_start,
)
from sanad.claims.services.register import (
    LineInput,
    billing_file_create,
    care_sheet_open,
    invoice_number_check,
)
from sanad.common.errors import DomainError, ErrorCode
from sanad.providers.models import DirectBillingAccess, DirectBillingEvent, Facility
from tests.claims.conftest import CARE_DAY, CONSULTATION
from tests.claims.desk.conftest import ON, family, sheet

GRANTED_ON = datetime.date(2023, 6, 1)  # before the centre's agreement (1 January 2024)


def _grant(facility: Facility, on: datetime.date, to_status: str = "granted") -> None:
    access = DirectBillingAccess.objects.create(facility=facility, status=to_status, applied_on=on)
    DirectBillingEvent.objects.create(
        access=access, on=on, action="direct_billing_grant", from_status="applied", to_status=to_status
    )


@pytest.fixture
def opened(clerk, centre, shelf):
    lines = [
        LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=CARE_DAY),
        LineInput(kind="act", code="LAB-NFS", billed=Decimal("400"), service_date=CARE_DAY),
    ]
    return care_sheet_open(actor=clerk, sheet=sheet(family(), centre, lines=lines))


def test_agreement_start_is_the_first_agreement_period(centre):
    assert facility_agreement_start(facility_id=centre.pk) == datetime.date(2024, 1, 1)


def test_agreement_start_is_an_earlier_direct_billing_grant(centre):
    _grant(centre, GRANTED_ON)

    assert facility_agreement_start(facility_id=centre.pk) == GRANTED_ON


def test_agreement_start_ignores_what_is_not_a_grant(centre):
    _grant(centre, GRANTED_ON, to_status="refused")

    assert facility_agreement_start(facility_id=centre.pk) == datetime.date(2024, 1, 1)


def test_agreement_start_of_a_facility_with_neither_is_none(db):
    facility = Facility.objects.create(
        code="CS-NONE",
        name_fr="Sans convention",
        kind="health_centre",
        sector="public",
        level="health_centre",
        region="MR-12",
    )

    assert facility_agreement_start(facility_id=facility.pk) is None


def test_a_taken_invoice_number_is_refused_with_the_checks_message(clerk, centre, tariff, opened):
    billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-9", on=ON)
    second = care_sheet_open(actor=clerk, sheet=sheet(family(), centre))

    with translation.override("en"):
        with pytest.raises(DomainError) as caught:
            billing_file_create(actor=clerk, care_sheet_id=second.pk, invoice_number=" F-9 ", on=ON)
        with pytest.raises(DomainError) as checked:
            invoice_number_check(facility_id=centre.pk, invoice_number="F-9")

    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "invoice_number")
    assert caught.value.message == checked.value.message
    assert BillingFile.objects.filter(invoice_number="F-9").count() == 1


def test_a_taken_invoice_number_leaves_the_transaction_usable(clerk, centre, tariff, opened):
    billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-9", on=ON)
    second = care_sheet_open(actor=clerk, sheet=sheet(family(), centre))

    with transaction.atomic():
        with pytest.raises(DomainError):
            billing_file_create(actor=clerk, care_sheet_id=second.pk, invoice_number="F-9", on=ON)
        billed = billing_file_create(actor=clerk, care_sheet_id=second.pk, invoice_number="F-10", on=ON)

    assert billed.invoice_number == "F-10"


def test_an_empty_or_too_long_invoice_number_is_refused_before_billing(clerk, opened):
    for number, code in (("  ", ErrorCode.REQUIRED), ("F" * 41, ErrorCode.INVALID)):
        with pytest.raises(DomainError) as caught:
            billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number=number, on=ON)
        assert (caught.value.code, caught.value.field) == (code, "invoice_number")
    assert not BillingFile.objects.exists()


def test_the_stored_preview_is_the_decision_of_the_files_page(clerk, opened):
    billing_file = billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-1", on=ON)

    assert billing_file_preview_decision(file_id=billing_file.pk, on=ON) == (
        billing_file_preview(file_id=billing_file.pk, on=ON).decision
    )


def test_the_preview_of_a_missing_file_is_not_found(db):
    with pytest.raises(DomainError) as caught:
        billing_file_preview_decision(file_id=10**9, on=ON)

    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "billing_file")


def test_files_by_invoice_are_the_facilitys_own_newest_first(clerk, other_clerk, hospital, tariff, opened):
    mine = billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-5", on=ON)
    elsewhere = care_sheet_open(actor=other_clerk, sheet=sheet(family(), hospital))
    theirs = billing_file_create(actor=other_clerk, care_sheet_id=elsewhere.pk, invoice_number="F-5", on=ON)

    assert billing_files_by_invoice(user=clerk, invoice_number=" F-5 ") == [mine]
    assert billing_files_by_invoice(user=other_clerk, invoice_number="F-5") == [theirs]
    assert billing_files_by_invoice(user=clerk, invoice_number="F-6") == []
    assert billing_files_by_invoice(user=clerk, invoice_number="  ") == []
    assert billing_files_by_invoice(user=clerk, invoice_number="F-5", limit=1)[0].facility == mine.facility


def test_fund_staff_find_every_facilitys_file_by_invoice(
    checker, clerk, other_clerk, hospital, tariff, opened
):
    mine = billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-5", on=ON)
    elsewhere = care_sheet_open(actor=other_clerk, sheet=sheet(family(), hospital))
    theirs = billing_file_create(actor=other_clerk, care_sheet_id=elsewhere.pk, invoice_number="F-5", on=ON)

    assert billing_files_by_invoice(user=checker, invoice_number="F-5") == [theirs, mine]
    assert billing_files_by_invoice(user=checker, invoice_number="F-5", limit=1) == [theirs]
