"""Field checks shared by the services: each raises a DomainError naming the field at fault."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pycountry
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.types import FundProfile
from sanad.registry.inputs import CertificateInput, DependantInput, DocumentInput, MemberInput, PersonInput
from sanad.registry.models import Population, Relationship, Sex
from sanad.registry.rules import (
    certificate_kinds,
    certificates_valid_on,
    dependant_eligibility,
    identity_check,
)
from sanad.registry.vocabulary import CertificateKind


def required(value: str, field: str) -> str:
    if not (value or "").strip():
        raise DomainError(ErrorCode.REQUIRED, field=field)
    return value.strip()


def person_check(person: PersonInput, *, on: date, prefix: str = "") -> None:
    required(person.first_name, f"{prefix}first_name")
    required(person.last_name, f"{prefix}last_name")
    if person.sex not in Sex.values:
        raise DomainError(ErrorCode.INVALID, field=f"{prefix}sex")
    if person.birth_date is None:
        raise DomainError(ErrorCode.REQUIRED, field=f"{prefix}birth_date")
    if person.birth_date > on:
        raise DomainError(
            ErrorCode.INVALID, _("The birth date cannot be in the future."), field=f"{prefix}birth_date"
        )


def member_check(profile: FundProfile, member: MemberInput, *, on: date) -> None:
    person_check(member, on=on)
    if member.population not in Population.values:
        raise DomainError(ErrorCode.INVALID, field="population")
    if pycountry.countries.get(alpha_2=(member.nationality or "").upper()) is None:
        raise DomainError(ErrorCode.INVALID, _("Unknown country code."), field="nationality")
    if member.region not in {region.code for region in profile.regions}:
        raise DomainError(ErrorCode.INVALID, field="region")


def document_check(profile: FundProfile, document: DocumentInput, *, prefix: str) -> None:
    kinds = {kind.code: kind for kind in profile.identity.documents}
    if document.kind not in kinds:
        raise DomainError(ErrorCode.INVALID, _("Unknown kind of document."), field=f"{prefix}kind")
    required(document.number, f"{prefix}number")
    if kinds[document.kind].expires and document.expires_on is None:
        raise DomainError(
            ErrorCode.REQUIRED,
            _("The expiry date of the %(document)s is required.")
            % {"document": kinds[document.kind].label.get_text()},
            field=f"{prefix}expires_on",
        )


def certificate_check(profile: FundProfile, certificate: CertificateInput, *, prefix: str) -> None:
    if certificate.kind not in certificate_kinds(profile) | set(CertificateKind.values):
        raise DomainError(ErrorCode.INVALID, _("Unknown kind of certificate."), field=f"{prefix}kind")
    if certificate.issued_on is None:
        raise DomainError(ErrorCode.REQUIRED, field=f"{prefix}issued_on")
    if certificate.expires_on is not None and certificate.expires_on < certificate.issued_on:
        raise DomainError(
            ErrorCode.INVALID,
            _("A certificate cannot expire before it is issued."),
            field=f"{prefix}expires_on",
        )


def identity_required(
    profile: FundProfile, *, population: str, documents: Sequence[DocumentInput], on: date
) -> None:
    verdict = identity_check(profile, population=population, documents=documents, on=on)
    if not verdict.ok:
        raise DomainError(ErrorCode.REQUIRED, verdict.message, field="documents")


def dependant_check(profile: FundProfile, dependant: DependantInput, *, on: date, prefix: str) -> None:
    """A dependant is complete and, on `on`, eligible with the certificates handed in."""
    person_check(dependant, on=on, prefix=prefix)
    if dependant.relationship not in Relationship.values:
        raise DomainError(ErrorCode.INVALID, field=f"{prefix}relationship")
    for index, document in enumerate(dependant.documents):
        document_check(profile, document, prefix=f"{prefix}documents[{index}].")
    for index, certificate in enumerate(dependant.certificates):
        certificate_check(profile, certificate, prefix=f"{prefix}certificates[{index}].")
    verdict = dependant_eligibility(
        profile,
        relationship=dependant.relationship,
        birth_date=dependant.birth_date,
        on=on,
        certificates=certificates_valid_on(dependant.certificates, on),
        disabled=dependant.disabled,
    )
    if not verdict.ok:
        field = f"{prefix}certificates" if verdict.missing else f"{prefix}birth_date"
        raise DomainError(ErrorCode.INVALID, verdict.message, field=field)
