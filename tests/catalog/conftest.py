"""Catalog fixtures: a small dated tariff, enough to price acts before, on and after a change."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sanad.catalog.models import Act, KeyLetterValue

CHANGE = datetime.date(2025, 7, 1)


@pytest.fixture
def tariff(db):
    """C is worth 80 until 30 June 2025 and 90 from 1 July; public hospitals value it at 60 throughout."""
    KeyLetterValue.objects.create(
        letter="C",
        value=Decimal("80"),
        valid_from=datetime.date(2020, 1, 1),
        valid_to=CHANGE - datetime.timedelta(days=1),
    )
    KeyLetterValue.objects.create(letter="C", value=Decimal("90"), valid_from=CHANGE)
    KeyLetterValue.objects.create(
        letter="C", sector="public", value=Decimal("60"), valid_from=datetime.date(2020, 1, 1)
    )
    KeyLetterValue.objects.create(letter="KC", value=Decimal("22.50"), valid_from=datetime.date(2020, 1, 1))
    return {
        "consultation": Act.objects.create(
            code="CON-C",
            label_fr="Consultation",
            category="consultation",
            key_letter="C",
            coefficient=Decimal("1"),
            valid_from=datetime.date(2020, 1, 1),
        ),
        "appendectomy": Act.objects.create(
            code="CHI-APP",
            label_fr="Appendicectomie",
            category="surgery",
            key_letter="KC",
            coefficient=Decimal("50"),
            valid_from=datetime.date(2020, 1, 1),
        ),
        "intensive_care": Act.objects.create(
            code="REA-JOU",
            label_fr="Journée de réanimation",
            category="intensive_care",
            package_price=Decimal("1200.00"),
            valid_from=datetime.date(2020, 1, 1),
        ),
    }
