"""Reads of the deposit and pick-up calendar (seed 002, CNOPS): a regional office's week, a facility's next
slots and its named contact, and what each slot is for: the batches handed in at a deposit, the decisions
ready at a pick-up."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sanad.authorizations.models import (
    AuthorizationRequest,
    CalendarSlot,
    FacilityContact,
    RequestBatch,
    SlotKind,
)
from sanad.authorizations.statuses import DECIDED
from sanad.funds.types_authorizations import PHARMACY_KIND
from sanad.providers.models import Facility

NEXT_SLOTS = 6  # the facility's next slots on its page


def slot_start(slot: CalendarSlot) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(slot.day, slot.starts))


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the day's week."""
    return day - datetime.timedelta(days=day.weekday())


def office_week(*, region: str, monday: datetime.date) -> QuerySet[CalendarSlot]:
    """The office's slots of the week, cancelled ones included (shown struck), in order."""
    return (
        CalendarSlot.objects.filter(
            region=region, day__gte=monday, day__lt=monday + datetime.timedelta(days=7)
        )
        .select_related("facility", "cancelled_by")
        .order_by("day", "starts", "id")
    )


def office_facilities(*, region: str) -> QuerySet[Facility]:
    """The facilities of the office's region that hand in requests (pharmacies ask on their own)."""
    return Facility.objects.filter(region=region).exclude(kind=PHARMACY_KIND).order_by("code")


def contacts_of(*, facilities: Any) -> dict[int, FacilityContact]:
    rows = FacilityContact.objects.filter(facility__in=facilities).select_related("contact")
    return {row.facility_id: row for row in rows}


def contact_of(*, facility: Facility) -> FacilityContact | None:
    return FacilityContact.objects.filter(facility=facility).select_related("contact").first()


def next_slots(*, facility: Facility, now: datetime.datetime, limit: int = NEXT_SLOTS) -> list[CalendarSlot]:
    """The facility's coming slots, not cancelled, soonest first."""
    today = timezone.localdate(now)
    rows = CalendarSlot.objects.filter(facility=facility, cancelled_at__isnull=True, day__gte=today).order_by(
        "day", "starts", "id"
    )
    return [slot for slot in rows[: limit + 4] if slot_start(slot) >= now or slot.day > today][:limit]


def next_pickup(*, facility: Facility, after: datetime.datetime) -> CalendarSlot | None:
    """The facility's first pick-up slot after the moment (a batch's receipt names it)."""
    rows = CalendarSlot.objects.filter(
        facility=facility, kind=SlotKind.PICKUP, cancelled_at__isnull=True, day__gte=timezone.localdate(after)
    ).order_by("day", "starts", "id")
    return next((slot for slot in rows[:20] if slot_start(slot) > after), None)


@dataclass(frozen=True, slots=True)
class Errand:
    """What the representative hands in (deposit: the batches handed in that day) or collects (pick-up:
    the decisions taken since the previous pick-up, up to the slot)."""

    slot: CalendarSlot
    batches: list[RequestBatch]
    decisions: list[AuthorizationRequest]


def _previous_pickup(slot: CalendarSlot) -> CalendarSlot | None:
    earlier = CalendarSlot.objects.filter(
        facility_id=slot.facility_id, kind=SlotKind.PICKUP, cancelled_at__isnull=True, day__lte=slot.day
    ).exclude(pk=slot.pk)
    return next(
        (s for s in earlier.order_by("-day", "-starts", "-id")[:20] if slot_start(s) < slot_start(slot)), None
    )


def errand_of(slot: CalendarSlot) -> Errand:
    if slot.kind == SlotKind.DEPOSIT:
        batches = list(
            RequestBatch.objects.filter(facility_id=slot.facility_id, handed_in_at__date=slot.day).order_by(
                "handed_in_at"
            )
        )
        return Errand(slot=slot, batches=batches, decisions=[])
    previous = _previous_pickup(slot)
    decided = AuthorizationRequest.objects.filter(
        facility_id=slot.facility_id, status__in=DECIDED, decided_at__lte=slot_start(slot)
    )
    if previous is not None:
        decided = decided.filter(decided_at__gt=slot_start(previous))
    return Errand(slot=slot, batches=[], decisions=list(decided.order_by("decided_at", "id")))
