"""Writes to the provider network: each one atomic, locked and audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sanad.common.audit import audit_record
from sanad.common.permissions import Role, role_groups_ensure
from sanad.providers.models import Facility, FacilityStaff


@transaction.atomic
def facility_staff_assign(*, actor: Any, user: Any, facility: Facility) -> FacilityStaff:
    """Bind `user` to `facility` as its staff; a staff account belongs to exactly one facility."""
    previous = FacilityStaff.objects.select_for_update().filter(user=user).first()
    before = {"facility": previous.facility.code} if previous else None
    staff, _ = FacilityStaff.objects.update_or_create(user=user, defaults={"facility": facility})
    user.groups.add(role_groups_ensure()[Role.FACILITY_STAFF])
    audit_record(
        actor=actor,
        action="facility_staff_assign",
        obj=staff,
        before=before,
        after={"facility": facility.code},
    )
    return staff
