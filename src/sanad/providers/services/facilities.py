"""Writes to facilities, their practitioners and staff accounts: each one atomic, locked and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record, snapshot
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import Role, role_groups_ensure
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.eligibility import direct_billing_is_automatic
from sanad.providers.facility_rules import CHECKS, facility_code_free, fields_clean
from sanad.providers.models import (
    AgreementRequest,
    DirectBillingAccess,
    Facility,
    FacilityStaff,
    Practitioner,
)
from sanad.providers.services.direct_billing import direct_billing_admit

# Every field but the code may change: the code names the facility on every paper and file.
# The bank account changes only through the audited, four-eyes page of settlement (payments).
EDITABLE = tuple(name for name in CHECKS if name not in ("code", "bank_account"))
_REQUIRED = ("code", "name_fr", "kind", "sector", "level", "region")
# Kind and sector decided the facility's eligibility: fixed once it has asked for anything.
_SETTLED = ("kind", "sector")


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


def facility_kind_settled(facility: Facility) -> bool:
    """Whether the facility has asked for an agreement or direct billing (or was admitted to it): its kind
    and sector, on which that was decided, are then fixed."""
    return (
        AgreementRequest.objects.filter(facility=facility).exists()
        or DirectBillingAccess.objects.filter(facility=facility).exists()
    )


def _admit_if_automatic(*, actor: Any, facility: Facility, on: date, profile: FundProfile) -> None:
    # The one path to automatic admission: the same service as the button on the facility's page.
    if direct_billing_is_automatic(profile=profile, facility=facility):
        direct_billing_admit(actor=actor, facility=facility, on=on, profile=profile)


@transaction.atomic
def facility_create(*, actor: Any, on: date, profile: FundProfile | None = None, **fields: Any) -> Facility:
    """A facility is registered with every field checked and a code no other facility has; a public
    hospital of a kind the profile admits automatically gets direct-billing access the same day, in the same
    transaction (seed 002)."""
    profile = profile or active_profile()
    cleaned = fields_clean({**dict.fromkeys(_REQUIRED, ""), **fields}, profile)
    facility_code_free(cleaned["code"])
    try:
        with transaction.atomic():
            facility = Facility.objects.create(**cleaned)
    except IntegrityError as error:  # registered by someone else meanwhile
        facility_code_free(cleaned["code"])
        raise DomainError(ErrorCode.CONFLICT, field="code") from error
    audit_record(actor=actor, action="facility_create", obj=facility, after=cleaned)
    _admit_if_automatic(actor=actor, facility=facility, on=on, profile=profile)
    return facility


@transaction.atomic
def facility_update(
    *,
    actor: Any,
    facility: Facility,
    changes: dict[str, Any],
    on: date | None = None,
    profile: FundProfile | None = None,
) -> Facility:
    """Every field but the code may change, each checked; kind and sector only while the facility has asked
    for nothing. The audit event lists the fields changed, before and after; a facility that becomes a
    hospital the profile admits automatically is admitted the same day."""
    profile = profile or active_profile()
    fixed = sorted(set(changes) - set(EDITABLE))
    if fixed:
        raise DomainError(ErrorCode.INVALID, _("This field cannot be changed."), field=fixed[0])
    cleaned = fields_clean(changes, profile)
    locked = Facility.objects.select_for_update().get(pk=facility.pk)
    changed = {name: value for name, value in cleaned.items() if getattr(locked, name) != value}
    settled = [name for name in _SETTLED if name in changed]
    if settled and facility_kind_settled(locked):
        raise DomainError(
            ErrorCode.CONFLICT,
            _(
                "The kind and the sector are fixed once the facility has asked for an agreement or direct "
                "billing: its eligibility was decided on them."
            ),
            field=settled[0],
        )
    if not changed:
        return locked
    before = snapshot(locked, list(changed))
    for name, value in changed.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(changed))
    audit_record(actor=actor, action="facility_update", obj=locked, before=before, after=changed)
    if settled:
        _admit_if_automatic(actor=actor, facility=locked, on=on or timezone.localdate(), profile=profile)
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
