"""The [reports] section of the fund profiles: the threshold under which a public figure is hidden and the
months the public page offers (issue 20, §3), read and checked like every other section."""

from __future__ import annotations

import pytest

from sanad.funds import ProfileError, load_profile, load_profile_file
from sanad.funds.types_reports import ReportRules

LINE = "public_min_cases = 10  #"


@pytest.mark.parametrize("code", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_every_shipped_profile_hides_public_figures_of_fewer_than_10_cases(code):
    assert load_profile(code).reports == ReportRules(public_min_cases=10, public_months=12)


def test_a_threshold_read_from_the_file(broken_copy):
    path = broken_copy("cnss-ma", LINE, "public_min_cases = 25  #")
    assert load_profile_file(path).reports.public_min_cases == 25


def test_a_threshold_of_one_case_is_refused_as_it_would_show_a_person(broken_copy):
    with pytest.raises(ProfileError) as caught:
        load_profile_file(broken_copy("cnops-ma", LINE, "public_min_cases = 1  #"))
    assert (caught.value.key, caught.value.problem) == (
        "reports.public_min_cases",
        "must be at least 2, got 1",
    )


def test_a_missing_reports_section_is_named(broken_copy):
    path = broken_copy("cnass-mr", "[reports]\n", "[reports_]\n")
    with pytest.raises(ProfileError) as caught:
        load_profile_file(path)
    assert caught.value.key == "reports"


def test_an_unknown_key_of_the_section_is_refused(broken_copy):
    path = broken_copy("cnss-ma", LINE, "public_min_case = 10  #")
    with pytest.raises(ProfileError) as caught:
        load_profile_file(path)
    assert caught.value.key == "reports.public_min_cases"
