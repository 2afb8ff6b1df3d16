"""The three shipped profiles load and carry the figures of the source documents."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from decimal import Decimal

import pytest

from sanad.funds import Clock, ProfileError, load_profile, profile_codes
from sanad.funds.loader import PROFILES_DIR


def test_it_ships_three_profiles():
    assert profile_codes() == ("cnass-mr", "cnops-ma", "cnss-ma")


@pytest.mark.parametrize("code", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_it_loads_each_profile_with_the_common_seed_values(code):
    profile = load_profile(code)
    assert profile.code == code
    assert profile.claims.time_bar_months == 3
    assert profile.claims.batch_max_files == 30
    assert profile.claims.processing_clock == Clock(amount=30, unit="calendar_days")
    assert profile.enrollment.processing_clock == Clock(amount=30, unit="calendar_days")
    assert profile.agreements.processing_clock == Clock(amount=10, unit="working_days")
    assert profile.authorizations.answer_clock == Clock(amount=48, unit="working_hours")
    assert profile.authorizations.drug_cycles == 3
    assert profile.authorizations.request_batch_max == 30
    assert profile.authorizations.emergency_request_clock == Clock(amount=1, unit="working_days")
    assert profile.dependants.child_max_age == 21
    assert profile.dependants.student_max_age == 26
    assert profile.dependants.student_certificates == ("school_certificate", "unmarried_certificate")
    assert profile.money.quantum == Decimal("0.01")
    assert profile.money.rounding == "ROUND_HALF_UP"
    assert profile.calendar.weekend == (6, 7)
    assert profile.identity.photo_required is True
    assert profile.default_language == "fr"
    assert [level.rank for level in profile.care_pyramid.levels] == [1, 2, 3, 4]
    assert [group.code for group in profile.claims.batch_groups] == ["outpatient", "inpatient"]
    assert profile.claims.batch_group_of("day_hospital") == "inpatient"


def test_it_loads_cnass_values(cnass):
    assert (cnass.short_name, cnass.country, cnass.currency, cnass.phone_region) == (
        "CNASS",
        "MR",
        "MRU",
        "MR",
    )
    assert cnass.claims.direct_billing_threshold is None
    assert cnass.claims.patient_pays_first_in_private is False
    assert cnass.claims.insured_reimbursed_for == ()  # seed 000: tiers payant, no reimbursement
    assert cnass.claims.reimburses_insured is False
    assert cnass.agreements.eligible_sectors == ("public", "non_profit")
    assert cnass.contributions.scheme == "flat_per_person"
    assert cnass.contributions.flat is not None and cnass.contributions.salary is None
    assert cnass.contributions.payment_methods == ("cash", "mobile_money", "bank_transfer", "cheque")
    assert cnass.contributions.mobile_money_operators == ("Bankily", "Masrvi", "Sedad")
    assert len(cnass.regions) == 15
    assert {"MR-13", "MR-14", "MR-15"} <= {region.code for region in cnass.regions}
    assert cnass.region("MR-14").name.get("ar") == "نواكشوط الشمالية"
    codes = {
        population: [doc.code for doc in cnass.identity.documents_for(population)]
        for population in ("national", "migrant", "refugee")
    }
    assert codes == {
        "national": ["national_id_card", "passport", "birth_certificate_extract"],
        "migrant": ["residence_card", "bilateral_agreement_id"],
        "refugee": ["refugee_card", "asylum_certificate"],
    }
    assert cnass.care_pyramid.skip_penalty_rate == Decimal("0.20")
    assert cnass.care_pyramid.levels[-1].code == "national_hospital"


def test_it_loads_cnops_values(cnops):
    assert (cnops.short_name, cnops.country, cnops.currency) == ("CNOPS", "MA", "MAD")
    assert cnops.claims.direct_billing_threshold == Decimal("200")
    # Seed 002: below 200 MAD the facility does not bill CNOPS; the insured pays and files.
    assert cnops.claims.insured_reimbursed_for == ("below_direct_billing_threshold",)
    assert cnops.claims.reimburses_below_direct_billing_threshold is True
    assert cnops.claims.patient_pays_first_in_private is False
    assert cnops.dependants.spouse_proof_of_no_profession is True
    assert cnops.dependants.disabled_child_certificate == "medical_control_certificate"
    assert cnops.agreements.direct_billing_applicants == ("private_clinic", "dialysis_centre", "eye_centre")
    assert set(cnops.agreements.direct_billing_automatic) >= {"university_hospital", "military_hospital"}
    assert cnops.contributions.salary is not None
    assert cnops.contributions.salary.total_rate == Decimal("0.050")
    assert len(cnops.regions) == 12
    assert cnops.prior_approval.required("dialysis", "public")
    assert cnops.yearly_ceilings[0].code == "optical"


def test_it_loads_cnss_values(cnss):
    assert cnss.short_name == "CNSS"
    assert cnss.claims.patient_pays_first_in_private is True
    assert cnss.claims.insured_reimbursed_for == ("private_care",)  # seed 004
    assert cnss.claims.reimburses_below_direct_billing_threshold is False
    assert cnss.claims.direct_billing_threshold is None
    assert cnss.prior_approval.all_sectors == (
        "prosthesis",
        "orthosis",
        "medical_device",
        "implant",
        "orthodontics_first_semester",
    )
    assert cnss.prior_approval.required("inpatient_stay", "private")
    assert not cnss.prior_approval.required("inpatient_stay", "public")
    assert cnss.contributions.salary is not None and cnss.contributions.salary.salary_ceiling is None
    assert cnss.yearly_ceilings == ()


def test_it_caches_shipped_profiles_and_keeps_them_frozen(cnops):
    assert load_profile("cnops-ma") is cnops
    assert hash(cnops) == hash(load_profile("cnops-ma"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        cnops.claims.time_bar_months = 6  # type: ignore[misc]


def test_it_names_the_available_profiles_for_an_unknown_code():
    with pytest.raises(ProfileError) as caught:
        load_profile("cnam-fr")
    assert str(caught.value) == (
        "cnam-fr.toml: code: unknown fund profile 'cnam-fr' (available: cnass-mr, cnops-ma, cnss-ma)"
    )


def test_it_rounds_money_with_the_profile_rule(cnops):
    assert cnops.money.quantize(Decimal("10.005")) == Decimal("10.01")


def test_it_gives_labels_in_each_language(cnass):
    name = cnass.name
    assert (name.get("fr"), name.get("en"), name.get("ar-MR")) == (name.fr, name.en, name.ar)
    assert name.get("es") == name.fr
    assert name.get_text("ar") == name.ar


# A figure is a value made of digits; ranks only order the pyramid and are not figures.
FIGURE = re.compile(r'^\s*(?!rank\b)\w+ = (\d|"\d|\[\d|\{ amount)')


@pytest.mark.parametrize("code", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_every_figure_says_where_it_comes_from(code):
    lines = (PROFILES_DIR / f"{code}.toml").read_text(encoding="utf-8").splitlines()
    bare = [
        line
        for line in lines
        if FIGURE.match(line) and not re.search(r"# (source: seed 00[0-4]|assumption: )", line)
    ]
    assert bare == []


def test_it_imports_no_django_with_the_package():
    code = "import sys, sanad.funds; sys.exit(any(name.startswith('django') for name in sys.modules))"
    # A fresh interpreter: this one has imported Django already through other tests.
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603
