import datetime
from decimal import Decimal

import pytest

from sanad.adjudication import ActRef, CareType, DeviceRef, DrugRef, Sector
from sanad.catalog.demo import catalog_build
from sanad.catalog.engine_rules import profile_rules
from sanad.catalog.models import (
    Act,
    BenefitPackageEntry,
    CoverageRate,
    Drug,
    KeyLetterValue,
    TreatmentProtocol,
    in_force,
)
from sanad.catalog.snapshot import reference_snapshot
from sanad.common.demo import DemoContext
from sanad.common.errors import DomainError
from sanad.funds import load_profile

YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


@pytest.fixture
def cnops_catalog(db):
    catalog_build(DemoContext(profile=load_profile("cnops-ma"), seed=5, members=0), acts=120, drugs=80)


def test_the_snapshot_matches_the_database(cnops_catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        snapshot = reference_snapshot(fund="cnops-ma", start=YEAR[0], end=YEAR[1])

    day = datetime.date(2025, 6, 1)
    for act in Act.objects.filter(in_force(day)):
        ref = snapshot.item(act.code, day)
        assert isinstance(ref, ActRef)
        assert (ref.key_letter or "", ref.coefficient, ref.package_price) == (
            act.key_letter,
            act.coefficient,
            act.package_price,
        )
        assert (ref.category, ref.max_per_day, ref.needs_prior_approval) == (
            act.category,
            act.max_per_day,
            act.needs_prior_approval,
        )
        assert ref.facility_kinds == (frozenset(act.facility_kinds) if act.facility_kinds else None)
    for drug in Drug.objects.all():
        ref = snapshot.item(drug.code, day)
        assert isinstance(ref, DrugRef) and ref.base_price == drug.reimbursement_base
        assert ("costly" in ref.flags) == drug.costly
    assert all(isinstance(snapshot.item(c, day), DeviceRef) for c in ("DM-PTH", "DM-MON"))
    letters = {(v.letter, v.value) for v in KeyLetterValue.objects.filter(in_force(day), sector="")}
    assert {(k, rows[-1].value) for k, rows in snapshot.key_letters.items()} == letters
    assert set(snapshot.package) == set(
        BenefitPackageEntry.objects.filter(fund="cnops-ma").values_list("code", flat=True)
    )
    assert snapshot.protocols["E11"] == frozenset(
        TreatmentProtocol.objects.get(diagnosis="E11").expected_codes
    )


def test_the_snapshot_leaves_out_rows_not_in_force_in_the_range(cnops_catalog):
    Act.objects.create(
        code="OLD",
        label_fr="old",
        category="other",
        package_price=1,
        valid_from=datetime.date(2010, 1, 1),
        valid_to=datetime.date(2015, 1, 1),
    )
    snapshot = reference_snapshot(fund="cnops-ma", start=YEAR[0], end=YEAR[1])

    assert "OLD" not in snapshot.items
    assert len(snapshot.key_letters["CS"]) == 1  # the former value ended in 2019


def test_the_snapshot_uses_a_sector_own_key_letter_values(cnops_catalog):
    KeyLetterValue.objects.create(
        letter="C", sector="public", value=Decimal("60"), valid_from=datetime.date(2020, 1, 1)
    )

    public = reference_snapshot(fund="cnops-ma", start=YEAR[0], end=YEAR[1], sector="public")
    private = reference_snapshot(fund="cnops-ma", start=YEAR[0], end=YEAR[1], sector="private")

    assert public.key_letters["C"][0].value == Decimal("60")
    assert private.key_letters["C"][0].value == Decimal("80")


def test_the_snapshot_applies_a_coverage_rate_in_force_over_the_whole_range(cnops_catalog):
    CoverageRate.objects.create(
        fund="cnops-ma",
        care_type="outpatient",
        sector="private",
        rate=Decimal("0.85"),
        valid_from=datetime.date(2024, 1, 1),
    )
    snapshot = reference_snapshot(fund="cnops-ma", start=YEAR[0], end=YEAR[1])

    assert snapshot.profile.coverage_rates[(CareType.OUTPATIENT, Sector.PRIVATE)] == Decimal("0.85")


def test_the_snapshot_refuses_a_range_across_a_change_of_coverage_rate(cnops_catalog):
    CoverageRate.objects.create(
        fund="cnops-ma",
        care_type="outpatient",
        sector="private",
        rate=Decimal("0.85"),
        valid_from=datetime.date(2025, 6, 1),
    )
    with pytest.raises(DomainError):
        reference_snapshot(fund="cnops-ma", start=YEAR[0], end=YEAR[1])


@pytest.mark.parametrize("fund", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_the_profile_rules_carry_the_profile_figures(fund):
    profile = load_profile(fund)
    rules = profile_rules(profile)

    assert rules.fund == fund and rules.currency == profile.currency
    assert rules.time_bar_months == profile.claims.time_bar_months
    for care in ("outpatient", "inpatient", "day_hospital"):
        for sector in ("public", "non_profit", "private"):
            assert rules.coverage_rates[(CareType(care), Sector(sector))] == profile.coverage.rate(
                care, sector
            )
    assert rules.drug_rate == profile.coverage.drug_rate
    assert rules.prior_approval_categories == frozenset(profile.prior_approval.all_sectors)
    assert rules.pyramid_penalty_rate == profile.care_pyramid.skip_penalty_rate
    assert (rules.pyramid_entry_level is None) == (profile.care_pyramid.skip_penalty_rate == 0)
