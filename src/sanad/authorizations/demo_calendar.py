"""Demo deposit and pick-up calendar (seed 002, CNOPS, where the profile has `deposit_calendar`): the
reception desk of the demo facility's regional office names its contact and plans two weeks of deposits
and pick-ups for it and for the other facilities of its region. Through the services, audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sanad.authorizations.models import CalendarSlot
from sanad.authorizations.selectors.calendar import office_facilities, week_of
from sanad.authorizations.services.calendar import calendar_contact_assign, calendar_slot_add
from sanad.common.demo import DemoContext
from sanad.common.permissions import Role

FACILITIES = 4  # the demo facility and a few neighbours of its region
# (weekday, hour, kind): deposits early in the week, pick-ups of the decisions at its end.
PLAN = ((0, 9, "deposit"), (2, 9, "deposit"), (3, 14, "pickup"))


def calendar_load(ctx: DemoContext, facility: Any) -> None:
    if not ctx.profile.authorization_requests.deposit_calendar:
        return
    desk = ctx.users.get(Role.CLAIMS_CHECKER.value)
    if desk is None or CalendarSlot.objects.filter(region=facility.region).exists():
        return  # a reload adds nothing
    places = [facility, *office_facilities(region=facility.region).exclude(pk=facility.pk)[: FACILITIES - 1]]
    now = timezone.make_aware(datetime.datetime.combine(ctx.today, datetime.time(8)))
    first = week_of(ctx.today) + datetime.timedelta(days=7)  # next week and the one after: always ahead
    for rank, place in enumerate(places):
        phone = f"0522 40 10 {rank:02d}"
        calendar_contact_assign(
            actor=desk, facility=place, contact=desk, phone=phone, now=now, profile=ctx.profile
        )
        for week in (0, 7):
            for weekday, hour, kind in PLAN:
                starts = datetime.time(hour + rank)  # one facility an hour with the same contact
                calendar_slot_add(
                    actor=desk,
                    facility=place,
                    kind=kind,
                    day=first + datetime.timedelta(days=week + weekday),
                    starts=starts,
                    ends=datetime.time(hour + rank, 45),
                    now=now,
                    profile=ctx.profile,
                )
    ctx.counts["calendar_slots"] = CalendarSlot.objects.filter(region=facility.region).count()
