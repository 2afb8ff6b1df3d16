"""Rights on a date: is a beneficiary covered, and why. One indexed query per call (issue 3, item 7)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.registry.models import Dependant, Member, Relationship, RightsPeriod, SupportingCertificate
from sanad.registry.rules import RightsWindow, certificate_kinds, dependant_eligibility, rights_status
from sanad.registry.rules.numbers import registration_number_valid
from sanad.registry.vocabulary import RightsReason

_CHUNK = 500  # ids per query in rights_on_many, well under every database's parameter limit


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """A member (`dependant_id` None) or one of their dependants."""

    kind: str  # "member" or "dependant"
    id: int

    @classmethod
    def member(cls, member_id: int) -> Beneficiary:
        return cls("member", member_id)

    @classmethod
    def dependant(cls, dependant_id: int) -> Beneficiary:
        return cls("dependant", dependant_id)


@dataclass(frozen=True, slots=True)
class Rights:
    """The answer of `rights_on`: covered or not on `on`, the reason, the rights period that decided."""

    covered: bool
    reason: RightsReason
    on: date
    member: Member | None = None
    dependant: Dependant | None = None
    relationship: Relationship | None = None  # None: the member themself
    period: RightsWindow | None = None

    @property
    def reason_label(self) -> str:
        return str(self.reason.label)


def _with_rights(queryset: QuerySet[Any], member_ref: str, on: date) -> QuerySet[Any]:
    """Annotate each row with the latest rights period of its member paid from on or before `on`."""
    latest = RightsPeriod.objects.filter(member_id=OuterRef(member_ref), paid_from__lte=on).order_by(
        "-paid_from"
    )
    return queryset.annotate(
        rights_paid_from=Subquery(latest.values("paid_from")[:1]),
        rights_start=Subquery(latest.values("start")[:1]),
        rights_end=Subquery(latest.values("end")[:1]),
    )


def _with_certificates(queryset: QuerySet[Dependant], kinds: Iterable[str], on: date) -> QuerySet[Dependant]:
    """Annotate each dependant with one flag per certificate kind: valid on `on`."""
    flags = {
        f"valid_{kind}": Exists(
            SupportingCertificate.objects.filter(
                dependant_id=OuterRef("pk"), kind=kind, issued_on__lte=on
            ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        )
        for kind in kinds
    }
    return queryset.annotate(**flags)


def _window(row: Any) -> RightsWindow | None:
    if row.rights_paid_from is None:
        return None
    return RightsWindow(row.rights_paid_from, row.rights_start, row.rights_end)


def _member_rights(profile: FundProfile, member: Member, on: date) -> Rights:
    window = _window(member)
    covered, reason = rights_status(profile, window=window, on=on)
    return Rights(covered, reason, on, member=member, period=window)


def _dependant_rights(profile: FundProfile, dependant: Dependant, kinds: Iterable[str], on: date) -> Rights:
    relationship = Relationship(dependant.relationship)
    window = _window(dependant)
    base = {"on": on, "member": dependant.member, "dependant": dependant, "relationship": relationship}
    verdict = dependant_eligibility(
        profile,
        relationship=dependant.relationship,
        birth_date=dependant.birth_date,
        on=on,
        certificates=frozenset(kind for kind in kinds if getattr(dependant, f"valid_{kind}")),
        disabled=dependant.disabled,
    )
    if not verdict.ok:
        return Rights(False, RightsReason(verdict.reason), period=window, **base)
    covered, reason = rights_status(profile, window=window, on=on)
    return Rights(covered, reason, period=window, **base)


def _members(on: date) -> QuerySet[Member]:
    return _with_rights(Member.objects.all(), "pk", on)


def _read_date(value: Any) -> date | None:
    # A raw query's extra columns come as the driver gives them: text on SQLite, dates on PostgreSQL.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _member_on(on: date, *, number: str | None = None, pk: int | None = None) -> Member | None:
    """The member (by number or key) with their latest rights period paid from on or before `on`, as
    `_members` annotates them; the SQL is written once because building the ORM's three subqueries cost
    several times their execution (about 3 ms against 0.5 ms), on the call every patient visit makes."""
    quote = connection.ops.quote_name
    member, rights = quote(Member._meta.db_table), quote(RightsPeriod._meta.db_table)
    paid_from, start, end = (
        quote(RightsPeriod._meta.get_field(name).column) for name in ("paid_from", "start", "end")
    )
    key = quote("registration_number" if number is not None else Member._meta.pk.column)
    # Names from the models' metadata, quoted; the values are parameters.
    sql = (
        f"SELECT m.*, r.{paid_from} AS rights_paid_from, r.{start} AS rights_start, r.{end} AS rights_end "  # noqa: S608
        f"FROM {member} m LEFT JOIN {rights} r ON r.id = ("
        f"SELECT p.id FROM {rights} p WHERE p.member_id = m.id AND p.{paid_from} <= %s "
        f"ORDER BY p.{paid_from} DESC LIMIT 1) WHERE m.{key} = %s"
    )
    found = next(iter(Member.objects.raw(sql, [on, number if number is not None else pk])), None)
    if found is not None:
        for name in ("rights_paid_from", "rights_start", "rights_end"):
            setattr(found, name, _read_date(getattr(found, name)))
    return found


def _dependants(kinds: Iterable[str], on: date) -> QuerySet[Dependant]:
    return _with_certificates(
        _with_rights(Dependant.objects.select_related("member"), "member_id", on), kinds, on
    )


def rights_on(
    *, on: date, beneficiary: Beneficiary | None = None, registration_number: str | None = None
) -> Rights:
    """Whether a beneficiary (or the member holding `registration_number`) is covered on `on`, and why.

    One query: the person, their member, the latest rights period and the certificates valid that day.
    """
    profile = active_profile()
    if (beneficiary is None) == (registration_number is None):
        raise DomainError(ErrorCode.REQUIRED, field="beneficiary")
    if registration_number is not None:
        number = registration_number_valid(registration_number, profile=profile)
        member = _member_on(on, number=number)
        return _member_rights(profile, member, on) if member else Rights(False, RightsReason.UNKNOWN, on)
    assert beneficiary is not None
    if beneficiary.kind == "member":
        member = _member_on(on, pk=beneficiary.id)
        return _member_rights(profile, member, on) if member else Rights(False, RightsReason.UNKNOWN, on)
    kinds = sorted(certificate_kinds(profile))
    dependant = _dependants(kinds, on).filter(pk=beneficiary.id).first()
    return (
        _dependant_rights(profile, dependant, kinds, on)
        if dependant
        else Rights(False, RightsReason.UNKNOWN, on)
    )


def rights_on_many(*, on: date, beneficiaries: Iterable[Beneficiary]) -> dict[Beneficiary, Rights]:
    """`rights_on` for many beneficiaries: two queries per 500 members and per 500 dependants."""
    profile = active_profile()
    wanted = list(dict.fromkeys(beneficiaries))
    member_ids = [b.id for b in wanted if b.kind == "member"]
    dependant_ids = [b.id for b in wanted if b.kind == "dependant"]
    kinds = sorted(certificate_kinds(profile))
    found: dict[Beneficiary, Rights] = {}
    for start in range(0, len(member_ids), _CHUNK):
        for member in _members(on).filter(pk__in=member_ids[start : start + _CHUNK]):
            found[Beneficiary.member(member.pk)] = _member_rights(profile, member, on)
    for start in range(0, len(dependant_ids), _CHUNK):
        for dependant in _dependants(kinds, on).filter(pk__in=dependant_ids[start : start + _CHUNK]):
            found[Beneficiary.dependant(dependant.pk)] = _dependant_rights(profile, dependant, kinds, on)
    return {b: found.get(b) or Rights(False, RightsReason.UNKNOWN, on) for b in wanted}
