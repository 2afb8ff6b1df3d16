"""The quality rules as pure functions: name keys across spellings and scripts, and each rule's hits."""

from __future__ import annotations

import datetime

import pytest

from sanad.registry.quality import rules
from sanad.registry.quality.names import NameKeys, arabic_key, latin_key, same_person
from sanad.registry.quality.rules import DocumentSnap, PersonSnap
from sanad.registry.quality.statuses import BLOCKING, FindingKind

BORN = datetime.date(1980, 3, 1)
TODAY = datetime.date(2026, 11, 23)


def keys(latin: str = "", arabic: str = "", born: datetime.date = BORN) -> NameKeys:
    return NameKeys.read(latin, arabic, born)


def member(pk: int, latin: str = "", arabic: str = "", born: datetime.date = BORN) -> PersonSnap:
    return PersonSnap(pk, None, keys(latin, arabic, born), label=f"M{pk}")


def dependant(pk: int, of: int, relationship: str, born: datetime.date, latin: str = "X") -> PersonSnap:
    return PersonSnap(of, pk, keys(latin, "", born), relationship=relationship, label=f"D{pk}")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mohamed Ould Cheikh", "Mohammed O. Cheikh"),
        ("Mohamed Ould Cheikh", "Muhammad Ould-Cheikh"),
        ("Mohamed Ould Cheikh", "MOHAMED OULD EL CHEIKH"),
        ("Aminetou Mint Ahmed", "Aminétou Mint-Ahmed"),
        ("Fatimetou Bint Sidi", "Fatimatou Mint Sidi"),
    ],
)
def test_it_gives_one_latin_key_to_spellings_of_one_name(a, b):
    assert latin_key(a) == latin_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("محمد ولد الشيخ", "محمّد ولد الشّيخ"),
        ("محمد ولد الشيخ", "مُحَمَّد ولد الشـيخ"),
        ("أمينتو منت أحمد", "امينتو بنت احمد"),
        ("فاطمة", "فاطمه"),
        ("مصطفى", "مصطفي"),
    ],
)
def test_it_gives_one_arabic_key_to_forms_of_one_name(a, b):
    assert arabic_key(a) == arabic_key(b)


def test_it_tells_different_names_apart():
    assert latin_key("Mohamed Ould Cheikh") != latin_key("Mohamed Ould Ahmed")
    assert latin_key("Mohamed Ould Cheikh") != latin_key("Mohamed Mint Cheikh")
    assert arabic_key("محمد ولد الشيخ") != arabic_key("محمد ولد أحمد")


def test_it_matches_a_person_on_either_script_and_the_same_birth_date():
    latin_only = keys("Mohamed Ould Cheikh", "")
    arabic_only = keys("", "محمد ولد الشيخ")
    both = keys("Mohammed O. Cheikh", "محمّد ولد الشّيخ")
    assert same_person(latin_only, both)
    assert same_person(arabic_only, both)
    assert same_person(latin_only, arabic_only)  # read across the two scripts
    assert not same_person(both, keys("Mohammed O. Cheikh", "محمّد ولد الشّيخ", BORN + datetime.timedelta(1)))


def test_two_files_with_arabic_names_are_compared_in_arabic_not_across():
    # Both have Arabic names, and they differ: the Latin spelling of one is not read against the other.
    mahmoud = keys("Mamadou Cheikhna", "محمود ولد الشيخ")
    assert not same_person(mahmoud, keys("Mohamed Ould Cheikh", "محمد ولد الشيخ"))
    assert same_person(keys("Mahmoud Ould Cheikh"), keys("Mamadou Cheikhna", "محمود ولد الشيخ"))


def test_the_duplicate_person_rule_pairs_two_members_once_whichever_side_is_checked():
    a, b = member(1, "Mohamed Ould Cheikh"), member(2, "Mohammed O. Cheikh")
    [hit] = rules.duplicate_persons([a], [b])
    [again] = rules.duplicate_persons([b], [a])
    assert hit.kind == FindingKind.DUPLICATE_PERSON and hit.other_member_id == 2
    assert hit.key == again.key


def test_the_dependant_elsewhere_rule_finds_a_dependant_who_is_a_member():
    spouse = dependant(10, 1, "spouse", BORN, latin="Mariem Mint Sidi")
    elsewhere = member(2, "Mariem Mint Sidi")
    [hit] = rules.duplicate_persons([member(1, "Ahmed"), spouse], [elsewhere])
    [reverse] = rules.duplicate_persons([elsewhere], [spouse])
    assert hit.kind == FindingKind.DEPENDANT_IS_MEMBER_ELSEWHERE
    assert (hit.dependant_id, hit.other_member_id) == (10, 2)
    assert reverse.key == hit.key and reverse.other_member_id == 1


def test_the_duplicate_document_rule_ignores_spacing_and_the_same_file():
    a, b = member(1, "A"), member(2, "B")
    mine = [DocumentSnap(a, "cnie", "ab 123-456")]
    [hit] = rules.duplicate_documents(mine, [DocumentSnap(b, "cnie", "AB123456")])
    assert hit.kind == FindingKind.DUPLICATE_DOCUMENT and hit.params["number"] == "AB123456"
    assert rules.duplicate_documents(mine, [DocumentSnap(b, "passport", "AB123456")]) == []
    assert (
        rules.duplicate_documents(mine, [DocumentSnap(dependant(5, 1, "child", BORN), "cnie", "AB123456")])
        == []
    )


def test_the_shared_phone_rule_needs_the_threshold_and_does_not_block():
    below = ["R2"] * (rules.PHONE_SHARED_THRESHOLD - 2)
    at = ["R2"] * (rules.PHONE_SHARED_THRESHOLD - 1)
    assert rules.shared_phone(1, "+22236123456", below) == []
    [hit] = rules.shared_phone(1, "+22236123456", at)
    assert hit.params["members"] == rules.PHONE_SHARED_THRESHOLD
    assert FindingKind.SHARED_PHONE not in BLOCKING


def test_the_child_rule_flags_a_child_older_or_too_close_in_age():
    parent = member(1, "A", born=BORN)
    older = dependant(1, 1, "child", BORN - datetime.timedelta(days=1))
    close = dependant(2, 1, "child", BORN.replace(year=BORN.year + 11))
    fine = dependant(3, 1, "child", BORN.replace(year=BORN.year + 20))
    hits = rules.children_too_old(parent, [older, close, fine])
    assert [h.dependant_id for h in hits] == [1, 2]
    assert {h.kind for h in hits} == {FindingKind.CHILD_OLDER_THAN_MEMBER}


def test_the_spouse_rule_uses_the_profiles_legal_age(profile):
    minimum = profile.dependants.spouse_min_age
    young = dependant(1, 1, "spouse", TODAY.replace(year=TODAY.year - minimum + 1))
    adult = dependant(2, 1, "spouse", TODAY.replace(year=TODAY.year - minimum))
    [hit] = rules.spouses_under_age(profile, [young, adult], on=TODAY)
    assert hit.dependant_id == 1 and hit.params["minimum"] == minimum


def test_the_document_rule_reuses_the_identity_check(profile):
    me = member(1, "A")
    kind = profile.identity.documents_for("national")[0].code
    [missing] = rules.documents_problem(profile, member_id=1, population="national", documents=[], on=TODAY)
    expired = [DocumentSnap(me, kind, "N1", TODAY - datetime.timedelta(days=1))]
    [hit] = rules.documents_problem(profile, member_id=1, population="national", documents=expired, on=TODAY)
    valid = [DocumentSnap(me, kind, "N1", TODAY + datetime.timedelta(days=1))]
    assert missing.kind == FindingKind.DOCUMENT_MISSING and kind in missing.params["required"]
    assert hit.kind == FindingKind.DOCUMENT_EXPIRED
    assert (
        rules.documents_problem(profile, member_id=1, population="national", documents=valid, on=TODAY) == []
    )
