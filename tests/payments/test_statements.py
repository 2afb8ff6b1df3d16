"""A facility's statement of a settlement run: files paid by invoice number, billed, accepted, rejected
with their reasons in words, penalties and recoveries, in French and Arabic; a facility reads only its own."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from sanad.claims.models import LineOutcome
from sanad.common.permissions import Role
from sanad.payments.models import PaymentOrder
from sanad.payments.services import (
    bank_file_issue,
    settlement_run_approve,
    settlement_run_gather,
    settlement_run_start,
)
from sanad.payments.statements.papers import statement_pdf, statement_xlsx
from sanad.payments.statements.selectors import statement_of
from sanad.providers.models import FacilityStaff
from tests.payments.conftest import RECEIVED, TODAY, validated_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(officer, approver, centre, rib_centre):
    validated_file(
        centre, billed="1000.00", fund_share="800.00", rejected_line=("150.00", "not_in_benefit_package")
    )
    validated_file(centre, billed="500.00", fund_share="400.00")
    # The engine's finding as it stores it, with the parameters its words need.
    LineOutcome.objects.update(
        findings=[
            {
                "code": "not_in_benefit_package",
                "rule": "benefit_package",
                "params": {"code": "CON-C", "date": "2026-03-23"},
            }
        ]
    )
    validated_file(rib_centre, billed="250.00", fund_share="200.00")
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    run = settlement_run_gather(run_id=run.pk)
    return run


def order_of(facility):
    return PaymentOrder.objects.select_related("run", "facility").get(facility=facility)


@pytest.fixture
def centre_staff(make_user, centre):
    user = make_user("salka", Role.FACILITY_STAFF, first_name="Salka")
    FacilityStaff.objects.create(user=user, facility=centre)
    return user


def workbook_values(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]


def test_a_statement_lists_the_files_paid_by_invoice_number_with_their_amounts_and_reasons(run, centre):
    order = order_of(centre)

    with translation.override("fr"):
        statement = statement_of(order=order, today=TODAY)

    assert sorted(f.invoice_number for f in statement.files) == sorted(
        order.settled_files.values_list("billing_file__invoice_number", flat=True)
    )
    assert sum(f.billed for f in statement.files) == order.billed == Decimal("1500.00")
    assert sum(f.fund_share for f in statement.files) == order.fund_share == Decimal("1200.00")
    assert statement.rejected == Decimal("150.00")
    (reason,) = statement.reasons
    assert (reason.lines, reason.billed) == (1, Decimal("150.00"))
    (refused,) = [f for f in statement.files if f.rejected]
    assert refused.reasons and "CON-C" in refused.reasons[0]
    assert "not_in_benefit_package" not in refused.reasons[0] + reason.text
    # Recoveries: none yet, shown as a line of zero.
    assert statement.recovered == Decimal("0.00")
    assert statement.net == order.fund_share


def test_fund_share_plus_patient_share_equals_billed_on_every_file_of_a_statement(run, centre):
    statement = statement_of(order=order_of(centre), today=TODAY)

    for item in statement.files:
        assert item.fund_share + item.patient_share == item.billed


def test_the_statement_papers_come_in_french_and_arabic(run, centre):
    order = order_of(centre)
    for language in ("fr", "ar"):
        with translation.override(language):
            statement = statement_of(order=order, today=TODAY)
            pdf, xlsx = statement_pdf(statement), statement_xlsx(statement)
            assert pdf.startswith(b"%PDF")
            values = workbook_values(xlsx)
        invoices = {f.invoice_number for f in statement.files}
        assert invoices <= set(values)
        assert Decimal("150.00") in values
    with translation.override("ar"):
        book = openpyxl.load_workbook(io.BytesIO(statement_xlsx(statement_of(order=order, today=TODAY))))
    assert all(sheet.sheet_view.rightToLeft for sheet in book)


def test_facility_staff_read_only_their_own_facilitys_statements(
    client, run, approver, centre, rib_centre, centre_staff
):
    client.force_login(centre_staff)
    mine, other = order_of(centre), order_of(rib_centre)
    # Prepared, not approved yet: the run may still be cancelled, the facility does not see it.
    assert client.get(reverse("payments:statement_download", args=[mine.pk, "pdf"])).status_code == 404
    settlement_run_approve(actor=approver, run_id=run.pk)

    listed = client.get(reverse("payments:statement_list"))
    mine_pdf = client.get(reverse("payments:statement_download", args=[mine.pk, "pdf"]))
    other_pdf = client.get(reverse("payments:statement_download", args=[other.pk, "pdf"]))

    assert listed.status_code == 200
    assert f'data-order="{mine.pk}"' in listed.text and f'data-order="{other.pk}"' not in listed.text
    assert mine_pdf.status_code == 200 and mine_pdf["Content-Type"] == "application/pdf"
    assert other_pdf.status_code == 404


def test_a_counter_agent_reads_no_statement(client, run, alice):
    client.force_login(alice)

    assert client.get(reverse("payments:statement_list")).status_code == 403


def test_the_finance_officer_downloads_a_statement_from_the_run_page(client, run, officer, centre):
    client.force_login(officer)
    order = order_of(centre)

    page = client.get(reverse("payments:run_detail", args=[run.pk]))
    xlsx = client.get(reverse("payments:statement_download", args=[order.pk, "xlsx"]))

    assert reverse("payments:statement_download", args=[order.pk, "pdf"]) in page.text
    assert xlsx.status_code == 200
    assert order.settled_files.first().billing_file.invoice_number in workbook_values(xlsx.content)


def test_a_paid_statement_shows_the_days_from_receipt_to_payment(run, officer, approver, centre):
    settlement_run_approve(actor=approver, run_id=run.pk)
    bank_file_issue(actor=officer, run_id=run.pk, on=TODAY)
    order = order_of(centre)
    PaymentOrder.objects.filter(pk=order.pk).update(status="paid", paid_on=TODAY)
    order.refresh_from_db()

    statement = statement_of(order=order, today=TODAY.replace(day=30))

    assert {(f.clock.days, f.clock.paid) for f in statement.files} == {((TODAY - RECEIVED).days, True)}
