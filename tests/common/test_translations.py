"""Every page speaks French, Arabic and English: no message is left untranslated or fuzzy."""

import gettext
import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "sanad"
LOCALE = SOURCE / "locale"
# The project's catalogue, and any app that keeps its own next to its code.
CATALOGUES = sorted(SOURCE.glob("**/locale/*/LC_MESSAGES/django.po"))


def _entries(po: Path) -> list[str]:
    return [block for block in po.read_text(encoding="utf-8").split("\n\n") if "msgid" in block]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_every_message_is_translated_and_none_is_fuzzy(po):
    entries = _entries(po)[1:]  # the first is the header

    untranslated = [e for e in entries if not any(re.findall(r'"(.+)"', e.split("\nmsgstr", 1)[1]))]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = gettext.GNUTranslations((folder / "django.mo").open("rb"))

    assert compiled.gettext("Log in") != "Log in"
    assert len(compiled._catalog) >= len(_entries(folder / "django.po")) - 1
