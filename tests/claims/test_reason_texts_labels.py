"""Reason texts name codes by their labels and amounts as money (issue 15): a facility's kind and the kinds
allowed, a line's kind, a care type, a sector, a sex, a ceiling's category and the care pyramid's levels
read as their labels in the reader's language (the fund profile's own where it has them); amounts (a
total, a threshold, a ceiling, the peers' average) in the reader's format with the currency's decimals."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from sanad.claims.selectors.texts import finding_strings
from sanad.claims.statuses import LineKind
from sanad.common.vocabulary import FacilityKind, Sector
from sanad.funds.active import active_profile
from sanad.registry.models import Sex
from tests.web.plain_words import enum_values

LANGUAGES = ["fr", "ar", "en"]
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def text_of(reason: str, lang: str, **params) -> str:
    with translation.override(lang):
        [text] = finding_strings([{"code": reason, "params": params}])
    return text


def label(choice, lang: str) -> str:
    with translation.override(lang):
        return str(choice.label)


def assert_no_code(text: str, *codes: str) -> None:
    assert not _SNAKE.search(text), text
    for code in codes:
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text), (code, text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_facility_kinds_read_as_their_labels(db, lang):
    text = text_of(
        "facility_kind_not_allowed",
        lang,
        code="ECHO-1",
        kind="private_clinic",
        allowed="imaging_centre, regional_hospital",
    )

    assert label(FacilityKind.PRIVATE_CLINIC, lang) in text
    separator = "، " if lang == "ar" else ", "
    allowed = [label(FacilityKind.IMAGING_CENTRE, lang), label(FacilityKind.REGIONAL_HOSPITAL, lang)]
    assert separator.join(allowed) in text
    assert_no_code(text, "private_clinic", "imaging_centre")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_missing_coverage_rate_names_the_line_kind_care_type_and_sector(db, lang):
    text = text_of("no_coverage_rate", lang, kind="act", care_type="outpatient", sector="non_profit")

    care_type = next(c for c in active_profile().care_types if c.code == "outpatient").label.get(lang)
    for shown in (label(LineKind.ACT, lang), care_type, label(Sector.NON_PROFIT, lang)):
        assert shown in text
    assert_no_code(text, "act", "outpatient", "non_profit")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_line_kind_and_a_sex_read_as_their_labels(db, lang):
    unknown = text_of("unknown_code", lang, code="XX-1", kind="device", date="2026-03-10")
    sex = text_of("sex_not_allowed", lang, code="GYN-1", sex="M")

    assert label(LineKind.DEVICE, lang) in unknown and "10/03/2026" in unknown
    assert label(Sex.MALE, lang) in sex
    assert_no_code(unknown, "device")
    assert not re.search(r"\bM\b", sex), sex


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pyramid_levels_read_as_the_profiles_names(db, lang):
    levels = {level.rank: level.label.get(lang) for level in active_profile().care_pyramid.levels}

    allowed = text_of(
        "facility_level_not_allowed", lang, code="CHIR-1", level="1", min_level="3", max_level="4"
    )
    penalty = text_of("pyramid_penalty", lang, level="3", entry_level="2", rate="0.2", date="2026-03-10")

    assert all(levels[rank] in allowed for rank in (1, 3, 4)), allowed
    assert levels[3] in penalty and levels[2] in penalty and "20 %" in penalty


def test_a_ceilings_category_reads_as_the_profiles_label_and_its_amounts_as_money(db, settings):
    settings.SANAD_FUND = "cnops-ma"
    ceiling = next(c for c in active_profile().yearly_ceilings if c.code == "optical")

    text = text_of(
        "yearly_ceiling_reached",
        "fr",
        category="optical",
        year=2026,
        ceiling="600.00",
        used="1250.5",
        currency="MAD",
    )

    assert ceiling.label.fr in text
    assert re.search(r"600,00 MAD", text) and re.search(r"1\D250,50 MAD", text), text
    assert_no_code(text, "optical")


@pytest.mark.parametrize(("lang", "shown"), [("fr", r"12\D500,00 MRU"), ("en", r"12,500\.00 MRU")])
def test_totals_and_thresholds_read_as_money_in_the_readers_format(db, lang, shown):
    text = text_of("amount_over_review_limit", lang, total="12500.00", limit="20000", currency="MRU")

    assert re.search(shown, text), text
    assert "20000 " not in text and "12500.00" not in text


def test_the_peers_average_reads_as_money_with_its_currency(db):
    text = text_of("peer_average", "fr", code="ECHO-1", average="4500", factor="3", peers="1200.5")

    currency = active_profile().currency
    assert re.search(rf"4\D500,00 {currency}", text) and re.search(rf"1\D200,50 {currency}", text), text


def test_an_advisers_reduction_reads_as_money(db):
    with translation.override("fr"):
        [text] = finding_strings(
            [{"code": "review_reduced", "params": {"fund_share": "2500.00", "reason": "quantity_excessive"}}]
        )

    assert re.search(rf"2\D500,00 {active_profile().currency}", text), text
    assert "quantity_excessive" not in text


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_enum_value_is_left_in_the_reasons_that_carry_codes(db, lang):
    texts = [
        text_of("facility_kind_not_allowed", lang, code="A", kind="eye_centre", allowed="dialysis_centre"),
        text_of("no_coverage_rate", lang, kind="drug", care_type="inpatient", sector="private"),
        text_of("sex_not_allowed", lang, code="A", sex="F"),
    ]

    words = set(re.findall(r"[a-z_]+", " ".join(texts)))
    assert not words & enum_values(), texts
