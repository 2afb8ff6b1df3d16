"""Benchmark of the duplicate check across scripts: max(1, scale) × 1,000 pairs of one person (names in
Latin script in one file, in Arabic script in another) and as many pairs of two different people born the
same day (`pairs.pairs_make`), compared as the check compares them (`names.same_person`).

Figures: the share of pairs of one person found (recall, target ≥ 90 %), the share of pairs of different
people found (false pairs, target ≤ 2 %) and among them those with a near name, and the pairs compared per
second, names read each time (caches emptied). The reference measured in the same run is the comparison
the search's keys allow (the consonants of each word, `spelling.name_words`, compared as they are): the
ratio says what reading the vowels costs on the machine at hand.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

from sanad.registry.quality import transliteration
from sanad.registry.quality.names import NameKeys, same_person
from sanad.registry.quality.pairs import NamePair, pairs_make
from sanad.registry.spelling import consonants, sounds

_BORN = datetime.date(1980, 1, 1)  # the day the generated pairs share


def _empty_caches() -> None:
    for cached in (sounds.name_sounds, consonants.name_words, transliteration.sounds_distance):
        cached.cache_clear()


def _found(pair: NamePair) -> bool:
    return same_person(NameKeys.read(pair.latin, "", _BORN), NameKeys.read("", pair.arabic, _BORN))


def _keys_found(pair: NamePair) -> bool:
    return consonants.name_words(pair.latin) == consonants.name_words(pair.arabic)


def _per_second(compare, pairs: list[NamePair]) -> tuple[list[bool], float]:
    _empty_caches()
    started = time.perf_counter()
    found = [compare(pair) for pair in pairs]
    return found, len(pairs) / (time.perf_counter() - started)


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def run(scale: float) -> Iterator[tuple[str, float, str]]:
    pairs = pairs_make(max(1_000, int(1_000 * scale)))
    found, per_second = _per_second(_found, pairs)
    _, keys_per_second = _per_second(_keys_found, pairs)
    same = [hit for pair, hit in zip(pairs, found, strict=True) if pair.same]
    different = [hit for pair, hit in zip(pairs, found, strict=True) if not pair.same]
    near = [hit for pair, hit in zip(pairs, found, strict=True) if pair.kind.startswith("near")]
    yield "recall_pct", _pct(sum(same), len(same)), "%"
    yield "false_pairs_pct", _pct(sum(different), len(different)), "%"
    yield "false_pairs_near_names_pct", _pct(sum(near), len(near)), "%"
    yield "pairs_per_s", per_second, "pairs/s"
    yield "keys_pairs_per_s", keys_per_second, "pairs/s"
    yield "ratio_to_keys", keys_per_second / per_second, "x"
