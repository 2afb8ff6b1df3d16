"""The project's translation catalogue as the translators wrote it (the .po file, entries without a
translation included, which the compiled catalogue leaves out)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "src" / "sanad" / "locale"

_PO_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


@cache
def po_entries(language: str) -> dict[str, str]:
    """msgid → msgstr of the project's catalogue (plural forms: both msgids → the first msgstr); an entry
    without a translation maps to ""."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = ""

    def flush() -> None:
        msgid = current.get("msgid", "")
        if msgid:
            translation = current.get("msgstr", current.get("msgstr[0]", ""))
            entries[msgid] = translation
            if current.get("msgid_plural"):
                entries[current["msgid_plural"]] = current.get("msgstr[1]", translation)

    for line in (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if current.get("msgstr") is not None or "msgstr[0]" in current:
                flush()
                current = {}
            continue
        if line.startswith('"'):
            current[key] += _unescape(_PO_STRING.match(line).group(1))
            continue
        key, _space, rest = line.partition(" ")
        if key == "msgid" and ("msgstr" in current or "msgstr[0]" in current):
            flush()
            current = {}
        current[key] = _unescape(_PO_STRING.match(rest).group(1))
    flush()
    return entries
