"""The detector: load one member's file and its candidates in a fixed number of queries, run the rules.

Queries, whatever the size of the family or of the register: the member with dependants, the family's
documents, members and dependants born on the family's birth dates, documents with the family's numbers,
and members with the member's phone. Candidates by birth date need an index on `birth_date` to stay fast on
a national register.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from sanad.funds.types import FundProfile
from sanad.registry.models import Dependant, IdentityDocument, Member, Relationship
from sanad.registry.quality import rules
from sanad.registry.quality.names import NameKeys
from sanad.registry.quality.rules import DocumentSnap, Hit, PersonSnap

_PERSON_FIELDS = ("id", "first_name", "last_name", "first_name_ar", "last_name_ar", "birth_date")


def _member_snap(member: Member) -> PersonSnap:
    return PersonSnap(
        member.pk,
        None,
        NameKeys.of(member),
        label=f"{member.registration_number} {member.full_name}",
        name=member.full_name,
        name_ar=member.full_name_ar,
    )


def _dependant_snap(dependant: Dependant, number: str) -> PersonSnap:
    return PersonSnap(
        dependant.member_id,
        dependant.pk,
        NameKeys.of(dependant),
        relationship=dependant.relationship,
        label=f"{dependant.full_name} ({number})",
        name=dependant.full_name,
        name_ar=dependant.full_name_ar,
    )


def _document_snaps(rows, owners: dict[tuple[str, int], PersonSnap]) -> list[DocumentSnap]:
    snaps = []
    for row in rows:
        owner = owners.get(("d", row.dependant_id)) if row.dependant_id else owners.get(("m", row.member_id))
        if owner is not None:
            snaps.append(DocumentSnap(owner, row.kind, row.number, row.expires_on))
    return snaps


def detect(profile: FundProfile, *, member_id: int, on: date) -> list[Hit]:
    """Every hit of every rule on the file of `member_id`, on `on`; nothing is written."""
    member = Member.objects.prefetch_related("dependants").get(pk=member_id)
    dependants = list(member.dependants.all())
    me = _member_snap(member)
    family = [me, *(_dependant_snap(d, member.registration_number) for d in dependants)]
    owners = {("m", member.pk): me} | {("d", p.dependant_id): p for p in family if p.dependant_id}
    documents = _document_snaps(
        IdentityDocument.objects.filter(Q(member_id=member.pk) | Q(dependant__member_id=member.pk)), owners
    )

    # Candidates: other files' persons born on one of the family's birth dates, and documents by number.
    # A record merged into another is closed: its person is the kept record's, never a second candidate.
    births = {p.keys.birth_date for p in family}
    other_members = list(
        Member.objects.filter(birth_date__in=births, merged_into__isnull=True)
        .exclude(pk=member.pk)
        .only(*_PERSON_FIELDS, "registration_number")
    )
    other_dependants = list(
        Dependant.objects.filter(birth_date__in=births)
        .exclude(member_id=member.pk)
        .select_related("member")
        .only(*_PERSON_FIELDS, "relationship", "member_id", "member__registration_number")
    )
    others = [_member_snap(m) for m in other_members]
    others += [_dependant_snap(d, d.member.registration_number) for d in other_dependants]
    numbers = {d.number for d in documents} | {rules.number_key(d.number) for d in documents}
    found = list(
        IdentityDocument.objects.filter(number__in=numbers)
        .exclude(Q(member_id=member.pk) | Q(dependant__member_id=member.pk))
        .select_related("member", "dependant__member")
    )
    other_owners: dict[tuple[str, int], PersonSnap] = {}
    for row in found:
        if row.dependant_id:
            other_owners[("d", row.dependant_id)] = _dependant_snap(
                row.dependant, row.dependant.member.registration_number
            )
        else:
            other_owners[("m", row.member_id)] = _member_snap(row.member)

    hits = rules.duplicate_documents(documents, _document_snaps(found, other_owners))
    hits += rules.duplicate_persons(family, others)
    # Members sharing the phone, except those already found to be this family's own dependants.
    related = {h.other_member_id for h in hits if h.kind == rules.FindingKind.DEPENDANT_IS_MEMBER_ELSEWHERE}
    holders = (
        [
            number
            for pk, number in Member.objects.filter(phone=member.phone, merged_into__isnull=True)
            .exclude(pk=member.pk)
            .values_list("pk", "registration_number")
            if pk not in related
        ]
        if member.phone
        else []
    )
    hits += rules.shared_phone(member.pk, member.phone, holders)
    children = [p for p in family if p.relationship == Relationship.CHILD]
    spouses = [p for p in family if p.relationship == Relationship.SPOUSE]
    hits += rules.children_too_old(me, children)
    hits += rules.spouses_under_age(profile, spouses, on=on)
    own_documents = [d for d in documents if d.owner.dependant_id is None]
    hits += rules.documents_problem(
        profile, member_id=member.pk, population=member.population, documents=own_documents, on=on
    )
    unique: dict[str, Hit] = {}
    for hit in hits:
        unique.setdefault(hit.key, hit)
    return list(unique.values())
