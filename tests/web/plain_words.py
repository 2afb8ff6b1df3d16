"""Plain words on every page: what a page shows its reader, and what must never be among it.

A page in French or Arabic shows no internal code, database id, enum value, JSON, Python value, English
sentence or ISO date (issue 15). `page_text` keeps what a reader sees (text, and the title, placeholder,
aria-label and alt attributes, and the words of buttons); `offences` lists what it finds there.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

from django.apps import apps
from django.db.models import Choices

from tests.web.po_file import po_entries

# Attributes whose value a reader sees or hears (tooltips, empty fields' hints, screen readers, images).
_SEEN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
_HIDDEN_ELEMENTS = ("script", "style")
_VOID_ELEMENTS = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)
_WORD = re.compile(r"\w+")


@dataclass
class Text:
    """A page's visible words: all of them, and those the page says are in its own language. A name or a
    member's own words marked `lang="fr"` or `translate="no"` are data in their language, not a
    translation missed; they are still checked for codes, ids, JSON and dates."""

    seen: str
    own: str


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[str] = []
        self.own: list[str] = []
        self.language = ""
        # Open elements: (tag, whether its content is foreign to the page's language, whether it is hidden:
        # a script, a style, or a code sample marked `data-sample`, machine text shown as it is typed).
        self._open: list[tuple[str, bool, bool]] = []

    def _foreign(self) -> bool:
        return any(foreign for _tag, foreign, _hidden in self._open)

    def _add(self, text: str) -> None:
        self.seen.append(text)
        if not self._foreign():
            self.own.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.language = values.get("lang", "")
        if tag not in _VOID_ELEMENTS:
            lang = values.get("lang")
            foreign = values.get("translate") == "no" or (lang is not None and lang != self.language)
            self._open.append((tag, foreign, tag in _HIDDEN_ELEMENTS or "data-sample" in values))
        for name in _SEEN_ATTRIBUTES:
            if values.get(name):
                self._add(values[name])
        # A button drawn by an input shows its value.
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self._add(values["value"])

    def handle_endtag(self, tag: str) -> None:
        # Unclosed elements (a <p> or <li> without its end tag) close with their parent.
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and not any(hidden for _tag, _foreign, hidden in self._open):
            self._add(data)


def page_text(html: str) -> Text:
    """The words a reader of `html` sees, one space between pieces."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return Text(" ".join(" ".join(parser.seen).split()), " ".join(" ".join(parser.own).split()))


# ---- What the project's codes and catalogues are ----------------------------------------------------------


def _choices_classes() -> list[type[Choices]]:
    found, todo = [], list(Choices.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("sanad."):
            found.append(cls)
    return found


@cache
def enum_values() -> frozenset[str]:
    """Every text value of the project's enumerations: choices classes, model fields' choices and the fund
    profiles' closed vocabularies."""
    import importlib

    # The URL map imports every view, hence most vocabularies; the status modules are named to be sure.
    importlib.import_module("sanad.urls")
    for app in apps.get_app_configs():
        if app.name.startswith("sanad."):
            for module in ("statuses", "vocabulary"):
                with contextlib.suppress(ModuleNotFoundError):
                    importlib.import_module(f"{app.name}.{module}")
    values: set[str] = set()
    for cls in _choices_classes():
        values.update(v for v in cls.values if isinstance(v, str))
    for model in apps.get_models():
        if model._meta.app_label in {a.label for a in apps.get_app_configs() if a.name.startswith("sanad.")}:
            for f in model._meta.get_fields():
                for value, _label in getattr(f, "flatchoices", None) or ():
                    if isinstance(value, str):
                        values.add(value)
    vocabulary = sys.modules["sanad.funds.vocabulary"]
    for name in dir(vocabulary):
        constant = getattr(vocabulary, name)
        if name.isupper() and isinstance(constant, tuple):
            values.update(v for v in constant if isinstance(v, str))
    return frozenset(v for v in values if re.fullmatch(r"[a-z][a-z0-9_]*", v))


@cache
def _fund_codes() -> re.Pattern[str]:
    """The funds' profile codes (`cnass-mr`): a page names a fund by its name."""
    from sanad.funds import profile_codes

    codes = "|".join(re.escape(code) for code in profile_codes())
    return re.compile(rf"(?<![\w-])(?:{codes})(?![\w-])")


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}|%%")
_MARKUP = re.compile(r"<[^>]+>")


def _phrases(msgid: str, *, least_words: int) -> list[str]:
    """The literal pieces of a message a page would show whole: the message without placeholders, or its
    pieces between them (only long ones, so common short phrases do not stand for the message)."""
    text = " ".join(_MARKUP.sub(" ", msgid).split())
    pieces = [" ".join(p.split()) for p in _PLACEHOLDER.split(text)]
    if len(pieces) > 1:
        least_words = max(least_words, 3)
    return [p for p in pieces if len(_WORD.findall(p)) >= least_words]


@dataclass
class Phrasebook:
    """Phrases that must not appear on a page of a language, indexed by their first two words."""

    by_start: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, phrase: str) -> None:
        words = _WORD.findall(phrase)
        self.by_start.setdefault((words[0], words[1]), []).append(phrase)

    def found_in(self, text: str) -> list[re.Match[str]]:
        """The first whole-word occurrence of each phrase found in `text`."""
        words = _WORD.findall(text)
        starts = set(itertools.pairwise(words))
        hits = []
        for start in starts & self.by_start.keys():
            for phrase in self.by_start[start]:
                for match in re.finditer(re.escape(phrase), text):
                    before = text[match.start() - 1 : match.start()]
                    after = text[match.end() : match.end() + 1]
                    if not (before.isalnum() or after.isalnum()):
                        hits.append(match)
                        break
        return hits


@cache
def foreign_phrases(language: str) -> Phrasebook:
    """On a French page, the English messages whose French differs; on an Arabic page, those English
    messages and the French translations (a French message on an Arabic page is as foreign)."""
    book = Phrasebook()
    own = po_entries(language)
    # A phrase that is also part of a translation of this language is not foreign there.
    translated = "\n".join(own.values())
    for msgid, msgstr in own.items():
        if msgstr.strip() != msgid.strip():
            for phrase in _phrases(msgid, least_words=2):
                if phrase not in translated:
                    book.add(phrase)
    if language == "ar":
        for msgid, french in po_entries("fr").items():
            if french and french != msgid and own.get(msgid, "") != french:
                for phrase in _phrases(french, least_words=2):
                    if phrase not in translated:
                        book.add(phrase)
    return book


@cache
def french_words() -> frozenset[str]:
    """Words of the French catalogue: a one-word code that is also a French word ("public", "urgent") is
    not taken for a code on a French page."""
    return frozenset(w.lower() for text in po_entries("fr").values() for w in _WORD.findall(text))


# ---- The offences ---------------------------------------------------------------------------------------

_SNAKE = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-]|\.\w)")
_LEAKS = (
    (re.compile(r"\{\s*[\"']\w+[\"']\s*:|\[\s*\{|\[\s*[\"']\w+[\"']\s*[,\]]"), "JSON"),
    (re.compile(r"\bNone\b(?! of these| yet)|\bTrue\b|\bFalse\b"), "Python value"),
    (re.compile(r"<[\w.]+ object|object at 0x|__proxy__|<class '"), "Python object"),
    (re.compile(r"Decimal\(|datetime\.\w+\(|QuerySet|\bnan\b"), "Python value"),
    (re.compile(r"#\s?\d+|\b[Ii][Dd]\s*[:#=]\s*\d*|\b(?:id|ID|pk)\s+\d+"), "database id"),
)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?\b")
# Month before day (the American order) shows as a second number above 12; a.m./p.m. is English time.
_MONTH_FIRST = re.compile(r"\b\d{1,2}\u200f?/(?:1[3-9]|2\d|3[01])\u200f?/\d{4}\b|\b[ap]\.m\.")


@dataclass(frozen=True)
class Offence:
    kind: str
    text: str
    context: str

    def __str__(self) -> str:
        where = f": …{self.context}…" if self.context else ""
        return f"{self.kind} {self.text!r}{where}"


def _offence(kind: str, text: str, match: re.Match[str]) -> Offence:
    context = text[max(0, match.start() - 30) : match.end() + 30]
    return Offence(kind, match.group(), context)


def offences(page: Text, language: str, allowed: frozenset[str] = frozenset()) -> list[Offence]:
    """What is wrong with the words of a page in `language`, each with a few words around it; `allowed`
    are the codes the page shows on purpose."""
    found = []
    text = page.seen
    codes = enum_values()
    for match in _SNAKE.finditer(text):
        if match.group() not in allowed:
            found.append(_offence("enum value" if match.group() in codes else "code", text, match))
    if language != "en":
        french = french_words()
        for match in re.finditer(r"(?<![\w-])[a-z]{3,}(?![\w-])", text):
            word = match.group()
            if word in codes and "_" not in word and word not in french and word not in allowed:
                found.append(_offence("enum value", text, match))
    for match in _fund_codes().finditer(text):
        found.append(_offence("fund code", text, match))
    for pattern, kind in _LEAKS:
        found.extend(_offence(kind, text, match) for match in pattern.finditer(text))
    if language != "en":
        for pattern, kind in ((_ISO_DATE, "ISO date"), (_MONTH_FIRST, "month-first date")):
            found.extend(_offence(kind, text, match) for match in pattern.finditer(text))
        for match in foreign_phrases(language).found_in(page.own):
            found.append(_offence("untranslated", page.own, match))
    return found
