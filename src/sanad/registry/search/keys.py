"""Search keys of a name that do not depend on its spelling nor on its script.

A name in Latin script gives the consonant skeleton of each word (the register check's `latin_key`:
Mohamed, Mohammed and Muhammad all give "mhmd"); a name in Arabic script is transliterated letter by letter
into the same consonants (محمد gives "mhmd"), so that a name typed in one script finds a record written in
the other. Particles of filiation (Ould, Mint, Ben) are left out: half the register carries them.
"""

from __future__ import annotations

import functools
import hashlib
import re

from sanad.registry.quality.names import arabic_key, latin_key

# Arabic letters as the Latin spellings of the region write them, reduced as `latin_key` reduces those:
# long vowels and the glottal stops vanish, emphatic and plain consonants meet.
_ARABIC_TO_LATIN = str.maketrans(
    {
        "ا": "",
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
        "ع": "",
        "غ": "g",
        "ف": "f",
        "ق": "k",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "و": "",
        "ي": "",
    }
)
TERM_LENGTH = 40  # the index's column: longer keys are cut, in the index and in a query alike
_PARTICLES = frozenset({"ould", "mint", "ben", "ولد", "منت", "بن"})
_DOUBLES = re.compile(r"(.)\1+")
_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
# "Abd" names: "Abdel Kader", "Abdelkader" and عبد القادر are one name; so are "Abdallah" and عبد الله.
_ABD = "bd"


# Spellings of one sound, read before the vowels go: "Djibril" is "Jibril"; the Mauritanian "-etou" of
# Fatimetou, Khadijetou or Aichetou is the taa marbuta that an Arabic key leaves out.
_LATIN_SPELLINGS = ((re.compile(r"dj"), "j"), (re.compile(r"(?<=[aei])tou$"), ""))
# Sounds that Latin spellings write with one letter or two: Mokhtar and Moctar, Ghali and Gali.
_LATIN_SKELETON = (("kh", "k"), ("gh", "g"))


def _latin_word(token: str) -> list[str]:
    text = token.casefold()
    for pattern, sound in _LATIN_SPELLINGS:
        text = pattern.sub(sound, text)
    words = []
    for word in latin_key(text).split():
        for spelled, sound in _LATIN_SKELETON:
            word = word.replace(spelled, sound)
        if word not in _PARTICLES:
            words.append(word)
    return words


def _arabic_word(word: str) -> str:
    text = word.translate(_ARABIC_TO_LATIN)
    if text.endswith("h") and word.endswith("ه") and len(text) > 2 and word[-2:] != "له":
        text = text[:-1]  # a final taa marbuta (ة, written ه by `arabic_key`) is not heard in Latin spellings
    return _DOUBLES.sub(r"\1", text)


def _join_abd(words: list[str]) -> list[str]:
    """Join "bd" to the name it governs and drop the article's "l" after it (Abdel-, Abdoul-)."""
    joined: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word in (_ABD, _ABD + "l") and index + 1 < len(words):
            word += words[index + 1]
            index += 1
        if word.startswith(_ABD + "l") and len(word) > 3:
            word = _ABD + word[3:]
        joined.append(word)
        index += 1
    return joined


def name_terms(name: str) -> list[str]:
    """The search keys of one name, in either script, particles left out, in the order of the words."""
    return list(_name_terms(name))


# A register holds a few thousand distinct names for millions of persons: each is read into keys once.
@functools.lru_cache(maxsize=65536)
def _name_terms(name: str) -> tuple[str, ...]:
    words: list[str] = []
    for token in name.split():
        if _ARABIC.search(token):
            words.extend(_arabic_word(w) for w in arabic_key(token).split() if w not in _PARTICLES)
        elif _LATIN.search(token):
            words.extend(_latin_word(token))
    return tuple(w[:TERM_LENGTH] for w in _join_abd([w for w in words if w]) if w)


def pair_term(first: str, second: str) -> str:
    """The key of two words of one person's names, in either order: "mhmd shk" for Cheikh Mohamed too."""
    return " ".join(sorted((first, second)))[:TERM_LENGTH]


def person_terms(*names: str) -> set[str]:
    """Every key under which a person is found: each word of their names in both scripts, and each pair
    of those words, so that two common names read together are found without reading either's list."""
    words = sorted({term for name in names if name for term in _name_terms(name)})
    pairs = {pair_term(a, b) for i, a in enumerate(words) for b in words[i + 1 :]}
    return set(words) | pairs


def term_key(term: str) -> int:
    """The 64-bit number a key is stored and looked up as (the first 8 bytes of its BLAKE2b digest)."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "big", signed=True)
