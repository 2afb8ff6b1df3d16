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


@pytest.fixture
def shelf(db, settings):
    """One row or two of every other table: drugs with each flag, a drug whose price changed, a device, a
    condition, the active fund's package and a protocol."""
    from sanad.catalog.models import BenefitPackageEntry, Device, Drug, LongTermCondition, TreatmentProtocol

    start = datetime.date(2020, 1, 1)
    drug = {"form": "comprimé", "public_price": Decimal("20"), "reimbursement_base": Decimal("20")}
    Drug.objects.create(
        code="MED-1",
        barcode="6111234567895",
        name="Metformine",
        direct_billing=True,
        valid_from=start,
        **drug,
    )
    Drug.objects.create(
        code="MED-2", barcode="6111000000014", name="Insuline", long_term_only=True, valid_from=start, **drug
    )
    Drug.objects.create(
        code="MED-3",
        barcode="6111000000021",
        name="Imatinib",
        costly=True,
        valid_from=start,
        valid_to=CHANGE - datetime.timedelta(days=1),
        **drug,
    )
    Drug.objects.create(
        code="MED-3",
        barcode="6111000000021",
        name="Imatinib",
        costly=True,
        valid_from=CHANGE,
        **{**drug, "public_price": Decimal("25")},
    )
    Device.objects.create(
        code="DEV-1",
        label_fr="Prothèse de hanche",
        category="prosthesis",
        package_amount=Decimal("9000"),
        valid_from=start,
    )
    Device.objects.create(
        code="DEV-2", label_fr="Lunettes", category="optical", package_amount=Decimal("400"), valid_from=start
    )
    LongTermCondition.objects.create(
        code="ALD-8",
        label_fr="Diabète",
        icd10_codes=["E10", "E11"],
        coverage_rate=Decimal("0.95"),
        valid_from=start,
    )
    fund = settings.SANAD_FUND
    for code, kind in (("MED-1", "drug"), ("DEV-1", "device"), ("CON-C", "act")):
        BenefitPackageEntry.objects.create(fund=fund, code=code, kind=kind, valid_from=start)
    BenefitPackageEntry.objects.create(fund="other", code="MED-2", kind="drug", valid_from=start)
    TreatmentProtocol.objects.create(
        diagnosis="E11", label="Diabète de type 2", expected_codes=["CON-C", "MED-1", "XXX"], valid_from=start
    )
