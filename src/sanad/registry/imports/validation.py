"""The dry run: every row and every family checked, nothing written; the families ready to write.

Each error names the row, the column, the rule broken and a message. Family rules: exactly one member
per family key; each dependant eligible on the import date (registry.rules); the member's identity
document of their population's kinds, unexpired that day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import pycountry
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError
from sanad.common.tabular import CellError, RowError, cell_text, read_bool, read_date
from sanad.funds import RegistrationNumberError, registration_number_check, registration_number_normalize
from sanad.funds.types import FundProfile
from sanad.registry.imports.columns import COLUMNS, LIST_SEPARATOR, REQUIRED, ROLES
from sanad.registry.imports.writing import DependantRow, Document, Family, MemberRow
from sanad.registry.models import Member, Population, Sex
from sanad.registry.rules import dependant_eligibility, identity_check
from sanad.registry.rules.numbers import registration_number_message
from sanad.registry.services.people import phone_normalize
from sanad.registry.vocabulary import CertificateKind

_COUNTRIES = frozenset(country.alpha_2 for country in pycountry.countries)
_LOOKUP = 500  # registration numbers looked up per query
# TextChoices.values is rebuilt on every access: read once, checked millions of times.
_SEXES, _POPULATIONS = tuple(Sex.values), tuple(Population.values)
_CERTIFICATES = frozenset(CertificateKind.values)


@dataclass
class Checked:
    rows: int = 0
    families: list[Family] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    given_numbers: list[str] = field(default_factory=list)


class _Row:
    """One row's cells, read one by one; each bad cell adds an error instead of raising."""

    def __init__(self, number: int, raw: dict[str, Any], errors: list[RowError]) -> None:
        self.number, self.raw, self.errors, self.ok = number, raw, errors, True

    def error(self, column: str, rule: str, message: Any) -> None:
        self.ok = False
        self.errors.append(RowError(self.number, column, rule, message))

    def text(self, column: str, required: bool = False) -> str:
        value = cell_text(self.raw.get(column))
        if required and not value:
            self.error(column, "required", _("This value is required."))
        return value

    def read(self, column: str, reader: Callable[[Any], Any], required: bool = True) -> Any:
        value = self.raw.get(column)
        if not cell_text(value) and not isinstance(value, datetime.date):
            if required:
                self.error(column, "required", _("This value is required."))
            return None
        try:
            return reader(value)
        except CellError as error:
            self.error(column, error.rule, error.message)
            return None

    def choice(self, column: str, values: Collection[str], required: bool = True) -> str:
        value = self.text(column, required)
        if value and value not in values:
            self.error(column, "choice", _("Choose one of: %(values)s.") % {"values": ", ".join(values)})
        return value


def _header_errors(header: list[str]) -> list[RowError]:
    missing = [
        RowError(1, name, "missing_column", _("This column is missing."))
        for name in REQUIRED
        if name not in header
    ]
    unknown = [
        RowError(1, name, "unknown_column", _("This column is not part of the file format."))
        for name in header
        if name and name not in COLUMNS
    ]
    return missing + unknown


def _registration_number(row: _Row, profile: FundProfile) -> str:
    typed = row.text("registration_number")
    if not typed:
        return ""
    try:
        registration_number_check(profile, typed)
    except RegistrationNumberError as error:
        row.error("registration_number", error.reason, registration_number_message(profile, error))
        return ""
    return registration_number_normalize(typed)


def _document(row: _Row, profile: FundProfile) -> Document | None:
    kinds = {kind.code: kind for kind in profile.identity.documents}
    kind = row.choice("document_kind", kinds, required=False)
    number = row.text("document_number")
    expires = row.read("document_expires_on", read_date, required=False)
    if not (kind or number or expires):
        return None
    if not kind:
        row.error("document_kind", "required", _("This value is required."))
    if not number:
        row.error("document_number", "required", _("This value is required."))
    if kind in kinds and kinds[kind].expires and expires is None and row.ok:
        row.error("document_expires_on", "required", _("This document expires: give its expiry date."))
    return Document(kind, number, expires) if kind in kinds and number else None


def _person(row: _Row, on: datetime.date) -> tuple:
    first, last = row.text("first_name", True), row.text("last_name", True)
    first_ar, last_ar = row.text("first_name_ar"), row.text("last_name_ar")
    sex = row.choice("sex", _SEXES)
    birth = row.read("birth_date", read_date)
    if birth is not None and birth > on:
        row.error("birth_date", "future", _("The birth date cannot be in the future."))
    return first, last, first_ar, last_ar, sex, birth


def _member(row: _Row, profile: FundProfile, on: datetime.date) -> Family | None:
    person = _person(row, on)
    population = row.choice("population", _POPULATIONS)
    nationality = row.text("nationality", True).upper()
    if nationality and nationality not in _COUNTRIES:
        row.error("nationality", "country", _("Unknown country code."))
    phone = row.text("phone")
    if phone:
        try:
            phone = phone_normalize(raw=phone)
        except DomainError as error:
            row.error("phone", "phone", error.message)
    region = row.choice("region", [region.code for region in profile.regions])
    number = _registration_number(row, profile)
    document = _document(row, profile)
    if population in _POPULATIONS:
        documents = [document] if document else []
        verdict = identity_check(profile, population=population, documents=documents, on=on)
        if not verdict.ok:
            row.error("document_kind", verdict.reason, verdict.message)
    if not row.ok:
        return None
    member = MemberRow(number, *person, population, nationality, phone, region)
    return Family(member, (document,) if document else ())


def _dependant(row: _Row, profile: FundProfile, role: str, on: datetime.date) -> DependantRow | None:
    person = _person(row, on)
    if row.text("registration_number"):
        row.error("registration_number", "member_only", _("Only a member has a registration number."))
    disabled = bool(row.read("disabled", read_bool, required=False))
    certificates = tuple(k.strip() for k in row.text("certificates").split(LIST_SEPARATOR) if k.strip())
    unknown = [k for k in certificates if k not in _CERTIFICATES]
    if unknown:
        message = _("Unknown kind of certificate: %(kinds)s.") % {"kinds": ", ".join(unknown)}
        row.error("certificates", "choice", message)
    document = _document(row, profile)
    if person[5] is not None and not unknown:
        verdict = dependant_eligibility(
            profile,
            relationship=role,
            birth_date=person[5],
            on=on,
            certificates=frozenset(certificates),
            disabled=disabled,
        )
        if not verdict.ok:
            row.error("certificates" if verdict.missing else "birth_date", verdict.reason, verdict.message)
    if not row.ok:
        return None
    return DependantRow(role, *person, disabled, (document,) if document else (), certificates)


def _taken(numbers: list[str]) -> set[str]:
    """Registration numbers already in the register: one query per few hundred numbers."""
    taken: set[str] = set()
    for start in range(0, len(numbers), _LOOKUP):
        part = numbers[start : start + _LOOKUP]
        taken.update(
            Member.objects.filter(registration_number__in=part).values_list("registration_number", flat=True)
        )
    return taken


def rows_check(
    header: list[str],
    rows: Iterable[tuple[int, dict[str, Any]]],
    *,
    profile: FundProfile,
    on: datetime.date,
    progress: Callable[[int], Any] | None = None,
) -> Checked:
    """Check every row and family; the families are returned only when there is no error at all."""
    checked = Checked(errors=_header_errors(header))
    if any(error.rule == "missing_column" for error in checked.errors):
        return checked
    members: dict[str, tuple[int, Family | None]] = {}
    dependants: list[tuple[int, str, DependantRow | None]] = []
    numbers: dict[str, int] = {}
    for number, raw in rows:
        checked.rows += 1
        row = _Row(number, raw, checked.errors)
        key = row.text("family", required=True)
        role = row.choice("role", ROLES)
        if role == "member":
            family = _member(row, profile, on)
            if key in members:
                message = _("This family already has its member on row %(row)s.") % {"row": members[key][0]}
                row.error("role", "one_member", message)
            elif key:
                members[key] = (number, family)
            given = family.member.registration_number if family else ""
            if given in numbers:
                message = _("This registration number is already on row %(row)s.") % {"row": numbers[given]}
                row.error("registration_number", "duplicate", message)
            elif given:
                numbers[given] = number
        elif role in ROLES:
            dependants.append((number, key, _dependant(row, profile, role, on)))
        if progress is not None and checked.rows % 10_000 == 0:
            progress(checked.rows)
    for number, key, person in dependants:
        if key and key not in members:
            message = _("No member row for family %(family)s.") % {"family": key}
            checked.errors.append(RowError(number, "family", "no_member", message))
        elif key and person is not None and members[key][1] is not None:
            members[key][1].dependants.append(person)  # type: ignore[union-attr]
    for taken in _taken(list(numbers)):
        message = _("This registration number is already taken.")
        checked.errors.append(RowError(numbers[taken], "registration_number", "taken", message))
    checked.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.field) if e.field in COLUMNS else -1))
    if not checked.errors:
        checked.families = [family for _, family in members.values() if family is not None]
        checked.given_numbers = list(numbers)
    return checked
