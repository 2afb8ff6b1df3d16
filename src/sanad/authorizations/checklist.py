"""The checklist of a request: its type's papers, those its answers call for, and the beneficiary's
administrative dossier; each present when uploaded or already held by the register.

Sources: seed 002 (the papers of each request; the administrative dossier: card, identity card, a spouse's
proof of no profession, a child of 21 to 26 with school and unmarried certificates, a disabled child with
the medical-control certificate).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sanad.funds.types import FundProfile
from sanad.funds.types_authorizations import RequestDocument, RequestType

UPLOAD = "upload"
REGISTER = "register"


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    document: RequestDocument
    source: str  # UPLOAD, REGISTER, or "" when missing

    @property
    def code(self) -> str:
        return self.document.code

    @property
    def present(self) -> bool:
        return bool(self.source)


def dossier_group(profile: FundProfile, *, relationship: str | None, age: int, disabled: bool) -> str | None:
    """Which dependants' papers the dossier asks for: a spouse's; a child's past the age limit for children
    (student, or disabled); none for the member or a younger child."""
    if relationship == "spouse":
        return "spouse"
    if relationship == "child" and age >= profile.dependants.child_max_age:
        return "disabled_child" if disabled else "student_child"
    return None


def checklist_codes(
    profile: FundProfile,
    request_type: RequestType,
    values: Mapping[str, str],
    group: str | None,
    *,
    branch: bool = False,
) -> list[str]:
    """The codes of the papers a request needs, in order, each once; filed at a branch, the papers the
    profile asks of the insured there too (seed 004: the care sheet signed and stamped by every provider)."""
    codes = list(request_type.documents)
    filing = profile.authorization_requests.branch_filing
    if branch and filing is not None:
        codes.extend(filing.documents)
    for conditional in request_type.conditional_documents:
        if values.get(conditional.field) == conditional.value:
            codes.extend(conditional.documents)
    if request_type.dossier:
        dossier = profile.authorization_requests.dossier
        codes.extend(dossier.everyone)
        if group is not None:
            codes.extend(getattr(dossier, group))
    return list(dict.fromkeys(codes))


def checklist_check(
    profile: FundProfile,
    request_type: RequestType,
    values: Mapping[str, str],
    *,
    group: str | None,
    uploaded: Collection[str],
    held: Collection[str],
    branch: bool = False,
) -> list[ChecklistItem]:
    """Each paper of the checklist, present when uploaded, or when the register holds it already (those
    are not asked again); the missing ones have no source."""
    catalogue = profile.authorization_requests
    items = []
    for code in checklist_codes(profile, request_type, values, group, branch=branch):
        document = catalogue.document(code)
        if code in uploaded:
            source = UPLOAD
        elif document.register and code in held:
            source = REGISTER
        else:
            source = ""
        items.append(ChecklistItem(document, source))
    return items
