"""The register for other systems: a member by registration number, rights on a date, the certificate,
and the corrections of a payment (`registry_corrections`).

Scoped by role: staff of the register see any member; an insured person only themself (others: 404);
facility staff may ask rights on a date and learn only covered or not, the reason and the initials.
A record merged into another (a person enrolled twice) answers with the kept record's data and rights and
names it in `merged_into`, as the certificate check does.
"""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from ninja import Field, Router, Schema

from sanad.api.rest import registry_corrections
from sanad.api.rest.bounds import Day, Id, identifier_text
from sanad.api.rest.errors import ERRORS
from sanad.registry.certificates.access import member_holding, member_visible, rights_check
from sanad.registry.certificates.document import certificate_download

router = Router(tags=["registry"])
router.add_router("", registry_corrections.router)

# A registration number as sent: its column's 32 characters, no invisible character (its check digit is
# the register's own check, a 400 too).
RegistrationNumber = identifier_text(32)
_MERGED = "The registration number of the kept record when the one asked for was merged into it; else null."


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
    merged_into: str | None = Field(None, description=_MERGED)

    @staticmethod
    def resolve_dependants(member) -> list:
        return list(member.dependants.all())

    @staticmethod
    def resolve_merged_into(member) -> None:
        return None  # the handler names the kept record


class RightsOut(Schema):
    covered: bool
    reason: str
    message: str
    initials: str
    on: datetime.date | None = None
    relationship: str | None = None
    rights_start: datetime.date | None = None
    rights_end: datetime.date | None = None
    merged_into: str | None = Field(None, description=_MERGED)


@router.get("/members/{registration_number}", response={200: MemberOut, **ERRORS})
def member_lookup(request, registration_number: RegistrationNumber):
    """A member and their dependants; the registration number's check digit is verified (400). A merged
    record's number answers with the kept record, named in `merged_into`."""
    member = member_visible(user=request.user, registration_number=registration_number)
    merged_into = None
    if member.merged_into_id is not None:
        member, merged_into = member_holding(member)
    answer = MemberOut.from_orm(member)
    answer.merged_into = merged_into
    return answer


@router.get("/members/{registration_number}/rights", response={200: RightsOut, **ERRORS}, exclude_none=True)
def member_rights(request, registration_number: RegistrationNumber, on: Day, dependant: Id | None = None):
    """Whether the member, or their dependant `dependant` (an id), is covered on `on`, and why. A merged
    record's number answers with the kept record's rights, named in `merged_into`."""
    rights = rights_check(
        user=request.user, registration_number=registration_number, on=on, dependant_id=dependant
    )
    return rights | {"merged_into": rights.get("merged_into") or None}


@router.get(
    "/members/{registration_number}/certificate.pdf",
    response={**ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "The certificate, as PDF.",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def member_certificate(request, registration_number: RegistrationNumber):
    """The signed rights certificate of the member's family today, as PDF (each download is audited)."""
    name, pdf = certificate_download(user=request.user, registration_number=registration_number)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
