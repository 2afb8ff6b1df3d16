"""The quality rules: pure functions over snapshots of the register, each returning the hits it finds."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sanad.funds.types import FundProfile
from sanad.registry.quality.names import NameKeys, read_across, same_person, same_script
from sanad.registry.quality.statuses import FindingKind
from sanad.registry.rules import age_on, identity_check
from sanad.registry.vocabulary import IdentityProblem

# A phone on this many members or more is suspicious (one person enrolled several times, or a broker).
PHONE_SHARED_THRESHOLD = 3
# A parent is at least this many years older than their child.
CHILD_MIN_GAP_YEARS = 12


@dataclass(frozen=True, slots=True)
class PersonSnap:
    """A member (dependant_id None) or a dependant of `member_id`, as the rules see them; `name` and
    `name_ar` are their names as written in each script, to show."""

    member_id: int
    dependant_id: int | None
    keys: NameKeys
    relationship: str = "member"
    label: str = ""
    name: str = ""
    name_ar: str = ""


@dataclass(frozen=True, slots=True)
class DocumentSnap:
    owner: PersonSnap
    kind: str
    number: str
    expires_on: date | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: the kind, the dependant and other member involved, and a stable key."""

    kind: FindingKind
    key: str
    dependant_id: int | None = None
    other_member_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)


def number_key(number: str) -> str:
    """A document number without spaces, dashes or dots, in capitals: "a 123-456" is "A123456"."""
    return re.sub(r"[\s.\-/]", "", number).upper()


def _pair(kind: str, a: int, b: int, extra: str = "") -> str:
    low, high = sorted((a, b))
    return f"{kind}:{low}:{high}:{extra}"


def _elsewhere(mine: PersonSnap, theirs: PersonSnap, basis: str, shown: dict[str, str]) -> Hit | None:
    """A dependant on one side and a member on the other: the same person covered twice."""
    if (mine.dependant_id is None) == (theirs.dependant_id is None):
        return None
    dependant, member = (mine, theirs) if mine.dependant_id is not None else (theirs, mine)
    return Hit(
        FindingKind.DEPENDANT_IS_MEMBER_ELSEWHERE,
        f"dependant_is_member_elsewhere:{dependant.dependant_id}:{member.member_id}",
        dependant_id=dependant.dependant_id,
        other_member_id=theirs.member_id,
        params={"basis": basis, "dependant": dependant.label, "member": member.label, **shown},
    )


def _across(own: PersonSnap, other: PersonSnap) -> dict[str, str]:
    """When two persons' names are alike only read across the scripts, both names as written: the finding
    shows them, since one of the two has no names in the other's script."""
    if same_script(own.keys, other.keys):
        return {}
    for latin, arabic in ((own, other), (other, own)):
        if read_across(latin.keys, arabic.keys):
            return {"latin": latin.name, "arabic": arabic.name_ar or arabic.name}
    return {}


def duplicate_documents(mine: Iterable[DocumentSnap], others: Iterable[DocumentSnap]) -> list[Hit]:
    """A document number of the family (same kind) held by a person of another member's file."""
    by_number = {(d.kind, number_key(d.number)): d for d in mine}
    hits = []
    for other in others:
        own = by_number.get((other.kind, number_key(other.number)))
        if own is None or other.owner.member_id == own.owner.member_id:
            continue
        hit = _elsewhere(own.owner, other.owner, "document", {})
        if hit is None:
            number = number_key(own.number)
            hit = Hit(
                FindingKind.DUPLICATE_DOCUMENT,
                _pair(
                    "duplicate_document", own.owner.member_id, other.owner.member_id, f"{own.kind}:{number}"
                ),
                dependant_id=own.owner.dependant_id or other.owner.dependant_id,
                other_member_id=other.owner.member_id,
                params={"document": own.kind, "number": number, "other": other.owner.label},
            )
        hits.append(hit)
    return hits


def duplicate_persons(mine: Sequence[PersonSnap], others: Iterable[PersonSnap]) -> list[Hit]:
    """A person of the family with the same names and birth date as a person of another member's file (seed
    003: quality control of the register before a certificate), the names compared in one script or, when
    one of the two has none in Arabic script, read across the scripts."""
    hits = []
    for other in others:
        for own in mine:
            if own.member_id == other.member_id or not same_person(own.keys, other.keys):
                continue
            shown = _across(own, other)
            hit = _elsewhere(own, other, "names", shown)
            if hit is None and own.dependant_id is None and other.dependant_id is None:
                hit = Hit(
                    FindingKind.DUPLICATE_PERSON,
                    _pair("duplicate_person", own.member_id, other.member_id),
                    other_member_id=other.member_id,
                    params={"other": other.label, **shown},
                )
            if hit is not None:
                hits.append(hit)
    return hits


def shared_phone(member_id: int, phone: str, holders: Sequence[str]) -> list[Hit]:
    """The member's phone is also on `holders` (other, unrelated members) and reaches the threshold."""
    if not phone or len(holders) + 1 < PHONE_SHARED_THRESHOLD:
        return []
    shown = sorted(holders)[:10]
    return [
        Hit(
            FindingKind.SHARED_PHONE,
            f"shared_phone:{member_id}:{phone}",
            params={"phone": phone, "members": len(holders) + 1, "others": shown},
        )
    ]


def children_too_old(member: PersonSnap, children: Iterable[PersonSnap]) -> list[Hit]:
    """A child born before the member, or less than CHILD_MIN_GAP_YEARS after."""
    hits = []
    for child in children:
        gap = (
            age_on(member.keys.birth_date, child.keys.birth_date)
            if child.keys.birth_date > member.keys.birth_date
            else 0
        )
        if gap < CHILD_MIN_GAP_YEARS:
            hits.append(
                Hit(
                    FindingKind.CHILD_OLDER_THAN_MEMBER,
                    f"child_older_than_member:{child.dependant_id}:{member.keys.birth_date}:{child.keys.birth_date}",
                    dependant_id=child.dependant_id,
                    params={"dependant": child.label, "gap_years": gap, "minimum": CHILD_MIN_GAP_YEARS},
                )
            )
    return hits


def spouses_under_age(profile: FundProfile, spouses: Iterable[PersonSnap], *, on: date) -> list[Hit]:
    """A spouse younger on `on` than the profile's spouse_min_age (the legal age of marriage)."""
    minimum = profile.dependants.spouse_min_age
    hits = []
    for spouse in spouses:
        age = age_on(spouse.keys.birth_date, on)
        if age < minimum:
            hits.append(
                Hit(
                    FindingKind.SPOUSE_UNDER_AGE,
                    f"spouse_under_age:{spouse.dependant_id}:{spouse.keys.birth_date}",
                    dependant_id=spouse.dependant_id,
                    params={"dependant": spouse.label, "age": age, "minimum": minimum},
                )
            )
    return hits


def documents_problem(
    profile: FundProfile, *, member_id: int, population: str, documents: Sequence[DocumentSnap], on: date
) -> list[Hit]:
    """The member holds no document of their population's kinds, or only expired ones (registry.rules)."""
    verdict = identity_check(profile, population=population, documents=documents, on=on)
    if verdict.ok:
        return []
    expired = verdict.reason == IdentityProblem.DOCUMENT_EXPIRED
    kind = FindingKind.DOCUMENT_EXPIRED if expired else FindingKind.DOCUMENT_MISSING
    # The key changes with the documents held, so a new (still wrong) document is a new finding.
    held = ",".join(sorted(f"{d.kind}:{d.expires_on}" for d in documents)) or "-"
    return [Hit(kind, f"{kind}:{member_id}:{held}", params={"required": list(verdict.missing)})]
