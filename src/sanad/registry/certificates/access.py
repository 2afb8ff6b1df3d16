"""Who may see which member: staff of the register anyone, an insured person only themself.

Pages and the API both ask here, so the scope is written once. Someone else's record does not exist for an
insured person (not found, never forbidden: the answer must not reveal that a number is in use).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.registry.certificates.payload import initials
from sanad.registry.models import Member
from sanad.registry.rules.numbers import registration_number_valid
from sanad.registry.selectors import Beneficiary, Rights, member_of_user, rights_on
from sanad.registry.vocabulary import RightsReason


def may_see_members(user: Any) -> bool:
    return can(user, "registry.view") or can(user, "self.view")


def may_check_rights(user: Any) -> bool:
    # Facilities check eligibility before care, as part of submitting claims: covered or not, nothing more.
    return may_see_members(user) or can(user, "registry.rights")


def member_visible(*, user: Any, registration_number: str) -> Member:
    """The member `user` may see under `registration_number`; PermissionDenied or DomainError otherwise."""
    if not may_see_members(user):
        raise PermissionDenied("registry.view")
    number = registration_number_valid(registration_number)
    if can(user, "registry.view"):
        member = Member.objects.prefetch_related("dependants").filter(registration_number=number).first()
    else:
        own = member_of_user(user=user)
        member = own if own is not None and own.registration_number == number else None
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="registration_number")
    return member


def member_holding(member: Member) -> tuple[Member, str]:
    """The open record a merged record was merged into (following merges of merges), and its number."""
    seen = {member.pk}
    while member.merged_into_id is not None:
        member = Member.objects.prefetch_related("dependants").get(pk=member.merged_into_id)
        if member.pk in seen:  # never in a consistent register; stops rather than loops
            break
        seen.add(member.pk)
    return member, member.registration_number


def _member_rights_by_number(number: str, on: date) -> tuple[Rights, str]:
    """The check every visit makes: the member and their rights in one query; after a merge, the kept
    record's (a merged record holds no rights any more), named by its number."""
    rights = rights_on(on=on, registration_number=number)
    if rights.member is not None and rights.member.merged_into_id is not None:
        kept, merged_into = member_holding(rights.member)
        return rights_on(beneficiary=Beneficiary.member(kept.pk), on=on), merged_into
    return rights, ""


def _rights_looked_up(
    user: Any, full: bool, number: str, on: date, dependant_id: int | None
) -> tuple[Rights, str]:
    """Rights of the member `number` (as `user` may see them) or of their dependant `dependant_id`."""
    if full:
        member: Member | None = member_visible(user=user, registration_number=number)
    else:
        member = Member.objects.filter(registration_number=number).only("pk", "merged_into").first()
    merged_into = ""
    if member is not None and member.merged_into_id is not None:
        # A merged record holds no rights any more: the answer is the kept record's, and says so.
        member, merged_into = member_holding(member)
    if member is None:
        return Rights(False, RightsReason.UNKNOWN, on), merged_into
    if dependant_id is None:
        return rights_on(beneficiary=Beneficiary.member(member.pk), on=on), merged_into
    rights = rights_on(beneficiary=Beneficiary.dependant(dependant_id), on=on)
    if rights.member is None or rights.member.pk != member.pk:
        if full:
            raise DomainError(ErrorCode.NOT_FOUND, field="dependant")
        rights = Rights(False, RightsReason.UNKNOWN, on)
    return rights, merged_into


def rights_check(
    *, user: Any, registration_number: str, on: date, dependant_id: int | None = None
) -> dict[str, Any]:
    """Rights of a member (or of one of their dependants) on `on`, as much as `user` may know.

    Staff and the insured person get the rights period and relationship; a facility gets only covered or
    not, the reason and the initials, and an unknown number is just "unknown beneficiary" for it.
    """
    if not may_check_rights(user):
        raise PermissionDenied("registry.rights")
    full = may_see_members(user)
    number = registration_number_valid(registration_number)
    if not full and dependant_id is None:
        rights, merged_into = _member_rights_by_number(number, on)
    else:
        rights, merged_into = _rights_looked_up(user, full, number, on, dependant_id)
    person = rights.dependant or rights.member
    message = rights.reason_label
    if merged_into:
        message = _("Record merged into %(number)s, whose rights these are: %(rights)s") % {
            "number": merged_into,
            "rights": message,
        }
    answer: dict[str, Any] = {
        "covered": rights.covered,
        "reason": rights.reason.value,
        "message": message,
        "initials": initials(person.first_name, person.last_name) if person else "",
        "merged_into": merged_into,
    }
    if full:
        answer |= {
            "on": on,
            "relationship": rights.relationship.value if rights.relationship else "member",
            "rights_start": rights.period.start if rights.period else None,
            "rights_end": rights.period.end if rights.period else None,
        }
    return answer
