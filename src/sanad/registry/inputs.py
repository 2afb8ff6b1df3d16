"""What a counter agent types in, as plain frozen data handed to the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentInput:
    """An identity document: `kind` is a code of the profile's `identity.documents`."""

    kind: str
    number: str
    expires_on: date | None = None
    scan: Any = None  # an uploaded file, optional


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateInput:
    """A dependant's supporting certificate (a `CertificateKind` code)."""

    kind: str
    issued_on: date
    expires_on: date | None = None
    reference: str = ""
    scan: Any = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonInput:
    first_name: str
    last_name: str
    sex: str
    birth_date: date
    first_name_ar: str = ""
    last_name_ar: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberInput(PersonInput):
    population: str
    nationality: str
    phone: str
    region: str
    address: str = ""
    photo: Any = None
    registration_number: str = ""  # empty: the next serial of the fund is given
    language: str = ""  # of the member's SMS, one of the profile's languages; empty: the fund's default


@dataclass(frozen=True, slots=True, kw_only=True)
class DependantInput(PersonInput):
    relationship: str
    disabled: bool = False
    documents: tuple[DocumentInput, ...] = ()
    certificates: tuple[CertificateInput, ...] = ()
