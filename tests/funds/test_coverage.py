"""The fund's share: the public figures of each fund."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanad.funds import coverage_rate


@pytest.mark.parametrize(
    ("care_type", "sector", "long_term", "is_drug", "rate"),
    [
        ("outpatient", "private", False, False, "0.80"),
        ("inpatient", "private", False, False, "0.90"),
        ("inpatient", "public", False, False, "1.00"),
        ("outpatient", "public", False, False, "1.00"),
        ("outpatient", "private", False, True, "0.70"),
        ("outpatient", "private", True, False, "0.95"),
        ("inpatient", "public", True, False, "1.00"),
    ],
)
def test_cnops_rates(cnops, care_type, sector, long_term, is_drug, rate):
    assert coverage_rate(cnops, care_type, sector, long_term, is_drug) == Decimal(rate)


@pytest.mark.parametrize(
    ("care_type", "sector", "long_term", "is_drug", "rate"),
    [
        ("outpatient", "private", False, False, "0.70"),
        ("inpatient", "private", False, False, "0.70"),
        ("inpatient", "public", False, False, "0.90"),
        ("outpatient", "private", False, True, "0.70"),
        ("inpatient", "private", True, False, "0.95"),
        ("outpatient", "private", True, True, "0.95"),
    ],
)
def test_cnss_rates(cnss, care_type, sector, long_term, is_drug, rate):
    assert coverage_rate(cnss, care_type, sector, long_term=long_term, is_drug=is_drug) == Decimal(rate)


def test_cnass_rates(cnass):
    assert coverage_rate(cnass, "outpatient", "public") == Decimal("0.90")
    assert coverage_rate(cnass, "inpatient", "non_profit") == Decimal("1.00")
    assert coverage_rate(cnass, "outpatient", "private") == Decimal("0")
    assert coverage_rate(cnass, "outpatient", "public", long_term=True) == Decimal("1.00")


def test_every_rate_is_an_exact_decimal_between_0_and_1(cnass, cnops, cnss):
    for profile in (cnass, cnops, cnss):
        for care_type in profile.care_types:
            for sector in ("public", "non_profit", "private"):
                rate = coverage_rate(profile, care_type.code, sector)
                assert isinstance(rate, Decimal) and Decimal(0) <= rate <= Decimal(1)


def test_an_unknown_care_type_or_sector_is_refused(cnops):
    with pytest.raises(KeyError):
        coverage_rate(cnops, "dental", "public")
    with pytest.raises(KeyError):
        coverage_rate(cnops, "outpatient", "mutual", is_drug=True)
