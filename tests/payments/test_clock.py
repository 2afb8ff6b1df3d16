"""The processing clock from receipt to payment (seed 000: 30 days from receipt; the profile's claims
processing clock sets each file's due date) and the list of validated files unpaid past it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse

from sanad.payments.models import PaymentOrder
from sanad.payments.services import settlement_run_gather, settlement_run_start
from sanad.payments.statements.clock import (
    OverdueFilters,
    files_unpaid_overdue,
    overdue_totals,
    processing_clock,
)
from tests.payments.conftest import RECEIVED, TODAY, validated_file

pytestmark = pytest.mark.django_db
LATE = RECEIVED + datetime.timedelta(days=45)


def test_the_clock_runs_from_receipt_to_payment_then_stops():
    due = RECEIVED + datetime.timedelta(days=30)

    paid = processing_clock(
        received_on=RECEIVED, due_on=due, paid_on=RECEIVED + datetime.timedelta(days=20), today=LATE
    )
    running = processing_clock(received_on=RECEIVED, due_on=due, paid_on=None, today=LATE)

    assert (paid.days, paid.paid, paid.late) == (20, True, False)
    assert (running.days, running.paid, running.late) == (45, False, True)


def test_validated_files_unpaid_past_the_processing_time_are_listed(officer, centre, rib_centre):
    # Received the day before the run's period: not settled by it.
    unsettled = validated_file(centre, received_on=RECEIVED - datetime.timedelta(days=1))
    settled_unpaid = validated_file(rib_centre)
    paid = validated_file(centre, billed="500.00", fund_share="400.00")
    recent = validated_file(centre, received_on=LATE - datetime.timedelta(days=2))
    validated_file(centre, status="rejected")
    run = settlement_run_start(actor=officer, period_start=RECEIVED, period_end=RECEIVED, on=TODAY)
    settlement_run_gather(run_id=run.pk)
    PaymentOrder.objects.filter(facility=centre).update(status="paid", paid_on=TODAY)

    listed = set(files_unpaid_overdue(today=LATE, filters=OverdueFilters()))

    assert listed == {unsettled, settled_unpaid}
    assert paid not in listed and recent not in listed
    assert set(files_unpaid_overdue(today=LATE, filters=OverdueFilters(facility="CS-002"))) == {
        settled_unpaid
    }
    assert overdue_totals(today=LATE)[0] == 2


def test_the_overdue_page_filters_and_exports_csv(client, officer, centre, rib_centre, settings):
    # Received long ago: past due whatever today is.
    old = datetime.date(2024, 1, 2)
    validated_file(centre, received_on=old)
    late = validated_file(rib_centre, received_on=old)
    client.force_login(officer)

    page = client.get(reverse("payments:overdue_list"), {"facility": "CS-002"})
    csv = client.get(reverse("payments:overdue_list"), {"facility": "CS-002", "export": "csv"})

    assert page.status_code == 200 and late.invoice_number in page.text
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    lines = [line for line in io.StringIO(text).read().splitlines() if line]
    assert len(lines) == 2 and late.invoice_number in lines[1]


def test_facility_staff_do_not_read_the_overdue_list(client, alice):
    client.force_login(alice)

    assert client.get(reverse("payments:overdue_list")).status_code == 403


def test_the_finance_officers_home_shows_settlement_at_a_glance(client, officer, centre):
    validated_file(centre, billed="1000.00", fund_share="800.00", received_on=datetime.date(2024, 1, 2))
    client.force_login(officer)

    page = client.get("/")

    assert page.status_code == 200
    assert 'id="settlement"' in page.text
    assert reverse("payments:overdue_list") in page.text
