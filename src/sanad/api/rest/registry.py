"""The register for other systems: a member by registration number, rights on a date, the certificate.

Scoped by role: staff of the register see any member; an insured person only themself (others: 404);
facility staff may ask rights on a date and learn only covered or not, the reason and the initials.
"""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from ninja import Router, Schema

from sanad.registry.certificates.access import member_visible, rights_check
from sanad.registry.certificates.document import certificate_download

router = Router(tags=["registry"])


class DependantOut(Schema):
    id: int
    first_name: str
    last_name: str
    first_name_ar: str
    last_name_ar: str
    sex: str
    birth_date: datetime.date
    relationship: str
    disabled: bool


class MemberOut(Schema):
    registration_number: str
    first_name: str
    last_name: str
    first_name_ar: str
    last_name_ar: str
    sex: str
    birth_date: datetime.date
    population: str
    region: str
    enrolled_on: datetime.date
    dependants: list[DependantOut]

    @staticmethod
    def resolve_dependants(member) -> list:
        return list(member.dependants.all())


class RightsOut(Schema):
    covered: bool
    reason: str
    message: str
    initials: str
    on: datetime.date | None = None
    relationship: str | None = None
    rights_start: datetime.date | None = None
    rights_end: datetime.date | None = None


@router.get("/members/{registration_number}", response=MemberOut)
def member_lookup(request, registration_number: str):
    """A member and their dependants; the registration number's check digit is verified (400)."""
    return member_visible(user=request.user, registration_number=registration_number)


@router.get("/members/{registration_number}/rights", response=RightsOut, exclude_none=True)
def member_rights(request, registration_number: str, on: datetime.date, dependant: int | None = None):
    """Whether the member, or their dependant `dependant` (an id), is covered on `on`, and why."""
    return rights_check(
        user=request.user, registration_number=registration_number, on=on, dependant_id=dependant
    )


@router.get("/members/{registration_number}/certificate.pdf")
def member_certificate(request, registration_number: str):
    """The signed rights certificate of the member's family today, as PDF (each download is audited)."""
    name, pdf = certificate_download(user=request.user, registration_number=registration_number)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
