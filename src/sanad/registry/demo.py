"""Demo register: members with spouses and children, names in Latin and Arabic, valid phones and numbers."""

from __future__ import annotations

import datetime

import phonenumbers

from sanad.common.demo import DemoContext
from sanad.common.demo.names import NAMES, family_name_for
from sanad.funds import registration_number_make
from sanad.registry.demo_rights import certificates_load, contributions_load, documents_load, enrollments_load
from sanad.registry.models import Dependant, Member, Population, Relationship
from sanad.registry.search.terms import search_terms_refresh

# Mobile number plans: Mauritania 8 digits starting 2, 3 or 4; Morocco 9 digits starting 6 or 7.
_MOBILE = {"MR": ("+222", ("2", "3", "4"), 7), "MA": ("+212", ("6", "7"), 8)}
# Where regular migrants and refugees come from, per country (nationality codes, ISO 3166).
_ORIGINS = {"MR": (("SN", "ML", "GN", "GM"), ("ML",)), "MA": (("SN", "CI", "GN", "FR"), ("SY", "YE", "SD"))}


def _phone(ctx: DemoContext) -> str:
    """A random mobile number that the national numbering plan really allocates."""
    prefix, leads, rest = _MOBILE[ctx.profile.country]
    rng = ctx.rng
    while True:
        candidate = prefix + rng.choice(leads) + "".join(rng.choice("0123456789") for _ in range(rest))
        if phonenumbers.is_valid_number(phonenumbers.parse(candidate)):
            return candidate


def _birth_date(ctx: DemoContext, today: datetime.date, min_age: int, max_age: int) -> datetime.date:
    days = ctx.rng.randint(min_age * 365 + 1, max_age * 365 - 1)
    return today - datetime.timedelta(days=days)


def _dependant(member_id, relationship, first, last, sex, birth_date) -> Dependant:
    """A dependant from (Latin, Arabic) name pairs."""
    return Dependant(
        member_id=member_id,
        relationship=relationship,
        first_name=first[0],
        first_name_ar=first[1],
        last_name=last[0],
        last_name_ar=last[1],
        sex=sex,
        birth_date=birth_date,
    )


def members_load(ctx: DemoContext) -> None:
    """Create `ctx.members` members; about 60% with a spouse and 0 to 6 children each.

    Then their documents, certificates, contributions, rights periods and enrollments (demo_rights).
    """
    rng, country, profile, today = ctx.rng, ctx.profile.country, ctx.profile, ctx.today
    names = NAMES[country]
    migrants, refugees = _ORIGINS[country]
    members: list[Member] = []
    families: list[tuple[str, str]] = []
    for serial in range(1, ctx.members + 1):
        sex = "M" if rng.random() < 0.7 else "F"
        family = rng.choice(names["family"])
        first = rng.choice(names["male" if sex == "M" else "female"])
        last = family_name_for(country, family, sex)
        draw = rng.random()
        population, nationality = Population.NATIONAL, country
        if draw > 0.97:
            population, nationality = Population.REFUGEE, rng.choice(refugees)
        elif draw > 0.90:
            population, nationality = Population.MIGRANT, rng.choice(migrants)
        members.append(
            Member(
                registration_number=registration_number_make(profile, serial),
                first_name=first[0],
                first_name_ar=first[1],
                last_name=last[0],
                last_name_ar=last[1],
                sex=sex,
                birth_date=_birth_date(ctx, today, 22, 64),
                population=population,
                nationality=nationality,
                phone=_phone(ctx),
                region=rng.choice(profile.regions).code,
                enrolled_on=today - datetime.timedelta(days=rng.randint(0, 3 * 365)),
            )
        )
        families.append(family)
    Member.objects.bulk_create(members, batch_size=1000)
    saved = list(
        Member.objects.order_by("id").only(
            "id", "sex", "birth_date", "population", "registration_number", "enrolled_on"
        )
    )
    dependants: list[Dependant] = []
    for member, family in zip(saved, families, strict=True):
        member_age = (today - member.birth_date).days // 365
        if rng.random() < 0.6:
            spouse_sex = "F" if member.sex == "M" else "M"
            first = rng.choice(names["female" if spouse_sex == "F" else "male"])
            spouse_family = family_name_for(country, rng.choice(names["family"]), spouse_sex)
            birth = _birth_date(ctx, today, 18, max(19, member_age + 5))
            dependants.append(
                _dependant(member.id, Relationship.SPOUSE, first, spouse_family, spouse_sex, birth)
            )
        # Children are younger than their parent by at least 18 years.
        for _ in range(rng.randint(0, 6) if member_age >= 20 else 0):
            child_sex = rng.choice("MF")
            first = rng.choice(names["male" if child_sex == "M" else "female"])
            last = family_name_for(country, family, child_sex)
            birth = _birth_date(ctx, today, 0, min(26, member_age - 18))
            dependants.append(_dependant(member.id, Relationship.CHILD, first, last, child_sex, birth))
    Dependant.objects.bulk_create(dependants, batch_size=2000)
    search_terms_refresh(member_ids=[member.id for member in saved])
    people = list(
        Dependant.objects.order_by("id").only("id", "member_id", "relationship", "birth_date", "disabled")
    )
    documents_load(ctx, saved, [d for d in people if d.relationship == Relationship.SPOUSE])
    held = certificates_load(ctx, people)
    contributions_load(ctx, saved, people, held)
    enrollments_load(ctx, saved)
    ctx.counts["members"] = len(members)
    ctx.counts["dependants"] = len(dependants)
    insured = ctx.users.get("insured")
    if insured is not None:
        Member.objects.filter(pk=saved[0].id).update(user=insured)
