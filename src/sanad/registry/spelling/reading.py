"""Each word of a name read once, in either script: what the search's keys and the duplicate check share."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

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
_LATIN_SOUNDS = (("ch", "sh"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("dh", "d"), ("th", "t"))
# "c" stays a letter of its own in the reading: the keys hear it as "k", the duplicate check as "k" or "s"
# (Boubacar and ببكر, Hacen and حسن).
_HARD_C = ("c", "k")
# Spellings of one sound, read before the vowels go: "Djibril" is "Jibril"; the Mauritanian "-etou" of
# Fatimetou, Khadijetou or Aichetou is the taa marbuta that an Arabic key leaves out.
_LATIN_SPELLINGS = ((re.compile(r"dj"), "j"), (re.compile(r"(?<=[aei])tou$"), ""))
_VOWELS = re.compile(r"[aeiouyw]")
DOUBLES = re.compile(r"(.)\1+")

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"}
)
# The same, keeping the hamza of a first alef (أحمد, آمنة): a vowel a Latin spelling writes.
_ARABIC_LETTERS_HAMZA = str.maketrans({"إ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"})
_ARABIC_PARTICLES = {"ولد": "ولد", "بن": "بن", "ابن": "بن", "منت": "منت", "بنت": "منت"}
# Arabic consonants as the Latin spellings of the region write them: emphatic and plain consonants meet.
ARABIC_CONSONANTS = {
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "k",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "g",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
}
# The letters a Latin spelling renders as vowels or not at all: long a, w or u, y or i, and the ayn.
ARABIC_VOWELS = {"ا": "A", "و": "U", "ي": "I", "ع": "E"}
ARABIC = re.compile("[\u0600-\u06ff]")
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


class Word(NamedTuple):
    """One word of a name as read: its spelling, and whether it is a particle or carried the article."""

    text: str
    particle: bool = False
    article: bool = False


def latin_read(name: str) -> list[Word]:
    """The words of a name in Latin script: no accents nor articles, particles made one, sounds merged."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = []
    for word in re.split(r"[^a-z]+", text):
        if not word or word in _LATIN_ARTICLES:
            continue
        if word in _LATIN_PARTICLES:
            words.append(Word(_LATIN_PARTICLES[word], particle=True))
            continue
        for spelled, sound in _LATIN_SOUNDS:
            word = word.replace(spelled, sound)
        words.append(Word(word))
    return words


def latin_token_read(token: str) -> list[Word]:
    """The words of one token of a name in Latin script, its spellings of one sound made one first."""
    text = token.casefold()
    for pattern, sound in _LATIN_SPELLINGS:
        text = pattern.sub(sound, text)
    return latin_read(text)


def skeleton(word: Word) -> str:
    """The consonants of a word read in Latin script (the word itself when it has none, or a particle)."""
    if word.particle:
        return word.text
    text = word.text.replace(*_HARD_C)
    return DOUBLES.sub(r"\1", _VOWELS.sub("", text)) or text


def latin_key(name: str) -> str:
    """The spelling-tolerant key of a name in Latin script ("" when there is none): a consonant skeleton
    per word (vowels and doubled letters dropped, "ch" read as "sh"), particles kept as one word."""
    return " ".join(skeleton(w) for w in latin_read(name))


def arabic_read(name: str, *, hamza: bool = False) -> list[Word]:
    """The words of a name in Arabic script: no diacritics nor tatweel, one form of each letter, the
    article taken off and particles made one; `hamza` keeps the hamza of a first alef."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", name)).replace("ء", "")
    words = []
    letters = _ARABIC_LETTERS_HAMZA if hamza else _ARABIC_LETTERS
    for word in re.split(r"[^\u0621-\u064a]+", text.translate(letters)):
        if not word:
            continue
        if word in _ARABIC_PARTICLES:
            words.append(Word(_ARABIC_PARTICLES[word], particle=True))
        elif word.startswith("ال") and len(word) > 3:
            words.append(Word(word[2:], article=True))  # "الشيخ" and "شيخ" are one name
        else:
            words.append(Word(word))
    return words


def arabic_key(name: str) -> str:
    """The key of a name in Arabic script: no diacritics or tatweel, one form of alef, yaa and taa."""
    return " ".join(w.text for w in arabic_read(name))
