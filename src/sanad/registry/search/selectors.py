"""Finding a person of the register by what the counter has in hand: a registration number, a phone number,
an identity document's number, or names in either script, spelled any way (issue 14, item 1)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import phonenumbers
from django.db.models import Exists, OuterRef, Q

from sanad.funds import registration_number_normalize
from sanad.funds.active import active_profile
from sanad.registry.models import Dependant, IdentityDocument, Member, SearchTerm
from sanad.registry.search.keys import name_terms, pair_term, term_key
from sanad.registry.selectors.rights import Beneficiary, Rights, rights_on_many

PAGE_SIZE = 20
_PROBE = 5000  # rows counted per key to pick the rarest one to read first
_PAIRED = 4  # the first words of a search whose pairs are looked up (a name has rarely more)
Key = tuple[int, int]  # (member id, dependant id; 0 for the member)


@dataclass(frozen=True, slots=True)
class Found:
    """A person found, with their family's member and their rights on the day of the search."""

    member: Member
    dependant: Dependant | None
    rights: Rights


@dataclass(frozen=True, slots=True)
class FoundPage:
    rows: list[Found]
    next_after: str | None  # the cursor of the next page, when there is one
    searched: bool  # False when the text held nothing to search by


def _cursor(text: str) -> Key:
    try:
        member, dependant = (int(part) for part in text.split("-", 1))
    except ValueError:
        return (0, -1)
    return (member, dependant)


def _phone(text: str) -> str | None:
    digits = sum(c.isdigit() for c in text)
    if digits < 6:
        return None
    try:
        number = phonenumbers.parse(text, active_profile().phone_region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _families(member_ids: list[int]) -> set[Key]:
    keys = {(pk, 0) for pk in member_ids}
    keys.update(Dependant.objects.filter(member_id__in=member_ids).values_list("member_id", "pk"))
    return keys


def _by_number(text: str, after: Key, size: int) -> set[Key]:
    """Everyone a number points to after `after`: the family of a registration or phone number (one phone
    may serve several families), a document's holder; at most `size` families, in register order."""
    compact = registration_number_normalize(text)
    if not compact or not any(c.isdigit() for c in compact):
        return set()
    members = Q(registration_number=compact)
    phone = _phone(text)
    if phone:
        members |= Q(phone=phone)
    found = Member.objects.filter(members, pk__gte=after[0]).order_by("pk").values_list("pk", flat=True)
    keys = _families(list(found[:size]))
    holders = IdentityDocument.objects.filter(number__in={text.strip(), compact}).values_list(
        "member_id", "dependant__member_id", "dependant_id"
    )[:size]
    for member_id, dependant_member_id, dependant_id in holders:
        keys.add((member_id, 0) if member_id else (dependant_member_id, dependant_id))
    return keys


def _after(after: Key) -> Q:
    return Q(member_id__gt=after[0]) | Q(member_id=after[0], dependant_id__gt=after[1])


def _by_names(terms: list[str], after: Key, size: int) -> list[Key]:
    """Persons holding every key, in (member, dependant) order after `after`.

    The rarest key is read in its index's order, pairs of words first (a person's pair of names is far
    rarer than either name: two common names with nobody bearing both cost one index look-up), and each
    person it gives is checked for the other words, so that a page stops as soon as it is full.
    """
    words = sorted(set(terms))
    pairs = [pair_term(a, b) for i, a in enumerate(words[:_PAIRED]) for b in words[i + 1 : _PAIRED]]
    keys = {term: term_key(term) for term in pairs or words}
    counts = {term: SearchTerm.objects.filter(term_key=key)[:_PROBE].count() for term, key in keys.items()}
    first = min(counts, key=lambda term: counts[term])
    if counts[first] == 0:
        return []
    covered = set(first.split(" "))
    query = SearchTerm.objects.filter(_after(after), term_key=keys[first])
    for term in words:
        if term in covered:
            continue
        query = query.filter(
            Exists(
                SearchTerm.objects.filter(
                    term_key=term_key(term),
                    member_id=OuterRef("member_id"),
                    dependant_id=OuterRef("dependant_id"),
                )
            )
        )
    return list(query.order_by("member_id", "dependant_id").values_list("member_id", "dependant_id")[:size])


def person_search(*, text: str, on: datetime.date, after: str = "", size: int = PAGE_SIZE) -> FoundPage:
    """A page of the persons that `text` names, each with their rights on `on`, in register order."""
    text = text.strip()[:120]
    terms = name_terms(text)
    start = _cursor(after)
    numbers = _by_number(text, start, size + 1)
    if not terms and not numbers:
        return FoundPage([], None, searched=False)
    keys = sorted(key for key in numbers if key > start)[: size + 1]
    if terms:
        keys = sorted(set(keys) | set(_by_names(terms, start, size + 1)))[: size + 1]
    more = len(keys) > size
    keys = keys[:size]
    beneficiaries = [Beneficiary.dependant(d) if d else Beneficiary.member(m) for m, d in keys]
    rights = rights_on_many(on=on, beneficiaries=beneficiaries)
    rows = [
        Found(found.member, found.dependant, found)
        for found in (rights[b] for b in beneficiaries)
        if found.member is not None
    ]
    return FoundPage(rows, f"{keys[-1][0]}-{keys[-1][1]}" if more else None, searched=True)
