"""Rights at the facility's desk: a beneficiary typed by registration number, scanned from the rights
certificate's QR code or given by the short code of the certificate's SMS (its signature checked either
way), with the rights of the whole family today, until when and why not, in a constant number of queries."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sanad.claims.selectors.facility import own_facility
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds import registration_number_normalize
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.registry.certificates.links import certificate_link_token, link_code
from sanad.registry.certificates.payload import Payload, PayloadError
from sanad.registry.certificates.signing import TokenError, token_open
from sanad.registry.models import Dependant, Member
from sanad.registry.rules import age_on, certificate_kinds, dependant_eligibility
from sanad.registry.selectors import Beneficiary, Rights, rights_on, rights_on_many

_DAY = datetime.timedelta(days=1)
# What a certificate's QR code holds: its verification link, …/verify/<token>/ (a scanner types it); its
# SMS holds the same page under a short code, …/verify/<code>/, which may also be typed alone.
_KEY_IN_LINK = re.compile(r"/verify/([A-Za-z0-9_-]+)")
_BARE_TOKEN = re.compile(r"[A-Za-z0-9_-]{60,2000}")


@dataclass(frozen=True, slots=True)
class PersonRights:
    """The member or a dependant, their rights today, until when, and why not when not covered."""

    person: Member | Dependant
    rights: Rights
    until: datetime.date | None
    age: int
    why_not: str = ""
    age_limit_on: datetime.date | None = None

    @property
    def dependant_id(self) -> int | None:
        return self.person.pk if isinstance(self.person, Dependant) else None

    @property
    def relationship(self) -> str:
        return self.person.relationship if isinstance(self.person, Dependant) else "member"

    @property
    def until_age_limit(self) -> bool:
        """Covered until the eve of an age limit rather than the end of the rights period."""
        return self.age_limit_on is not None and self.until == self.age_limit_on - _DAY


@dataclass(frozen=True, slots=True)
class DeskCheck:
    on: datetime.date
    member: Member
    people: tuple[PersonRights, ...]
    # Set when the clerk scanned the certificate: its signed payload (the signature was checked).
    certificate: Payload | None = None

    @property
    def certificate_expired(self) -> bool:
        return self.certificate is not None and self.certificate.valid_until < self.on


def _token_of(text: str) -> str | None:
    """The signed token a query stands for: in a certificate's link, alone, or behind the short code of
    its SMS (read aloud or retyped, in capitals or not); None for anything else (a registration number)."""
    match = _KEY_IN_LINK.search(text)
    key = match.group(1) if match else text
    if link_code(key.lower()):
        token = certificate_link_token(key.lower())
        if not token:
            raise DomainError(
                ErrorCode.NOT_FOUND, _("No certificate has this code: check it on the SMS."), field="query"
            )
        return token
    return key if match or _BARE_TOKEN.fullmatch(text) else None


def _number_of(query: str, profile: FundProfile) -> tuple[str, Payload | None]:
    """The registration number typed, or the one signed in a certificate scanned from its QR code or named
    by its SMS's short code."""
    text = query.strip()
    token = _token_of(text)
    if token is None:
        return text, None
    try:
        payload = Payload.decode(token_open(token))
    except TokenError as error:
        if error.reason == "tampered":
            raise DomainError(
                ErrorCode.INVALID,
                _("This certificate was altered or forged: its signature does not match."),
                field="query",
            ) from error
        raise DomainError(ErrorCode.INVALID, _("This is not a certificate code."), field="query") from error
    except PayloadError as error:
        raise DomainError(ErrorCode.INVALID, _("This is not a certificate code."), field="query") from error
    if payload.fund != profile.code:
        raise DomainError(ErrorCode.INVALID, _("This certificate was issued by another fund."), field="query")
    return payload.registration_number, payload


def _birthday(birth_date: datetime.date, age: int) -> datetime.date:
    """The day a person reaches `age` (born on 29 February: 1 March in other years, as `age_on` counts)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return datetime.date(birth_date.year + age, 3, 1)


def _person_rights(profile: FundProfile, person: Member | Dependant, rights: Rights) -> PersonRights:
    on = rights.on
    age = age_on(person.birth_date, on)
    until = age_limit_on = None
    why_not = "" if rights.covered else rights.reason_label
    if rights.covered and rights.period is not None:
        grace = profile.rights.grace_days * _DAY
        until = rights.period.end if on <= rights.period.end else rights.period.end + grace
    if isinstance(person, Dependant):
        rules = profile.dependants
        kinds = certificate_kinds(profile)
        verdict = dependant_eligibility(
            profile,
            relationship=person.relationship,
            birth_date=person.birth_date,
            on=on,
            # `rights_on_many` annotated each dependant with the certificates valid that day.
            certificates=frozenset(k for k in kinds if getattr(person, f"valid_{k}", False)),
            disabled=person.disabled,
        )
        if not verdict.ok and verdict.message:
            why_not = verdict.message
        if rights.covered and person.relationship == "child" and not person.disabled:
            limit = rules.child_max_age if age < rules.child_max_age else rules.student_max_age
            age_limit_on = _birthday(person.birth_date, limit)
            if until is not None and age_limit_on - _DAY < until:
                until = age_limit_on - _DAY
    return PersonRights(person, rights, until, age, why_not, age_limit_on)


def desk_check(*, user: Any, query: str, on: datetime.date) -> DeskCheck:
    """The rights on `on` of a member, typed by registration number or scanned from the certificate's QR
    code or named by its SMS's short code (its signature checked), and of each of their dependants: four
    queries whatever the family, one more to read a short code's certificate."""
    own_facility(user=user)
    profile = active_profile()
    number, payload = _number_of(query, profile)
    if not number:
        raise DomainError(
            ErrorCode.REQUIRED, _("Type a registration number or scan a certificate."), field="query"
        )
    try:
        own = rights_on(on=on, registration_number=number)
    except DomainError as error:
        raise DomainError(error.code, error.message, field="query") from error
    if own.member is None:
        raise DomainError(
            ErrorCode.NOT_FOUND, _("No insured person has this registration number."), field="query"
        )
    member = own.member
    ids = list(
        Dependant.objects.filter(member_id=member.pk)
        .order_by("birth_date", "id")
        .values_list("pk", flat=True)
    )
    found = rights_on_many(on=on, beneficiaries=[Beneficiary.dependant(pk) for pk in ids]) if ids else {}
    people = [_person_rights(profile, member, own)]
    for pk in ids:
        rights = found[Beneficiary.dependant(pk)]
        if rights.dependant is not None:
            people.append(_person_rights(profile, rights.dependant, rights))
    return DeskCheck(on=on, member=member, people=tuple(people), certificate=payload)


def desk_beneficiary(
    *, user: Any, registration_number: str, dependant_id: int | None = None
) -> tuple[Member, Dependant | None]:
    """The member (and, if given, their dependant) a facility opens a care sheet for."""
    own_facility(user=user)
    number = registration_number_normalize(registration_number)
    member = Member.objects.filter(registration_number=number).first()
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="member")
    dependant = None
    if dependant_id is not None:
        dependant = Dependant.objects.filter(pk=dependant_id, member=member).first()
        if dependant is None:
            raise DomainError(ErrorCode.NOT_FOUND, field="dependant")
    return member, dependant
