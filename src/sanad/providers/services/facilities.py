"""Writes to facilities, their practitioners and staff accounts: each one atomic, locked and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record, snapshot
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import Role, role_groups_ensure
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.banking import bank_account_normalize
from sanad.providers.eligibility import direct_billing_is_automatic
from sanad.providers.models import Facility, FacilityStaff, Practitioner
from sanad.providers.services.direct_billing import direct_billing_admit

# The fields a manager may change on a facility's page.
EDITABLE = (
    "name_fr",
    "name_ar",
    "health_directorate",
    "bank_account",
    "regulator_registration",
    "provider_identifier",
    "mission_curative",
    "mission_preventive",
    "mission_rehabilitation",
)


@transaction.atomic
def facility_staff_assign(*, actor: Any, user: Any, facility: Facility) -> FacilityStaff:
    """Bind `user` to `facility` as its staff; a staff account belongs to exactly one facility."""
    previous = FacilityStaff.objects.select_for_update().filter(user=user).first()
    before = {"facility": previous.facility.code} if previous else None
    staff, _created = FacilityStaff.objects.update_or_create(user=user, defaults={"facility": facility})
    user.groups.add(role_groups_ensure()[Role.FACILITY_STAFF])
    audit_record(
        actor=actor,
        action="facility_staff_assign",
        obj=staff,
        before=before,
        after={"facility": facility.code},
    )
    return staff


def _check_codes(profile: FundProfile, *, level: str, region: str) -> None:
    if level not in {lv.code for lv in profile.care_pyramid.levels}:
        raise DomainError(ErrorCode.INVALID, _("Unknown level of the care pyramid."), field="level")
    if region not in {r.code for r in profile.regions}:
        raise DomainError(ErrorCode.INVALID, _("Unknown region."), field="region")


@transaction.atomic
def facility_create(*, actor: Any, on: date, profile: FundProfile | None = None, **fields: Any) -> Facility:
    """A new facility takes the profile's level and region codes; a public hospital of a kind the profile
    admits automatically gets direct-billing access the same day."""
    profile = profile or active_profile()
    _check_codes(profile, level=fields.get("level", ""), region=fields.get("region", ""))
    if fields.get("bank_account"):
        fields["bank_account"] = bank_account_normalize(fields["bank_account"])
    if Facility.objects.filter(code=fields.get("code")).exists():
        raise DomainError(ErrorCode.CONFLICT, _("A facility with this code exists."), field="code")
    facility = Facility.objects.create(**fields)
    audit_record(actor=actor, action="facility_create", obj=facility, after=fields)
    if direct_billing_is_automatic(profile=profile, facility=facility):
        direct_billing_admit(actor=actor, facility=facility, on=on, profile=profile)
    return facility


@transaction.atomic
def facility_update(*, actor: Any, facility: Facility, changes: dict[str, Any]) -> Facility:
    """Only the editable fields change; a bank account must be a valid IBAN or RIB."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(
            ErrorCode.INVALID, _("These fields cannot be changed here."), field=sorted(unknown)[0]
        )
    if "bank_account" in changes:
        changes = {**changes, "bank_account": bank_account_normalize(changes["bank_account"])}
    locked = Facility.objects.select_for_update().get(pk=facility.pk)
    before = snapshot(locked, list(changes))
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(changes))
    audit_record(actor=actor, action="facility_update", obj=locked, before=before, after=changes)
    return locked


@transaction.atomic
def practitioner_add(
    *, actor: Any, facility: Facility, name: str, specialty: str, identifier: str
) -> Practitioner:
    """A practitioner's identifier is unique within the facility."""
    for field, value in (("name", name), ("specialty", specialty), ("identifier", identifier)):
        if not value.strip():
            raise DomainError(ErrorCode.REQUIRED, field=field)
    Facility.objects.select_for_update().get(pk=facility.pk)
    if Practitioner.objects.filter(facility=facility, identifier=identifier.strip()).exists():
        raise DomainError(
            ErrorCode.CONFLICT, _("A practitioner with this identifier works here."), field="identifier"
        )
    practitioner = Practitioner.objects.create(
        facility=facility, name=name.strip(), specialty=specialty.strip(), identifier=identifier.strip()
    )
    audit_record(
        actor=actor,
        action="practitioner_add",
        obj=practitioner,
        after={"facility": facility.code, "name": name, "specialty": specialty, "identifier": identifier},
    )
    return practitioner
