"""A wrong profile fails with the file, the dotted key and what is wrong; one test per kind of mistake."""

from __future__ import annotations

import pytest

from sanad.funds import ProfileError, load_profile_file
from sanad.funds.loader import PROFILES_DIR


def error_of(path) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        load_profile_file(path)
    error = caught.value
    assert str(error) == f"{error.file}: {error.key}: {error.problem}"
    return error


def test_it_loads_an_untouched_copy(broken_copy):
    assert (
        load_profile_file(broken_copy("cnops-ma", 'code = "cnops-ma"', 'code = "cnops-ma"')).code
        == "cnops-ma"
    )


def test_a_missing_required_key(broken_copy):
    path = broken_copy("cnops-ma", "time_bar_months = 3  # source: seed 002\n", "")
    error = error_of(path)
    assert (error.file, error.key, error.problem) == (
        "cnops-ma.toml",
        "claims.time_bar_months",
        "missing required key",
    )


def test_a_misspelt_required_key_is_pointed_at(broken_copy):
    error = error_of(broken_copy("cnops-ma", "time_bar_months = 3", "time_bar_monts = 3"))
    assert str(error) == (
        "cnops-ma.toml: claims.time_bar_months: missing required key (is 'time_bar_monts' a misspelling?)"
    )


def test_an_unknown_key(broken_copy):
    error = error_of(
        broken_copy("cnops-ma", "time_bar_months = 3", "time_bar_months = 3\ntime_bar_month = 3")
    )
    assert str(error) == "cnops-ma.toml: claims.time_bar_month: unknown key (did you mean 'time_bar_months'?)"


def test_an_unknown_top_level_key(broken_copy):
    error = error_of(broken_copy("cnass-mr", 'short_name = "CNASS"', 'short_name = "CNASS"\nmotto = "Santé"'))
    assert (error.key, error.problem.startswith("unknown key")) == ("motto", True)


def test_a_wrong_type(broken_copy):
    error = error_of(broken_copy("cnops-ma", "time_bar_months = 3", 'time_bar_months = "3"'))
    assert str(error) == "cnops-ma.toml: claims.time_bar_months: expected an integer, got a string ('3')"


def test_a_boolean_is_not_an_integer(broken_copy):
    error = error_of(broken_copy("cnops-ma", "batch_max_files = 30", "batch_max_files = true"))
    assert str(error) == "cnops-ma.toml: claims.batch_max_files: expected an integer, got a boolean (true)"


def test_a_rate_written_as_a_float(broken_copy):
    error = error_of(broken_copy("cnops-ma", 'drug_rate = "0.70"', "drug_rate = 0.70"))
    assert str(error) == (
        "cnops-ma.toml: coverage.drug_rate: "
        'expected a decimal written as a string (e.g. "0.80"), got a float (0.7)'
    )


def test_an_amount_that_is_not_a_decimal(broken_copy):
    error = error_of(
        broken_copy("cnops-ma", 'direct_billing_threshold = "200.00"', 'direct_billing_threshold = "2OO"')
    )
    assert str(error) == "cnops-ma.toml: claims.direct_billing_threshold: '2OO' is not a decimal number"


def test_a_rate_above_one(broken_copy):
    error = error_of(broken_copy("cnops-ma", 'drug_rate = "0.70"', 'drug_rate = "1.70"'))
    assert str(error) == "cnops-ma.toml: coverage.drug_rate: must be at most 1, got 1.70"


def test_a_negative_rate(broken_copy):
    path = broken_copy(
        "cnss-ma",
        'private = "0.70"  # assumption: public figure, 70 % of the reference tariff\n\n'
        "[coverage.rates.inpatient]",
        'private = "-0.70"\n\n[coverage.rates.inpatient]',
    )
    error = error_of(path)
    assert str(error) == "cnss-ma.toml: coverage.rates.outpatient.private: must be at least 0, got -0.70"


def test_a_negative_day_count(broken_copy):
    error = error_of(broken_copy("cnass-mr", "grace_days = 30", "grace_days = -5"))
    assert str(error) == "cnass-mr.toml: rights.grace_days: must be at least 0, got -5"


def test_an_unknown_rounding_mode(broken_copy):
    error = error_of(broken_copy("cnops-ma", '"ROUND_HALF_UP"', '"ROUND_HALF_UPP"'))
    assert error.key == "money.rounding"
    assert error.problem == (
        "unknown value 'ROUND_HALF_UPP' (expected one of: ROUND_UP, ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR, "
        "ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_05UP)"
    )


def test_an_unknown_language(broken_copy):
    error = error_of(
        broken_copy("cnass-mr", 'languages = ["fr", "ar", "en"]', 'languages = ["fr", "ar", "es"]')
    )
    assert str(error) == "cnass-mr.toml: languages[2]: unknown value 'es' (expected one of: fr, ar, en)"


def test_an_unknown_population(broken_copy):
    path = broken_copy(
        "cnass-mr", 'refugee = ["refugee_card"', 'stateless = ["passport"]\nrefugee = ["refugee_card"'
    )
    error = error_of(path)
    assert str(error) == (
        "cnass-mr.toml: identity.populations.stateless: unknown population 'stateless' "
        "(expected one of: national, migrant, refugee)"
    )


def test_an_unknown_weekday(broken_copy):
    error = error_of(broken_copy("cnass-mr", "weekend = [6, 7]", "weekend = [6, 8]"))
    assert str(error) == (
        "cnass-mr.toml: calendar.weekend[1]: "
        "unknown value 8 (expected an ISO weekday, 1 = Monday .. 7 = Sunday)"
    )


def test_an_invalid_currency(broken_copy):
    error = error_of(broken_copy("cnass-mr", 'currency = "MRU"', 'currency = "MRO"'))
    assert (error.key, error.problem.split(" (")[0]) == ("money.currency", "unknown value 'MRO'")


def test_an_invalid_country(broken_copy):
    error = error_of(broken_copy("cnass-mr", '\ncountry = "MR"', '\ncountry = "XX"'))
    assert str(error) == "cnass-mr.toml: country: unknown country 'XX' (expected an ISO 3166-1 alpha-2 code)"


def test_an_invalid_phone_region(broken_copy):
    error = error_of(broken_copy("cnss-ma", 'phone_region = "MA"', 'phone_region = "ZZ"'))
    assert (
        str(error)
        == "cnss-ma.toml: phone_region: unknown phone region 'ZZ' (expected an ISO 3166-1 alpha-2 code)"
    )


def test_an_invalid_holidays_country(broken_copy):
    error = error_of(broken_copy("cnss-ma", 'holidays_country = "MA"', 'holidays_country = "QQ"'))
    assert str(error) == (
        "cnss-ma.toml: calendar.holidays_country: unknown value 'QQ' (not a country of the holidays package)"
    )


def test_pyramid_levels_with_duplicate_ranks(broken_copy):
    error = error_of(
        broken_copy("cnass-mr", 'code = "health_centre"\nrank = 2', 'code = "health_centre"\nrank = 1')
    )
    assert str(error) == (
        "cnass-mr.toml: care_pyramid.levels[1].rank: "
        "duplicate rank 1 (already the rank of level 'health_post')"
    )


def test_invalid_toml_syntax_names_the_line(broken_copy):
    path = broken_copy("cnops-ma", 'short_name = "CNOPS"', 'short_name = "CNOPS')
    line = 1 + path.read_text(encoding="utf-8").splitlines().index('short_name = "CNOPS')
    error = error_of(path)
    assert (error.file, error.key) == ("cnops-ma.toml", f"line {line}")
    assert error.problem.startswith("invalid TOML syntax at column ")


def test_an_unreadable_file(tmp_path):
    error = error_of(tmp_path / "cnass-mr.toml")
    assert (error.file, error.key) == ("cnass-mr.toml", "(file)")


@pytest.mark.parametrize(
    ("code", "old", "new", "message"),
    [
        (
            "cnass-mr",
            'code = "cnass-mr"',
            'code = "cnops-ma"',
            "code: 'cnops-ma' does not match the file name 'cnass-mr'",
        ),
        (
            "cnass-mr",
            'insured_amount = "500.00"',
            'insured_amount = "600.00"',
            "contributions.flat_per_person.amount_per_person: "
            "must equal insured_amount + state_amount (600.00 + 1000.00)",
        ),
        (
            "cnass-mr",
            'mobile_money_operators = ["Bankily", "Masrvi", "Sedad"]',
            "mobile_money_operators = []",
            "contributions.mobile_money_operators: "
            "must list the operators when payment_methods has 'mobile_money'",
        ),
        (
            "cnss-ma",
            'outpatient = ["outpatient"]',
            "outpatient = []",
            "claims.batch_groups.outpatient: must not be empty",
        ),
        (
            "cnss-ma",
            'inpatient = ["inpatient", "day_hospital"]',
            'inpatient = ["inpatient"]',
            "claims.batch_groups: care type 'day_hospital' is in no batch group",
        ),
        (
            "cnops-ma",
            'direct_billing_applicants = ["private_clinic"',
            'direct_billing_applicants = ["privat_clinic"',
            "agreements.direct_billing_applicants[0]: unknown value 'privat_clinic' (expected one of: ",
        ),
        (
            "cnops-ma",
            'national = ["cnie", "passport"]',
            'national = ["cnie", "id_card"]',
            "identity.populations.national[1]: unknown value 'id_card' (expected one of: cnie, passport, "
            "residence_card, refugee_card)",
        ),
        (
            "cnops-ma",
            "student_max_age = 26",
            "student_max_age = 18",
            "dependants.student_max_age: must be at least 21, got 18",
        ),
        (
            "cnss-ma",
            'algorithm = "damm"',
            'algorithm = "crc32"',
            "registration_number.algorithm: unknown value 'crc32' (expected one of: luhn, damm, mod97)",
        ),
        (
            "cnss-ma",
            'quantum = "0.01"',
            'quantum = "0.05"',
            'money.quantum: must be a power of ten such as "0.01", got 0.05',
        ),
        (
            "cnss-ma",
            'unit = "working_hours"',
            'unit = "hours"',
            "authorizations.answer_clock.unit: "
            "unknown value 'hours' (expected one of: calendar_days, working_days, working_hours)",
        ),
        (
            "cnss-ma",
            "[coverage.rates.day_hospital]",
            "[coverage.rates.day_hospitl]",
            "coverage.rates.day_hospital: missing required key",
        ),
    ],
)
def test_other_rules_of_the_profile(broken_copy, code, old, new, message):
    assert str(error_of(broken_copy(code, old, new))).startswith(f"{code}.toml: {message}")


def test_the_shipped_profiles_folder_holds_only_profiles():
    assert sorted(path.name for path in PROFILES_DIR.iterdir()) == [
        "cnass-mr.toml",
        "cnops-ma.toml",
        "cnss-ma.toml",
    ]


def test_required_documents_name_known_document_kinds(broken_copy):
    path = broken_copy("cnops-ma", 'inpatient = ["hospital_report"]', 'inpatient = ["hospital_rapport"]')
    error = error_of(path)
    assert error.key == "claims.required_documents.by_care_type.inpatient[0]"


def test_required_documents_by_line_kind_name_known_kinds(broken_copy):
    path = broken_copy("cnops-ma", 'drug = ["prescription", "barcodes"]', 'pill = ["prescription"]')
    error = error_of(path)
    assert error.key == "claims.required_documents.by_line_kind.pill"


def test_a_yearly_ceiling_shared_by_a_family_is_refused(broken_copy):
    """The engine counts yearly ceilings per beneficiary: a family ceiling would be counted wrongly."""
    error = error_of(broken_copy("cnops-ma", 'per = "beneficiary"', 'per = "family"'))
    assert str(error) == (
        "cnops-ma.toml: yearly_ceilings[0].per: unknown value 'family' (expected one of: beneficiary)"
    )


# ---- What the insured files for reimbursement (claims.insured_reimbursed_for) ----------------------------


def test_insured_reimbursement_names_known_cases(broken_copy):
    path = broken_copy(
        "cnss-ma", 'insured_reimbursed_for = ["private_care"]', 'insured_reimbursed_for = ["private"]'
    )
    assert str(error_of(path)) == (
        "cnss-ma.toml: claims.insured_reimbursed_for[0]: unknown value 'private' "
        "(expected one of: private_care, below_direct_billing_threshold)"
    )


def test_insured_reimbursement_below_the_threshold_needs_a_threshold(broken_copy):
    path = broken_copy(
        "cnss-ma",
        'insured_reimbursed_for = ["private_care"]',
        'insured_reimbursed_for = ["private_care", "below_direct_billing_threshold"]',
    )
    assert str(error_of(path)) == (
        "cnss-ma.toml: claims.insured_reimbursed_for: "
        "'below_direct_billing_threshold' needs a direct_billing_threshold"
    )


def test_a_fund_with_a_direct_billing_threshold_reimburses_the_insured_below_it(broken_copy):
    """Seed 002: below the threshold the facility does not bill the fund, so the insured pays and files."""
    path = broken_copy(
        "cnops-ma",
        'insured_reimbursed_for = ["below_direct_billing_threshold"]',
        "insured_reimbursed_for = []",
    )
    error = error_of(path)
    assert error.key == "claims.insured_reimbursed_for"
    assert error.problem.startswith(
        "must list 'below_direct_billing_threshold': below direct_billing_threshold"
    )


def test_insured_reimbursement_is_required(broken_copy):
    path = broken_copy("cnass-mr", "insured_reimbursed_for = []", "")
    assert error_of(path).key == "claims.insured_reimbursed_for"
