"""Dependants, identity documents and supporting certificates added to the register."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.registry.inputs import CertificateInput, DependantInput, DocumentInput
from sanad.registry.models import Dependant, IdentityDocument, Member, SupportingCertificate
from sanad.registry.services.checks import certificate_check, dependant_check, document_check


def document_create(
    document: DocumentInput, *, member: Member | None = None, dependant: Dependant | None = None
) -> IdentityDocument:
    row = IdentityDocument(
        member=member,
        dependant=dependant,
        kind=document.kind,
        number=document.number.strip().upper(),
        expires_on=document.expires_on,
    )
    if document.scan is not None:
        row.scan = document.scan
    row.save()
    return row


def certificate_create(certificate: CertificateInput, *, dependant: Dependant) -> SupportingCertificate:
    row = SupportingCertificate(
        dependant=dependant,
        kind=certificate.kind,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        reference=certificate.reference.strip(),
    )
    if certificate.scan is not None:
        row.scan = certificate.scan
    row.save()
    return row


def dependant_create(member: Member, dependant: DependantInput) -> Dependant:
    """Write a checked dependant with their documents and certificates."""
    row = Dependant.objects.create(
        member=member,
        relationship=dependant.relationship,
        first_name=dependant.first_name.strip(),
        last_name=dependant.last_name.strip(),
        first_name_ar=dependant.first_name_ar.strip(),
        last_name_ar=dependant.last_name_ar.strip(),
        sex=dependant.sex,
        birth_date=dependant.birth_date,
        disabled=dependant.disabled,
    )
    for document in dependant.documents:
        document_create(document, dependant=row)
    for certificate in dependant.certificates:
        certificate_create(certificate, dependant=row)
    return row


def dependant_summary(row: Dependant, dependant: DependantInput) -> dict[str, Any]:
    return {
        "id": row.pk,
        "relationship": row.relationship,
        "birth_date": row.birth_date,
        "disabled": row.disabled,
        "documents": [d.kind for d in dependant.documents],
        "certificates": [c.kind for c in dependant.certificates],
    }


@transaction.atomic
def dependant_add(*, actor: Any, member_id: int, dependant: DependantInput, on: date) -> Dependant:
    """Add a spouse or child to a member, refused unless they are a dependant on `on` (seed 002)."""
    profile = active_profile()
    member = Member.objects.select_for_update().filter(pk=member_id).first()
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="member_id")
    dependant_check(profile, dependant, on=on, prefix="")
    row = dependant_create(member, dependant)
    audit_record(actor=actor, action="dependant_add", obj=row, after=dependant_summary(row, dependant))
    return row


@transaction.atomic
def document_add(
    *, actor: Any, document: DocumentInput, member_id: int | None = None, dependant_id: int | None = None
) -> IdentityDocument:
    """File an identity document for a member or a dependant (exactly one of the two)."""
    if (member_id is None) == (dependant_id is None):
        raise DomainError(ErrorCode.REQUIRED, field="member_id")
    document_check(active_profile(), document, prefix="")
    owner: dict[str, Any] = {}
    if member_id is not None:
        owner["member"] = Member.objects.select_for_update().filter(pk=member_id).first()
    else:
        owner["dependant"] = Dependant.objects.select_for_update().filter(pk=dependant_id).first()
    if None in owner.values():
        raise DomainError(ErrorCode.NOT_FOUND, field="member_id" if member_id is not None else "dependant_id")
    row = document_create(document, **owner)
    audit_record(
        actor=actor,
        action="document_add",
        obj=row,
        after={"kind": row.kind, "number": row.number, "expires_on": row.expires_on},
    )
    return row


@transaction.atomic
def certificate_add(*, actor: Any, dependant_id: int, certificate: CertificateInput) -> SupportingCertificate:
    """File a supporting certificate (school, unmarried, medical control, no profession) for a dependant."""
    certificate_check(active_profile(), certificate, prefix="")
    dependant = Dependant.objects.select_for_update().filter(pk=dependant_id).first()
    if dependant is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="dependant_id")
    row = certificate_create(certificate, dependant=dependant)
    audit_record(
        actor=actor,
        action="certificate_add",
        obj=row,
        after={"kind": row.kind, "issued_on": row.issued_on, "expires_on": row.expires_on},
    )
    return row
