"""Request types are profile data (issue 17, §1): each fund's types, their forms, checklists and clocks
are read and checked from its profile; the Mosteller formula gives the body surface area."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanad.authorizations.measures import body_surface_area
from sanad.authorizations.statuses import Admission
from sanad.funds import ProfileError, load_profile
from sanad.funds.loader import PROFILES_DIR, load_profile_file
from sanad.funds.types_authorizations import ADMISSIONS

FUNDS = ["cnass-mr", "cnops-ma", "cnss-ma"]


@pytest.fixture
def broken_copy(tmp_path):
    """A copy of a shipped profile, same name, with `old` (found exactly once) replaced by `new`."""

    def make(code: str, old: str, new: str):
        text = (PROFILES_DIR / f"{code}.toml").read_text(encoding="utf-8")
        assert text.count(old) == 1
        path = tmp_path / f"{code}.toml"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    return make


def test_body_surface_area_follows_the_mosteller_formula():
    # √(180 × 80 / 3600) = √4 = 2 m²
    assert body_surface_area(height_cm=Decimal("180"), weight_kg=Decimal("80")) == Decimal("2.00")
    # √(165 × 62 / 3600) = √2.8416… = 1.6857… → 1.69 m²
    assert body_surface_area(height_cm=Decimal("165"), weight_kg=Decimal("62")) == Decimal("1.69")


def test_body_surface_area_needs_a_height_and_a_weight():
    with pytest.raises(ValueError):
        body_surface_area(height_cm=Decimal("0"), weight_kg=Decimal("60"))


def test_the_pages_name_every_admission_of_the_profiles():
    assert set(ADMISSIONS) == set(Admission.values)


@pytest.mark.parametrize("code", FUNDS)
def test_every_category_needing_prior_approval_has_a_request_type(code):
    profile = load_profile(code)
    rules = profile.prior_approval
    offered = {c for t in profile.authorization_requests.types for c in t.categories}
    assert {*rules.all_sectors, *rules.public, *rules.non_profit, *rules.private} <= offered


def test_cnops_offers_the_requests_of_its_seed():
    types = {t.code for t in load_profile("cnops-ma").authorization_requests.types}
    assert {
        "medical_stay",
        "intensive_care",
        "incubator",
        "surgery",
        "dialysis_first",
        "dialysis_renewal",
        "chemotherapy",
        "radiotherapy",
        "brachytherapy",
        "bone_marrow_graft",
        "iratherapy",
        "pharmacy_drug",
    } <= types


def test_cnss_offers_the_requests_of_its_seed():
    types = {t.code for t in load_profile("cnss-ma").authorization_requests.types}
    assert {"medical_stay", "surgery", "day_hospital", "long_term_drug", "device", "orthodontics"} <= types


def test_the_form_of_a_stay_matches_only_its_admission():
    cnops = load_profile("cnops-ma").authorization_requests
    assert cnops.type("medical_stay").admissions == ("medical_stay",)
    assert cnops.type("intensive_care").admissions == ("intensive_care",)
    assert cnops.type("incubator").admissions == ("incubator",)
    assert cnops.type("surgery").admissions == ("surgery",)


def test_dialysis_first_admission_asks_for_the_renal_work_up_and_the_sessions_per_week():
    cnops = load_profile("cnops-ma").authorization_requests
    first = cnops.type("dialysis_first")
    assert {"urea", "creatinine", "creatinine_clearance", "sessions_per_week"} <= set(first.fields)
    assert {"renal_workup", "sessions_certificate"} <= set(first.documents)
    assert cnops.field("sessions_per_week").type == "integer"
    assert (cnops.field("sessions_per_week").minimum, cnops.field("sessions_per_week").maximum) == (1, 7)


def test_oncology_drugs_are_approved_for_the_profiles_cycles():
    cnops = load_profile("cnops-ma")
    chemotherapy = cnops.authorization_requests.type("chemotherapy")
    assert chemotherapy.counts == "cycles"
    assert chemotherapy.max_quantity == cnops.authorizations.drug_cycles == 3
    assert chemotherapy.body_surface_area


def test_the_confidential_report_is_marked_confidential_and_the_register_papers_are_flagged():
    documents = load_profile("cnops-ma").authorization_requests
    assert documents.document("confidential_report").confidential
    assert documents.document("member_identity").register == "member_identity"
    assert documents.document("school_certificate").register == "certificate"
    assert documents.document("renal_workup").register == ""


def test_every_type_has_labels_in_three_languages_and_a_clock():
    for code in FUNDS:
        for request_type in load_profile(code).authorization_requests.types:
            assert request_type.label.fr and request_type.label.ar and request_type.label.en
            assert request_type.answer_clock.amount > 0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'fields = ["diagnosis", "urea", "creatinine", "creatinine_clearance", "sessions_per_week"]',
            'fields = ["diagnosis", "urea", "creatinine", "creatinine_clearance", "sessions_a_week"]',
            "unknown value 'sessions_a_week'",
        ),
        (
            'automatic = { rule = "dialysis_renewal", max_sessions_per_week = 3 }',
            'automatic = { rule = "dialysis_renewal", max_sessions_per_week = 9 }',
            "must be at most 7",
        ),
        ('information_clock = "pause"', 'information_clock = "freeze"', "unknown value 'freeze'"),
        ('answer_clock = "dialysis"', 'answer_clock = "weekly"', "unknown value 'weekly'"),
    ],
)
def test_a_broken_request_type_is_refused_naming_its_place(broken_copy, old, new, message):
    path = broken_copy("cnops-ma", old, new)
    with pytest.raises(ProfileError, match=message) as raised:
        load_profile_file(path)
    assert "authorizations" in str(raised.value)
