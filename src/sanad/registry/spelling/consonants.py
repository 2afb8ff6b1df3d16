"""The consonants of each word of a name, in either script: the keys under which the search finds a person."""

from __future__ import annotations

import functools

from sanad.registry.spelling.reading import (
    ARABIC,
    ARABIC_CONSONANTS,
    ARABIC_VOWELS,
    DOUBLES,
    LATIN,
    Word,
    arabic_read,
    latin_token_read,
    skeleton,
)

# Arabic letters as the Latin spellings of the region write them, reduced as a Latin skeleton is: long
# vowels and the glottal stops vanish, emphatic and plain consonants meet.
_ARABIC_TO_LATIN = str.maketrans({**ARABIC_CONSONANTS, **dict.fromkeys(ARABIC_VOWELS, "")})
# Sounds that Latin spellings write with one letter or two: Mokhtar and Moctar, Ghali and Gali.
_LATIN_SKELETON = (("kh", "k"), ("gh", "g"))
_PARTICLES = frozenset({"ould", "mint", "ben", "ولد", "منت", "بن"})
# "Abd" names: "Abdel Kader", "Abdelkader" and عبد القادر are one name; so are "Abdallah" and عبد الله.
_ABD = "bd"


def _latin_consonants(word: Word) -> str:
    text = skeleton(word)
    for spelled, sound in _LATIN_SKELETON:
        text = text.replace(spelled, sound)
    return text


def _arabic_consonants(word: str) -> str:
    text = word.translate(_ARABIC_TO_LATIN)
    if text.endswith("h") and word.endswith("ه") and len(text) > 2 and word[-2:] != "له":
        text = text[:-1]  # a final taa marbuta (ة, written ه) is not heard in Latin spellings
    return DOUBLES.sub(r"\1", text)


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


# A register holds a few thousand distinct names for millions of persons: each is read into keys once.
@functools.lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[str, ...]:
    """The consonants of each word of a name, in either script, particles left out, in the order of the
    words: the keys under which the search finds a person."""
    words: list[str] = []
    for token in name.split():
        if ARABIC.search(token):
            words.extend(_arabic_consonants(w.text) for w in arabic_read(token) if w.text not in _PARTICLES)
        elif LATIN.search(token):
            words.extend(w for w in map(_latin_consonants, latin_token_read(token)) if w not in _PARTICLES)
    return tuple(_join_abd([w for w in words if w]))
