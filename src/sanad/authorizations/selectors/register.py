"""What the register already holds of a beneficiary's administrative dossier, so that it is not asked
again: the registration card it issued, valid identity documents, the dependant's valid certificates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from sanad.funds import registration_number_normalize
from sanad.funds.types_authorizations import RequestDocument
from sanad.registry.models import Dependant, IdentityDocument, Member, SupportingCertificate


def _valid_identity(on: date, **owner: object) -> bool:
    return IdentityDocument.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on), **owner
    ).exists()


def register_holdings(
    *, member: Member, dependant: Dependant | None, on: date, documents: Iterable[RequestDocument]
) -> set[str]:
    """The codes of `documents` the register holds for the beneficiary, valid on `on`."""
    held: set[str] = set()
    certificates: set[str] = set()
    if dependant is not None:
        certificates = set(
            SupportingCertificate.objects.filter(dependant=dependant, issued_on__lte=on)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
            .values_list("kind", flat=True)
        )
    member_identity: bool | None = None
    for document in documents:
        source = document.register
        if source == "registration_card":
            held.add(document.code)  # the register issued it
        elif source in ("member_identity", "beneficiary_identity"):
            if source == "beneficiary_identity" and dependant is not None:
                if _valid_identity(on, dependant=dependant):
                    held.add(document.code)
                continue
            if member_identity is None:
                member_identity = _valid_identity(on, member=member)
            if member_identity:
                held.add(document.code)
        elif source == "certificate" and document.code in certificates:
            held.add(document.code)
    return held


def member_by_registration_number(number: str) -> Member | None:
    """The member of a registration number as typed (spaces and case forgiven), unless merged away."""
    number = registration_number_normalize(number or "")
    if not number:
        return None
    return Member.objects.filter(registration_number=number, merged_into__isnull=True).first()
