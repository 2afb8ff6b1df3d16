"""Search keys of a name that do not depend on its spelling nor on its script.

A name in either script is read into the consonants of each word by `registry.spelling`, the reading the
register's duplicate check uses too: Mohamed, Mohammed, Muhammad and محمد all give "mhmd", so that a name
typed in one script finds a record written in the other. Particles of filiation (Ould, Mint, Ben) are left
out: half the register carries them.
"""

from __future__ import annotations

import hashlib

from sanad.registry.spelling import name_words

TERM_LENGTH = 40  # the index's column: longer keys are cut, in the index and in a query alike


def name_terms(name: str) -> list[str]:
    """The search keys of one name, in either script, particles left out, in the order of the words."""
    return list(_name_terms(name))


def _name_terms(name: str) -> tuple[str, ...]:
    return tuple(w[:TERM_LENGTH] for w in name_words(name))


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
