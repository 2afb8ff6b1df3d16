"""Contributions collected by payment channel (seed 003: cash, mobile payment, bank transfer, cheque)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.reports.compute import contributions
from sanad.reports.indicators import indicator
from sanad.reports.models import Figure
from tests.reports.test_clocks_rows import computed, contribution, member

DAY = datetime.date(2026, 4, 2)


@pytest.fixture
def payments(db):
    north, south = member("MR-01"), member("MR-02")
    return [
        contribution(holder=north, method="cash", amount="1200.00", paid_on=DAY),
        contribution(holder=north, method="cash", amount="300.50", paid_on=DAY),
        contribution(holder=south, method="cash", amount="99.99", paid_on=DAY),
        contribution(holder=south, method="mobile_money", amount="450.00", paid_on=DAY),
        # Voided or replaced: they open no rights and are not collected.
        contribution(holder=north, method="cheque", amount="5000.00", paid_on=DAY, status="voided"),
        contribution(holder=north, method="cash", amount="10.00", paid_on=DAY, status="replaced"),
        # Another day's payment.
        contribution(holder=north, method="cash", amount="7.00", paid_on=DAY - datetime.timedelta(days=1)),
    ]


def test_collected_sums_the_day_s_recorded_payments_by_channel_and_region(payments, monkeypatch):
    computed(monkeypatch, DAY, contributions)
    rows = {
        (f.region, f.key): (f.count, f.amount)
        for f in Figure.objects.filter(indicator="contributions_collected", day=DAY, grain="day")
    }
    assert rows == {
        ("MR-01", "cash"): (2, Decimal("1500.50")),
        ("MR-02", "cash"): (1, Decimal("99.99")),
        ("MR-02", "mobile_money"): (1, Decimal("450.00")),
    }


def test_the_month_adds_up_its_days(payments, monkeypatch):
    computed(monkeypatch, DAY, contributions)
    computed(monkeypatch, DAY - datetime.timedelta(days=1), contributions)
    month = Figure.objects.get(
        indicator="contributions_collected", grain="month", day=DAY.replace(day=1), region="MR-01", key="cash"
    )
    assert (month.count, month.amount) == (3, Decimal("1507.50"))


def test_a_channel_is_shown_in_the_reader_s_words(db):
    label = indicator("contributions_collected").key_label
    assert [label(k) for k in ("cash", "mobile_money", "bank_transfer", "cheque")] == [
        "Espèces",
        "Paiement mobile",
        "Virement bancaire",
        "Chèque",
    ]
