"""Names as the duplicate rules compare them, in one script and across the two.

In one script, two spellings of one name give one key (`registry.spelling`): Mohamed, Mohammed and Muhammad
give "mhmd"; محمّد and محمد give "محمد". Across scripts, a person whose names are in Latin script only is
read against another's names in Arabic script (`transliteration.same_sounds`): "Mohamed Ould Cheikh" and
محمد ولد الشيخ are one person's names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sanad.registry.quality.transliteration import same_sounds
from sanad.registry.spelling import arabic_key, latin_key, name_sounds

__all__ = ["NameKeys", "arabic_key", "latin_key", "read_across", "same_person", "same_script"]


@dataclass(frozen=True, slots=True)
class NameKeys:
    """A person as the duplicate rules compare them: the keys of their names in each script, the same
    names read with their vowels (for a comparison across scripts), and the birth date."""

    latin: str
    arabic: str
    birth_date: date
    latin_sounds: str = ""
    arabic_sounds: str = ""

    @classmethod
    def of(cls, person: object) -> NameKeys:
        """The keys of a Member, a Dependant or any object with their name and birth-date fields."""
        first, last = getattr(person, "first_name", ""), getattr(person, "last_name", "")
        first_ar, last_ar = getattr(person, "first_name_ar", ""), getattr(person, "last_name_ar", "")
        return cls.read(f"{first} {last}", f"{first_ar} {last_ar}", person.birth_date)  # type: ignore[attr-defined]

    @classmethod
    def read(cls, latin: str, arabic: str, birth_date: date) -> NameKeys:
        """The keys of names written in Latin script and in Arabic script (either may be empty)."""
        latin_key_, arabic_key_ = latin_key(latin), arabic_key(arabic)
        if not latin_key_ and not arabic_key_:
            arabic, arabic_key_ = latin, arabic_key(latin)  # names typed in Arabic in the Latin fields
        return cls(
            latin_key_,
            arabic_key_,
            birth_date,
            name_sounds(latin) if latin_key_ else "",
            name_sounds(arabic) if arabic_key_ else "",
        )


def same_script(a: NameKeys, b: NameKeys) -> bool:
    """The same names in Latin script, or in Arabic script (birth dates aside)."""
    return bool(a.latin and a.latin == b.latin) or bool(a.arabic and a.arabic == b.arabic)


def read_across(latin_side: NameKeys, arabic_side: NameKeys) -> bool:
    """The names of `latin_side`, who has none in Arabic script, read as the Arabic names of `arabic_side`
    (birth dates aside). When both have Arabic names, those are compared instead: they tell better."""
    return not latin_side.arabic and same_sounds(latin_side.latin_sounds, arabic_side.arabic_sounds)


def same_person(a: NameKeys, b: NameKeys) -> bool:
    """Same birth date and the same names: in Latin script, in Arabic script, or read across the scripts
    when one of the two has no names in Arabic script."""
    if a.birth_date != b.birth_date:
        return False
    return same_script(a, b) or read_across(a, b) or read_across(b, a)
