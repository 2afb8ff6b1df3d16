"""Pairs of register records to measure the duplicate check across scripts: one file's names in Latin
script, another's in Arabic script, of one person or of two different people born the same day.

Names come from the demo's lists of Mauritanian and Moroccan names (`common.demo.names`, each with its Latin
and Arabic forms) and from `NEAR_NAMES` below. The Latin side is spelled as registers spell it: one to three
of the variants of `_LATIN_VARIANTS` (Mohamed as Mohammed or Muhammad, El as Al or joined, Ould as O., ou as
u, doubled or single letters, a short vowel dropped as in "Mhamed", ch as sh...); the Arabic side with or
without hamza, vowel marks or the dots of taa marbuta.

Two records are of different people when one of their names (the given name, or the family or father's
name) is a different name: an entry of the lists with another Arabic spelling, which is neither the same
name in another form (Ahmed and its Hassaniya form Ahmedou, أحمد and أحمدو; Fatimetou and Vatma, both فاطمة)
nor the same name; a pair with both names the same is one person, for the register as for the check. Half
the pairs of different people carry a near name (`NEAR_NAMES`: Mohamed and Mahmoud, Hassan and Hussein,
Said and Saad, of the same sex), the hardest case: twins, or cousins of one father, born the same day.
Near names differ in what both scripts write: a consonant, or a long vowel a Latin spelling writes too (the
ou of Mahmoud, the ei of Hussein). Names that differ only in what Latin letters do not write, the length of
a vowel (Omar and عمار against Ammar and عمر, Salim and سالم, Nadia and ندى, Anis and أنس), are left out:
no reading of the letters tells them apart, and the check shows such a pair to the officer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from sanad.common.demo.names import NAMES, family_name_for
from sanad.registry.spelling import arabic_key

# Different names that are spelled alike: given names by sex, then family (or father's) names by country.
NEAR_NAMES: dict[str, list[tuple[tuple[str, str], tuple[str, str]]]] = {
    "M": [
        (("Mohamed", "محمد"), ("Mahmoud", "محمود")),
        (("Ahmed", "أحمد"), ("Hamid", "حميد")),
        (("Ahmed", "أحمد"), ("Hamed", "حامد")),
        (("Hassan", "حسن"), ("Hussein", "حسين")),
        (("Said", "سعيد"), ("Saad", "سعد")),
        (("Khalid", "خالد"), ("Khalil", "خليل")),
        (("Youssef", "يوسف"), ("Younes", "يونس")),
        (("Brahim", "ابراهيم"), ("Rahim", "رحيم")),
        (("Hamza", "حمزة"), ("Hamada", "حمادة")),
        (("Karim", "كريم"), ("Akram", "أكرم")),
        (("Mehdi", "مهدي"), ("Hadi", "هادي")),
        (("Moussa", "موسى"), ("Moustapha", "مصطفى")),
    ],
    "F": [
        (("Samira", "سميرة"), ("Amira", "أميرة")),
        (("Hanane", "حنان"), ("Hana", "هناء")),
        (("Lalla", "لالة"), ("Leila", "ليلى")),
        (("Khadija", "خديجة"), ("Khadra", "خضرة")),
        (("Mariem", "مريم"), ("Marwa", "مروة")),
        (("Hafsa", "حفصة"), ("Hafida", "حفيظة")),
        (("Malika", "مليكة"), ("Malak", "ملاك")),
        (("Zineb", "زينب"), ("Zina", "زينة")),
    ],
    "MA": [
        (("Alaoui", "العلوي"), ("Alami", "العلمي")),
        (("Hajji", "الحجي"), ("Hajjaji", "الحجاجي")),
        (("Tazi", "التازي"), ("Tahiri", "الطاهري")),
    ],
    "MR": [
        (("Ould Ahmed", "ولد أحمد"), ("Ould Hamid", "ولد حميد")),
        (("Ould Mohamed", "ولد محمد"), ("Ould Mahmoud", "ولد محمود")),
        (("Ould Cheikh", "ولد الشيخ"), ("Ould Cheikhna", "ولد الشيخنا")),
    ],
}

# What tells two people apart, in ten pairs: four a near given name, one a near family or father's name, two
# another given name, three another family name.
_DIFFERENT = ("near_given",) * 4 + ("near_family",) + ("other_given",) * 2 + ("other_family",) * 3
_MOHAMED = ("Mohammed", "Mohammad", "Muhammad", "Mohamad", "Mouhamed", "Mhamed")


def _each_word(text: str, change: Callable[[str], str]) -> str:
    return " ".join(change(word) for word in text.split(" "))


def _drop_vowel(word: str) -> str:
    """A short first vowel dropped, as in M'hamed or Mhamed: an o or e between the first two consonants."""
    return re.sub(r"^([^aeiouyAEIOUY])[oe](?=[^aeiouy])", r"\1", word)


def _double(word: str) -> str:
    """A single consonant between two vowels doubled (Mohammed), or a doubled one made single (Lala)."""
    if re.search(r"([^aeiou])\1", word):
        return re.sub(r"([^aeiou])\1", r"\1", word, count=1)
    return re.sub(r"(?<=[aeiou])([bdfklmnrst])(?=[aeiou])", r"\1\1", word, count=1)


# Spellings of one name as registers write them; each returns the name unchanged when it does not apply.
_LATIN_VARIANTS = (
    lambda t, r: re.sub(r"\bMohamm?ed\b", r.choice(_MOHAMED), t),
    lambda t, r: re.sub(r"\bEl (\w)", r.choice(("Al \\1", "El-\\1", "Al-\\1", "El\\1")), t),
    lambda t, r: re.sub(r"\bOuld ", r.choice(("O. ", "Ould-", "ould ", "Weld ")), t),
    lambda t, r: re.sub(r"\bMint ", r.choice(("Bint ", "Mint-", "mint ")), t),
    lambda t, r: t.replace("ou", "u") if "ou" in t else re.sub(r"(?<=[^aeiouAEIOU])u", "ou", t),
    lambda t, r: _each_word(t, _double),
    lambda t, r: _each_word(t, _drop_vowel),
    lambda t, r: t.replace("ch", "sh").replace("Ch", "Sh") if "h" in t else t,
    lambda t, r: t.replace("kh", r.choice(("k", "c"))).replace("Kh", "K"),
    lambda t, r: re.sub(r"ed\b", "ad", t),
    lambda t, r: re.sub(r"(?<=[^aeiou])ie", "ye", t).replace("ei", "ai"),
    lambda t, r: re.sub(r"a\b", "ah", t, count=1),
    lambda t, r: t.replace("etou", "atou").replace("j", "dj"),
    lambda t, r: t.upper(),
    lambda t, r: re.sub(r"(?<=\w)e(?=\w)", "é", t, count=1),
    lambda t, r: t.replace(" ", "-", 1) if t.count(" ") > 1 else t,
    lambda t, r: re.sub(r"[aeou]", lambda m: {"a": "e", "e": "a", "o": "u", "u": "o"}[m[0]], t, count=1),
    lambda t, r: re.sub(r"(?<=[ai]n)e\b", "", t) if re.search(r"[ai]ne\b", t) else re.sub(r"an\b", "ane", t),
    lambda t, r: re.sub(r"i\b", "y", t) if re.search(r"i\b", t) else re.sub(r"y\b", "i", t),
    lambda t, r: re.sub(r"\bAbd[ae]l", r.choice(("Abdoul", "Abd El ", "Abdal", "Abdel")), t),
    lambda t, r: re.sub(r"\b(Ould|Mint) ", "", t),
)
_ARABIC_VARIANTS = (
    lambda t: t.replace("أ", "ا").replace("إ", "ا"),
    lambda t: t.replace("ة", "ه"),
    lambda t: re.sub("ى\\b", "ي", t),
    lambda t: t.replace("محمد", "مُحَمَّد"),
    lambda t: t.replace("بنت ", "منت "),
    lambda t: t.replace("عبد ال", "عبدال"),
    lambda t: re.sub(" ال(?!له)(\\S+)$", " \\1", t),
)


@dataclass(frozen=True, slots=True)
class NamePair:
    """One file's names in Latin script, another's in Arabic script; `same` when they are one person."""

    latin: str
    arabic: str
    same: bool
    kind: str


def _latin_spelled(name: str, rng: random.Random) -> str:
    for variant in rng.sample(_LATIN_VARIANTS, rng.randint(1, 3)):
        name = variant(name, rng)
    return name


def _arabic_written(name: str, rng: random.Random) -> str:
    for variant in _ARABIC_VARIANTS:
        if rng.random() < 0.3:
            name = variant(name)
    return name


def _same_name(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """One name, or one in another form: the same Arabic, or one with a final و more (Ahmed, Ahmedou)."""
    first, second = sorted((arabic_key(a[1]), arabic_key(b[1])), key=len)
    return first == second or second == first + "و" or a[0] == b[0]


def _other(rng: random.Random, name: tuple[str, str], names: list[tuple[str, str]]) -> tuple[str, str]:
    """Another name of `names`, a different name from `name`."""
    while True:
        other = rng.choice(names)
        if not _same_name(name, other):
            return other


def _spelled(latin: tuple[str, str], arabic: tuple[str, str], rng: random.Random) -> tuple[str, str]:
    return _latin_spelled(" ".join(latin), rng), _arabic_written(" ".join(arabic), rng)


def pairs_make(count: int, *, seed: int = 15) -> list[NamePair]:
    """`count` pairs of one person and `count` pairs of two different people, the same for one seed."""
    rng = random.Random(seed)
    pairs = []
    for i in range(2 * count):
        country, sex = rng.choice(sorted(NAMES)), rng.choice("MF")
        names = NAMES[country]
        given_names = names["male" if sex == "M" else "female"]
        given = rng.choice(given_names + [name for pair in NEAR_NAMES[sex] for name in pair])
        family = rng.choice(names["family"])
        other_given, other_family = given, family
        kind = "same" if i < count else _DIFFERENT[i % len(_DIFFERENT)]
        if kind == "near_given":  # twins, or cousins of one father, born the same day
            given, other_given = rng.sample(rng.choice(NEAR_NAMES[sex]), 2)
        elif kind == "near_family":
            family, other_family = rng.sample(rng.choice(NEAR_NAMES[country]), 2)
        elif kind == "other_given":
            other_given = _other(rng, given, given_names)
        elif kind == "other_family":  # namesakes born the same day
            other_family = _other(rng, family, names["family"])
        family, other_family = (family_name_for(country, f, sex) for f in (family, other_family))
        latin, arabic = _spelled((given[0], family[0]), (other_given[1], other_family[1]), rng)
        pairs.append(NamePair(latin, arabic, kind == "same", kind))
    return pairs
