"""The reason catalogue: complete, in three languages, rendered from findings, and published in the docs."""

from __future__ import annotations

import re
import string
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sanad.adjudication import CATALOGUE, Decision, Reason, finding_text, reasons_markdown
from sanad.adjudication.codes import Effect
from sanad.adjudication.decision import finding
from sanad.adjudication.reasons import LANGUAGES, RULE_SOURCES

from .test_golden import CASES, decide

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reasons.md"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_reasons_every_code_has_a_rule_an_effect_and_three_texts() -> None:
    assert set(CATALOGUE) == set(Reason)
    for code, entry in CATALOGUE.items():
        assert entry.rule in RULE_SOURCES, code
        assert isinstance(entry.effect, Effect)
        assert entry.fr and entry.ar and entry.en
        # The three languages use the same placeholders.
        assert _placeholders(entry.fr) == _placeholders(entry.ar) == _placeholders(entry.en), code
        assert re.search("[\u0600-\u06ff]", entry.ar), f"{code}: the Arabic text is not in Arabic"


def test_reasons_finding_text_in_three_languages() -> None:
    note = finding(Reason.PRIOR_APPROVAL_MISSING, "prior_approval", code="K50", date=date(2026, 3, 2))
    assert finding_text(note, "en") == "Code K50 on 2026-03-02 needs prior approval: no approval covers it."
    assert (
        finding_text(note, "fr")
        == "Le code K50 du 2026-03-02 nécessite un accord préalable : aucun accord ne le couvre."
    )
    assert "K50" in finding_text(note, "ar") and "2026-03-02" in finding_text(note, "ar")
    assert note.message_key == "adjudication.reason.prior_approval_missing"
    with pytest.raises(ValueError):
        finding_text(note, "de")  # type: ignore[arg-type]


def test_reasons_rates_read_as_percentages() -> None:
    note = finding(Reason.RANDOM_REVIEW_SAMPLE, "medical_review", rate=Decimal("0.025"))
    assert finding_text(note, "en") == "File drawn for medical review (sample of 2.5 %)."


def test_reasons_every_finding_of_the_golden_table_renders() -> None:
    decisions: list[Decision] = [decide(row) for row in CASES]
    seen = set()
    for decision in decisions:
        notes = [*decision.findings, *(f for line in decision.lines for f in line.findings)]
        for note in notes:
            seen.add(note.code)
            params = {name for name, _ in note.params}
            assert _placeholders(CATALOGUE[note.code].en) <= params, note
            for lang in LANGUAGES:
                assert "{" not in finding_text(note, lang)
    assert len(seen) >= 25


def test_reasons_docs_page_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == reasons_markdown(), (
        "docs/reasons.md is stale: run `python -m sanad.adjudication > docs/reasons.md`"
    )
