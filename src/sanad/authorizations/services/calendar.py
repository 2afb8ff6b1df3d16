"""The deposit and pick-up calendar of the regional offices and the named contact of each facility (seed 002,
CNOPS: "un calendrier de dépôt et de retrait des dossiers ... des interlocuteurs désignés ... au niveau des
délégations régionales"; oncology centres: "un contact personnalisé ... selon un planning"). Only where the
profile has `deposit_calendar`; every change audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.authorizations.models import CalendarSlot, FacilityContact, SlotKind
from sanad.authorizations.services._events import user_or_none
from sanad.authorizations.statuses import CALENDAR_CAPABILITY
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.funds.types_authorizations import PHARMACY_KIND
from sanad.providers.models import Facility


def _allowed(actor: Any, profile: FundProfile) -> None:
    if not profile.authorization_requests.deposit_calendar:
        raise DomainError(ErrorCode.FORBIDDEN, _("This fund keeps no deposit and pick-up calendar."))
    if actor is not None and not can(actor, CALENDAR_CAPABILITY):
        raise DomainError(ErrorCode.FORBIDDEN, field=None)


def _slot_json(slot: CalendarSlot) -> dict[str, Any]:
    return {
        "region": slot.region,
        "facility": slot.facility.code,
        "kind": slot.kind,
        "day": slot.day.isoformat(),
        "starts": slot.starts.isoformat("minutes"),
        "ends": slot.ends.isoformat("minutes"),
    }


@transaction.atomic
def calendar_slot_add(
    *,
    actor: Any,
    facility: Facility,
    kind: str,
    day: datetime.date,
    starts: datetime.time,
    ends: datetime.time,
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> CalendarSlot:
    """A time when the facility's representative comes to its regional office (the office of its region)
    to hand in requests or collect decisions. Refused in the past, ending before it starts, or when the
    facility's named contact already receives someone then."""
    profile = profile or active_profile()
    _allowed(actor, profile)
    now = now or timezone.now()
    if kind not in SlotKind.values:
        raise DomainError(ErrorCode.INVALID, _("Choose deposit or pick-up."), field="kind")
    if facility.kind == PHARMACY_KIND:
        raise DomainError(ErrorCode.INVALID, _("Pharmacies have no deposit calendar."), field="facility")
    if ends <= starts:
        raise DomainError(ErrorCode.INVALID, _("The slot ends after it starts."), field="ends")
    if day < timezone.localdate(now):
        raise DomainError(ErrorCode.INVALID, _("Choose a day from today on."), field="day")
    # Lock the office's day: two desks adding at once must not book the same contact twice.
    same_day = list(
        CalendarSlot.objects.select_for_update()
        .filter(region=facility.region, day=day, cancelled_at__isnull=True, starts__lt=ends, ends__gt=starts)
        .select_related("facility")
    )
    contact = FacilityContact.objects.filter(facility=facility).values_list("contact_id", flat=True).first()
    for other in same_day:
        busy = other.facility_id == facility.pk or (
            contact is not None
            and FacilityContact.objects.filter(facility_id=other.facility_id, contact_id=contact).exists()
        )
        if busy:
            raise DomainError(
                ErrorCode.CONFLICT,
                _("%(facility)s already comes from %(starts)s to %(ends)s with the same contact.")
                % {
                    "facility": other.facility.code,
                    "starts": other.starts.strftime("%H:%M"),
                    "ends": other.ends.strftime("%H:%M"),
                },
                field="starts",
            )
    slot = CalendarSlot.objects.create(
        region=facility.region,
        facility=facility,
        kind=kind,
        day=day,
        starts=starts,
        ends=ends,
        created_at=now,
        created_by=user_or_none(actor),
    )
    audit_record(actor=actor, action="calendar_slot_add", obj=slot, after=_slot_json(slot))
    return slot


@transaction.atomic
def calendar_slot_cancel(
    *,
    actor: Any,
    slot: CalendarSlot,
    reason: str,
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> CalendarSlot:
    """Cancel a slot, saying why; it stays on record and is no longer offered to the facility."""
    profile = profile or active_profile()
    _allowed(actor, profile)
    found = CalendarSlot.objects.select_for_update().select_related("facility").filter(pk=slot.pk).first()
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="slot")
    if found.cancelled_at is not None:
        raise DomainError(ErrorCode.CONFLICT, _("This slot is already cancelled."), field=None)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ErrorCode.REQUIRED, _("Say why the slot is cancelled."), field="reason")
    found.cancelled_at = now or timezone.now()
    found.cancelled_by = user_or_none(actor)
    found.cancel_reason = reason[:300]
    found.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    audit_record(
        actor=actor,
        action="calendar_slot_cancel",
        obj=found,
        before=_slot_json(found),
        after={"cancelled": True, "reason": found.cancel_reason},
    )
    return found


@transaction.atomic
def calendar_contact_assign(
    *,
    actor: Any,
    facility: Facility,
    contact: Any,
    phone: str = "",
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> FacilityContact:
    """Name the fund's staff member the facility's representative deals with ("contact personnalisé");
    naming another replaces the former one, audited with both."""
    profile = profile or active_profile()
    _allowed(actor, profile)
    if not (can(contact, CALENDAR_CAPABILITY) or can(contact, "authorizations.view")):
        raise DomainError(
            ErrorCode.INVALID, _("The named contact is a member of the fund's staff."), field="contact"
        )
    now = now or timezone.now()
    current = FacilityContact.objects.select_for_update().filter(facility=facility).first()
    before = {"contact": current.contact.username, "phone": current.phone} if current else None
    if current is None:
        current = FacilityContact(facility=facility)
    current.contact = contact
    current.phone = (phone or "").strip()
    current.assigned_at = now
    current.assigned_by = user_or_none(actor)
    current.save()
    audit_record(
        actor=actor,
        action="calendar_contact_assign",
        obj=current,
        before=before,
        after={"facility": facility.code, "contact": contact.username, "phone": current.phone},
    )
    return current
