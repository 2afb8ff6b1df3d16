"""Every page speaks French, Arabic and English: no message is left untranslated or fuzzy."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "sanad" / "locale"


def _entries(po: Path) -> list[str]:
    return [block for block in po.read_text(encoding="utf-8").split("\n\n") if "msgid" in block]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = _entries(LOCALE / language / "LC_MESSAGES" / "django.po")[1:]  # the first is the header

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
