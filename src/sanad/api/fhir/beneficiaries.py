"""Who a Patient id names, as much as the caller may know: through the register's own scope
(`registry.certificates.access`), which the REST API uses too, so FHIR never tells more than it.

- Staff of the register see any member and dependant in full; an insured person only themself and their
  family (`member_visible`): the rest does not exist for them (404).
- Facility staff may check rights (`rights_check`): covered or not, the reason and the initials; nothing
  else of the person (no names, birth date, relationship nor rights period).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.api.fhir.identifiers import PatientId, patient_id_parse
from sanad.api.fhir.outcomes import FhirError
from sanad.common.errors import DomainError, ErrorCode
from sanad.registry.certificates.access import (
    may_check_rights,
    may_see_members,
    member_holding,
    member_visible,
    rights_check,
)


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """A Patient found: its id, whether the caller sees it in full, the person (full view only), the member
    whose record holds it, and the open record it was merged into (its registration number) if any."""

    id: PatientId
    full: bool
    member: Any = None
    person: Any = None
    merged_into: str = ""
    initials: str = ""


def not_found(expression: str | None = None) -> FhirError:
    return FhirError(404, "not-found", _("No such insured person."), expression=expression)


def patient_id_read(text: str, *, expression: str | None = None) -> PatientId:
    found = patient_id_parse(text)
    if found is None:
        raise not_found(expression)
    return found


def beneficiary_get(*, user: Any, patient: PatientId, expression: str | None = None) -> Beneficiary:
    """The beneficiary `patient` names, seen as `user` may see it; FhirError 404 when it is not there for
    them, PermissionDenied when they may not look insured persons up at all."""
    try:
        if may_see_members(user):
            return _in_full(user, patient, expression)
        if may_check_rights(user):
            answer = rights_check(
                user=user,
                registration_number=patient.number,
                on=timezone.localdate(),
                dependant_id=patient.dependant,
            )
            if answer["reason"] == "unknown":
                raise not_found(expression)
            return Beneficiary(patient, False, merged_into=answer["merged_into"], initials=answer["initials"])
    except DomainError as error:  # a number that fails its check digit names no one either
        if error.code in (ErrorCode.NOT_FOUND, ErrorCode.INVALID):
            raise not_found(expression) from error
        raise
    raise PermissionDenied("registry.rights")


def _in_full(user: Any, patient: PatientId, expression: str | None) -> Beneficiary:
    member = member_visible(user=user, registration_number=patient.number)
    merged_into = member_holding(member)[1] if member.merged_into_id is not None else ""
    person = member
    if patient.dependant is not None:
        person = next((d for d in member.dependants.all() if d.pk == patient.dependant), None)
        if person is None:
            raise not_found(expression)
    return Beneficiary(patient, True, member=member, person=person, merged_into=merged_into)


def beneficiary_rights(
    *, user: Any, patient: PatientId, on: datetime.date, expression: str | None = None
) -> dict[str, Any]:
    """The rights of `patient` on `on`, as `rights_check` answers `user` (full or covered-or-not); a
    FhirError 404 for someone who is not there for them."""
    try:
        rights = rights_check(
            user=user, registration_number=patient.number, on=on, dependant_id=patient.dependant
        )
    except DomainError as error:
        if error.code in (ErrorCode.NOT_FOUND, ErrorCode.INVALID):
            raise not_found(expression) from error
        raise
    if rights["reason"] == "unknown":
        raise not_found(expression)
    return rights
