"""The finance officer's money lists (issue 20): payments made, sums recovered, files still to pay; their
filters (period, days from receipt) with bounds checked beside the field, their pages by key across the two
kinds of rows, their exports, and who may open them."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from sanad.common.permissions import Role
from sanad.payments.models import Supplement
from sanad.payments.selectors.paid_lists import MoneyFilters, payment_list_paid
from sanad.payments.views.paid_lists import PaidFilterForm, RecoveredFilterForm
from tests.reports.test_claims_figures import DAY, decided_file, facility, paid_run

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2026, 4, 20)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def paid(db):
    """Three files paid on DAY in one order and a supplement in it; one file paid the day before."""
    centre = facility("CS-A")
    files = [decided_file(centre, received_on=APRIL, decided_on=datetime.date(2026, 5, 1)) for _ in range(3)]
    order = paid_run(files, paid_on=DAY)
    Supplement.objects.create(
        billing_file=files[0].billing_file,
        decision=files[0],
        run=order.run,
        order=order,
        paid=Decimal("800.00"),
        now_due=Decimal("850.00"),
        amount=Decimal("50.00"),
    )
    before = decided_file(centre, received_on=APRIL, decided_on=datetime.date(2026, 5, 1))
    paid_run([before], paid_on=DAY - datetime.timedelta(days=1))
    return files


def test_the_pages_of_payments_follow_one_another_by_day_kind_and_id_without_a_gap(paid, manager):
    filters = MoneyFilters()
    seen, after = [], ""
    while True:
        page = payment_list_paid(user=manager, filters=filters, after=after, size=2)
        seen.extend((r.day, r.kind, r.pk) for r in page.rows)
        if not page.next_after:
            break
        after = page.next_after
    assert len(seen) == 5 == len(set(seen))
    assert seen == sorted(seen, key=lambda r: (r[0], r[1] != "file", r[2]))
    assert seen[0][0] == DAY - datetime.timedelta(days=1) and seen[-1][1] == "supplement"


def test_a_payment_list_filtered_by_kind_keeps_that_kind(paid, manager):
    files = payment_list_paid(user=manager, filters=MoneyFilters(start=DAY, end=DAY, kind="file")).rows
    assert [r.billing_file for r in files] == [d.billing_file for d in paid]
    supplements = payment_list_paid(user=manager, filters=MoneyFilters(kind="supplement")).rows
    assert [r.amount for r in supplements] == [Decimal("50.00")]


def test_the_days_from_receipt_to_payment_keep_the_settled_files_within_them(paid, manager):
    rows = payment_list_paid(user=manager, filters=MoneyFilters(days_from=22, days_to=22)).rows
    assert {(r.kind, r.day) for r in rows} == {("file", DAY)}
    assert len(rows) == 3
    assert payment_list_paid(user=manager, filters=MoneyFilters(days_from=23)).rows == []


def test_a_period_ending_before_its_start_is_refused_beside_its_end():
    form = PaidFilterForm({"start": "2026-05-12", "end": "2026-05-01"})
    assert not form.is_valid() and list(form.errors) == ["end"]
    assert form.filters() == MoneyFilters()  # a form with errors filters nothing
    form = PaidFilterForm({"days_from": "30", "days_to": "10"})
    assert not form.is_valid() and list(form.errors) == ["days_to"]
    form = RecoveredFilterForm({"start": "2026-05-12", "end": "2026-05-11"})
    assert not form.is_valid() and list(form.errors) == ["end"]


def test_the_page_names_the_field_in_error(client, manager):
    client.force_login(manager)
    response = client.get(reverse("payments:paid_list"), {"start": "2026-05-12", "end": "2026-05-01"})
    assert response.status_code == 200
    assert b'data-field="end"' in response.content


def test_the_export_of_the_payments_holds_the_page_s_rows(paid, client, manager):
    client.force_login(manager)
    response = client.get(reverse("payments:paid_list"), {"start": DAY, "end": DAY, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + 4
    assert sorted(row[-1] for row in rows[1:]) == ["50.00", "800.00", "800.00", "800.00"]
    assert rows[1][1] == "CS-A"


def test_the_lists_are_the_fund_s_finance_not_a_facility_s(client, make_user):
    staff = make_user("fatimetou", Role.FACILITY_STAFF)
    client.force_login(staff)
    for name in ("payments:paid_list", "payments:recovered_list", "payments:payables_list"):
        assert client.get(reverse(name)).status_code == 403
    client.force_login(make_user("sidi", Role.FINANCE_OFFICER))
    for name in ("payments:paid_list", "payments:recovered_list", "payments:payables_list"):
        assert client.get(reverse(name)).status_code == 200
