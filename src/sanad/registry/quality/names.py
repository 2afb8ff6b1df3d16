"""Name keys that survive spelling and transliteration: two spellings of one name give one key.

Latin: casefold, strip accents, "Ould"/"O."/"Ould-" and "Mint"/"Bint" variants made one word, then a
consonant skeleton (vowels and doubled letters dropped, "ch" read as "sh"): Mohamed, Mohammed and
Muhammad all give "mhmd". Arabic: diacritics and tatweel dropped, alef/hamza/yaa/taa marbuta forms unified.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Particles of filiation and their spellings: kept as one marker word, never reduced to a skeleton.
_LATIN_PARTICLES = {
    "ould": "ould",
    "o": "ould",
    "ou": "ould",
    "wld": "ould",
    "weld": "ould",
    "wuld": "ould",
    "mint": "mint",
    "mnt": "mint",
    "bint": "mint",
    "bent": "mint",
    "ben": "ben",
    "bin": "ben",
    "ibn": "ben",
}
_LATIN_ARTICLES = {"el", "al", "el-", "al-"}
_LATIN_SOUNDS = (("ch", "sh"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("dh", "d"), ("th", "t"))
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLES = re.compile(r"(.)\1+")

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"}
)
_ARABIC_PARTICLES = {"ولد": "ولد", "بن": "بن", "ابن": "بن", "منت": "منت", "بنت": "منت"}


def _latin_word(word: str) -> str:
    if word in _LATIN_PARTICLES:
        return _LATIN_PARTICLES[word]
    for spelled, sound in _LATIN_SOUNDS:
        word = word.replace(spelled, sound)
    skeleton = _DOUBLES.sub(r"\1", _VOWELS.sub("", word))
    return skeleton or word


def latin_key(name: str) -> str:
    """The spelling-tolerant key of a name in Latin script ("" when there is none)."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.split(r"[^a-z]+", text)
    return " ".join(_latin_word(w) for w in words if w and w not in _LATIN_ARTICLES)


def _arabic_word(word: str) -> str:
    if word in _ARABIC_PARTICLES:
        return _ARABIC_PARTICLES[word]
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]  # the article: "الشيخ" and "شيخ" are one name
    return word


def arabic_key(name: str) -> str:
    """The key of a name in Arabic script: no diacritics or tatweel, one form of alef, yaa and taa."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", name)).replace("ء", "")
    words = re.split(r"[^\u0621-\u064a]+", text.translate(_ARABIC_LETTERS))
    return " ".join(_arabic_word(w) for w in words if w)


@dataclass(frozen=True, slots=True)
class NameKeys:
    """A person as the duplicate rules compare them: name keys in both scripts and the birth date."""

    latin: str
    arabic: str
    birth_date: date

    @classmethod
    def of(cls, person: object) -> NameKeys:
        """The keys of a Member, a Dependant or any object with their name and birth-date fields."""
        first, last = getattr(person, "first_name", ""), getattr(person, "last_name", "")
        first_ar, last_ar = getattr(person, "first_name_ar", ""), getattr(person, "last_name_ar", "")
        return cls(latin_key(f"{first} {last}"), arabic_key(f"{first_ar} {last_ar}"), person.birth_date)  # type: ignore[attr-defined]


def same_person(a: NameKeys, b: NameKeys) -> bool:
    """Same birth date and the same names in Latin script or in Arabic script."""
    if a.birth_date != b.birth_date:
        return False
    return bool(a.latin and a.latin == b.latin) or bool(a.arabic and a.arabic == b.arabic)
