"""A name in Latin script read against a name in Arabic script: are they one name?

Both are read with their vowels (`registry.spelling.name_sounds`) and aligned letter by letter at the least
cost: the consonants must be those the Arabic writes, as the region's spellings write them (c for ك or س, v
for ف); the long vowels the Arabic writes (ا و ي) must be heard in the Latin spelling, with a vowel that can
render them; and the long vowels a Latin spelling marks (Hussein, Mahmoud) must be written in the Arabic.
Short vowels, which Arabic does not write, cost nothing. So "Mohamed" is محمد but not محمود, "Hassan" is
حسن but not حسين, "Brahim" is ابراهيم and "Hamid" is not احمد.
"""

from __future__ import annotations

import functools
import re

# The most a Latin and an Arabic name may differ by and still be read as one: a near letter (d for ج, e for
# ا), or an Ould or Mint that one file writes and the other leaves out. One letter more or less is too much:
# it is what tells Said from Saad.
SOUNDS_MAX_DISTANCE = 0.5

_LATIN_VOWELS = frozenset("aeiouyw")  # short vowels, or a spelling's own: Arabic writes none of them
_NEVER = 9.0  # a pairing the alignment must not make
# What a letter of the Arabic reading costs when a Latin letter renders it: a long vowel by the vowels
# that render it, the ayn or a first alef by any vowel, a final taa marbuta or h by a vowel or an h.
_ARABIC_RENDERED: dict[str, dict[str, float]] = {
    "A": {"a": 0.0, "e": 0.5},
    "I": {"i": 0.0, "y": 0.0, "I": 0.0},
    "U": {"u": 0.0, "o": 0.0, "w": 0.0, "U": 0.0},
    "Y": {"a": 0.0, "i": 0.0, "y": 0.0, "e": 0.0, "I": 0.0},
    "H": {"a": 0.0, "e": 0.0, "h": 0.0, "H": 0.0, "i": 0.5, "o": 0.5, "u": 0.5},
    "E": dict.fromkeys(_LATIN_VOWELS, 0.0),
    "Q": dict.fromkeys(_LATIN_VOWELS, 0.0),
    "L": {"l": 0.0},
    "O": {"O": 0.0},
    "M": {"M": 0.0},
    " ": {" ": 0.0},
}
# Consonants the region's spellings write with another letter (Latin, Arabic reading).
_NEAR_CONSONANTS = {
    ("c", "k"): 0.0,
    ("c", "s"): 0.0,
    ("v", "f"): 0.0,  # Vall and فال, Vatma and فاطمة
    ("k", "K"): 0.0,
    ("c", "K"): 0.0,
    ("g", "K"): 0.0,
    ("d", "D"): 0.0,
    ("z", "D"): 0.0,
    ("t", "T"): 0.0,
    ("s", "T"): 0.0,
    ("g", "k"): 0.25,  # ك said g in Berber names: Guerrouj and الكروج, Regragui and الركراكي
    ("p", "b"): 0.5,
    ("g", "j"): 0.5,
    ("d", "j"): 0.5,
}
# A letter of one reading the other leaves out: a short vowel or a final h of the Latin, the ayn or a
# first alef, a final taa marbuta or h and the article of the Arabic; Ould or Mint (half); else one.
_LATIN_SILENT = {**dict.fromkeys(_LATIN_VOWELS, 0.0), "H": 0.0, "O": 0.5, "M": 0.5}
_ARABIC_SILENT = {"E": 0.0, "H": 0.0, "L": 0.0, "O": 0.5, "M": 0.5, "^": 0.0}
# A first alef or ayn before two consonants (احمد, ابراهيم, إدريس): either the Latin writes its vowel
# (Ahmed, Ibrahim), or it leaves it out and writes the two consonants together, as the Maghreb does (Brahim,
# Driss); never a vowel moved between them (Hamid is not احمد, Karim not اكرم). `_CLUSTER` marks two
# consonants no Latin vowel may come between.
_FIRST_VOWEL = re.compile(r"(?:^|(?<=[ OML]))E(?=[a-zDKT]{2})")
_CLUSTER = "^"
_ARABIC_CONSONANT = re.compile(r"[a-zDKT]")
_LATIN_CONSONANT = re.compile(r"[b-df-hj-np-tvxz]")


@functools.cache
def _pair(latin: str, arabic: str) -> float:
    if arabic in _ARABIC_RENDERED:
        rendered = _ARABIC_RENDERED[arabic].get(latin)
        if rendered is not None:
            return rendered
        return 1.0 if latin in _LATIN_VOWELS or (latin in "IU" and arabic in "AIUY") else _NEVER
    if latin == arabic or (latin == "H" and arabic == "h"):
        return 0.0
    if latin in _LATIN_VOWELS or latin in " IUOMH":
        return _NEVER
    return _NEAR_CONSONANTS.get((latin, arabic), 1.0)


def _readings(arabic: str) -> list[str]:
    """The Arabic reading with each first vowel before two consonants either written or left out."""
    readings = [arabic]
    for match in reversed(list(_FIRST_VOWEL.finditer(arabic))[:3]):
        at = match.start()
        readings = [
            variant
            for reading in readings
            for variant in (
                reading[:at] + "Q" + reading[at + 1 :],
                reading[:at] + reading[at + 1] + _CLUSTER + reading[at + 2 :],
            )
        ]
    return readings


def _distance(latin: str, arabic: str) -> float:
    # A Latin vowel next to a cluster mark costs one more: it comes between the two consonants.
    between = [_CLUSTER in arabic[max(j - 1, 0) : j + 1] for j in range(len(arabic) + 1)]
    previous = [0.0]
    for letter in arabic:
        previous.append(previous[-1] + _ARABIC_SILENT.get(letter, 1.0))
    for latin_letter in latin:
        skip = _LATIN_SILENT.get(latin_letter, 1.0)
        inside = skip + (1.0 if latin_letter in _LATIN_VOWELS or latin_letter in "IU" else 0.0)
        row = [previous[0] + skip]
        for j, letter in enumerate(arabic, start=1):
            row.append(
                min(
                    previous[j] + (inside if between[j] else skip),
                    row[j - 1] + _ARABIC_SILENT.get(letter, 1.0),
                    previous[j - 1] + _pair(latin_letter, letter),
                )
            )
        previous = row
    return previous[-1]


@functools.lru_cache(maxsize=65536)
def sounds_distance(latin: str, arabic: str) -> float:
    """How far a Latin reading is from an Arabic one: the cheapest alignment of their letters, where a
    short vowel costs nothing and a long vowel or a consonant of one not heard in the other costs one."""
    return min(_distance(latin, reading) for reading in _readings(arabic))


def _consonants(latin: str, arabic: str) -> bool:
    """Whether the two may align within SOUNDS_MAX_DISTANCE at all: each consonant pairs with one of the
    other's (or the Arabic's article, or a Latin final h), as any consonant left over costs one. A quick
    test that spares most pairs of different people the alignment."""
    latin_count = len(_LATIN_CONSONANT.findall(latin))
    arabic_count = len(_ARABIC_CONSONANT.findall(arabic))
    return arabic_count - latin.count("H") <= latin_count <= arabic_count + arabic.count("L")


def same_sounds(latin: str, arabic: str) -> bool:
    """A name in Latin script and one in Arabic script, read by `name_sounds`, are one name."""
    return (
        bool(latin and arabic)
        and _consonants(latin, arabic)
        and sounds_distance(latin, arabic) <= SOUNDS_MAX_DISTANCE
    )
