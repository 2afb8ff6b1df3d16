"""Demo prior authorizations: requests in every state for the fund, most at the demo facility staff's own
facility so that its pages and the adviser's queue show real work: returned incomplete, pending (on time,
near and past their due time), a question waiting for the facility, approved by the adviser or at once by
the profile's rule, approved with reserve, refused, cancelled, emergencies (in time and too late), and three
months of answered requests for the figures of the answer clock.

Everything goes through the services, at the moment of its step in the demo's story (their `now`), and the
audit trail is dated the same. The demo's past was told at the time: no SMS is queued now.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sanad.authorizations import services
from sanad.authorizations.clock import is_near_due, request_due_at
from sanad.authorizations.demo_calendar import calendar_load
from sanad.authorizations.demo_forms import (
    approved_items,
    catalogue_item,
    form_values,
    papers,
    reference_price,
    specimen,
    specimens_use,
)
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.signals import announcements_silenced
from sanad.common.demo import DemoContext
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.funds.types_authorizations import RequestType
from sanad.providers.selectors import facility_of_user
from sanad.registry.models import Dependant, Member, RightsPeriod

_HOUR = datetime.timedelta(hours=1)
_DAY = datetime.timedelta(days=1)
# People covered since at least this long, so that every request of the story finds them covered.
COVERED_SINCE = datetime.timedelta(days=120)
OVER, CENT = Decimal("1.3"), Decimal("0.01")  # a quote 30 % above the reference price goes to the adviser
REFUSALS = (["not_justified"], ["documents_insufficient"], ["outside_protocol", "not_justified"])


@dataclass
class _Story:
    ctx: DemoContext
    now: datetime.datetime
    staff: Any
    adviser: Any
    facility: Any
    people: list[tuple[Member, Dependant | None]]
    types: list[RequestType]
    made: int = 0
    turn: dict[str, int] = field(default_factory=dict)
    items: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    @property
    def profile(self) -> Any:
        return self.ctx.profile

    def next_of(self, name: str, items: list[Any]) -> Any:
        """The items in turn, so that every type and person shows up."""
        index = self.turn.get(name, 0)
        self.turn[name] = index + 1
        return items[index % len(items)]


def _now(ctx: DemoContext) -> datetime.datetime:
    """The demo's present: this moment when loaded today, else noon of its day."""
    if ctx.today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(ctx.today, datetime.time(12)))


def _at(story: _Story, days_ago: int, hour: int = 10) -> datetime.datetime:
    moment = timezone.make_aware(
        datetime.datetime.combine(story.ctx.today - days_ago * _DAY, datetime.time(hour))
    )
    return min(moment, story.now - _HOUR)


def _dated(call: Any, when: datetime.datetime) -> Any:
    """Run a service and date the audit events it wrote at the moment of its step."""
    mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    result = call()
    AuditEvent.objects.filter(id__gt=mark).update(at=when)
    return result


def _people(ctx: DemoContext) -> list[tuple[Member, Dependant | None]]:
    since = ctx.today - COVERED_SINCE
    ids = list(
        RightsPeriod.objects.filter(start__lte=since, end__gte=ctx.today)
        .order_by("member_id")
        .values_list("member_id", flat=True)
        .distinct()[:200]
    )
    members = list(Member.objects.filter(pk__in=ids, merged_into__isnull=True).order_by("pk"))
    if not members:
        members = list(Member.objects.filter(merged_into__isnull=True).order_by("pk")[:20])
    # A random source of its own: the loaders after this one draw from ctx.rng as if it were not there.
    random.Random(ctx.seed).shuffle(members)
    people: list[tuple[Member, Dependant | None]] = [(m, None) for m in members]
    dependants = list(
        Dependant.objects.filter(member__in=members[:10]).select_related("member").order_by("pk")
    )
    people[1:1] = [(d.member, d) for d in dependants[:4]]
    return people


def _submit(
    story: _Story,
    when: datetime.datetime,
    *,
    request_type: RequestType | None = None,
    complete: bool = True,
    quote: str = "under",
    act_day: datetime.date | None = None,
    elsewhere: bool = False,
) -> AuthorizationRequest:
    """A request of the story, filled as a doctor fills it, with its papers (all, or one missing)."""
    request_type = request_type or story.next_of("type", story.types)
    day = timezone.localdate(when)
    if request_type.code not in story.items:  # the demo's catalogue holds from 2020 on: one look-up a type
        story.items[request_type.code] = catalogue_item(request_type, day)
    item = story.items[request_type.code]
    values = form_values(story.profile, request_type, item, day)
    facility, actor = story.facility, story.staff
    if elsewhere:
        fitting = [f for f in story.ctx.facilities if request_type.asked_by(f.kind)]
        facility, actor = (
            story.next_of("facility", [f for f in fitting if f.pk != story.facility.pk] or fitting),
            None,
        )
    if "quote_amount" in values:
        quantity = int(values.get("quantity", 1))
        price = reference_price(item[0], item[1], quantity, day, facility.sector)
        values["quote_amount"] = str(price if quote == "under" else (price * OVER).quantize(CENT))
    person = story.next_of("person", story.people)
    scans = papers(story.profile, request_type, values, person, day)
    if not complete and scans:
        scans.pop(next(iter(scans)))
    data = services.RequestInput(
        facility_id=facility.pk,
        member_id=person[0].pk,
        dependant_id=person[1].pk if person[1] else None,
        request_type=request_type.code,
        admission=request_type.admissions[0],
        values=values,
        emergency=act_day is not None,
        act_date=act_day,
        documents=scans,
    )
    request = _dated(
        lambda: services.authorization_submit(actor=actor, data=data, now=when, profile=story.profile), when
    )
    specimens_use(request)
    story.made += 1
    return request


def _decide(story: _Story, request: AuthorizationRequest, kind: str, when: datetime.datetime) -> None:
    request_type = story.profile.authorization_requests.type(request.request_type)
    start = request.act_date or timezone.localdate(when)
    extra: dict[str, Any] = {}
    if kind == "refused":
        extra["reasons"] = story.next_of("reasons", list(REFUSALS))
    else:
        item = story.items[request_type.code]
        extra |= {"items": approved_items(request_type, request, item), "valid_from": start}
    if kind == "approved_with_reserve":
        extra["conditions"] = "Sous réserve du compte rendu opératoire et de la facture détaillée."
    _dated(
        lambda: services.authorization_decide(
            actor=story.adviser, request=request, kind=kind, now=when, profile=story.profile, **extra
        ),
        when,
    )


def _received_for(story: _Story, request_type: RequestType, *, near: bool) -> datetime.datetime:
    """A moment of arrival whose answer is now near its due time, or past it by some hours."""
    profile, now = story.profile, story.now
    for hours in range(1, 24 * 40):
        received = now - hours * _HOUR
        due = request_due_at(profile=profile, clock=request_type.answer_clock, received_at=received)
        if due is None:
            continue
        if near and is_near_due(profile, received_at=received, due_at=due, now=now):
            return received
        if not near and due < now - 5 * _HOUR:
            return received
    return now - 10 * _DAY


def _today(story: _Story) -> None:
    """Requests in every state of the fund's day."""
    plain = [t for t in story.types if t.automatic is None] or story.types
    device = next(
        (t for t in story.types if t.automatic and t.automatic.rule == "quote_within_reference"), None
    )
    _submit(story, story.now - 2 * _HOUR, complete=False)
    _submit(story, story.now - 5 * _DAY, complete=False)
    for _ in range(2):
        _submit(story, story.now - _HOUR, request_type=story.next_of("plain", plain))
        chosen = story.next_of("plain", plain)
        _submit(story, _received_for(story, chosen, near=True), request_type=chosen)
        chosen = story.next_of("plain", plain)
        _submit(story, _received_for(story, chosen, near=False), request_type=chosen)
    _submit(story, story.now - 3 * _HOUR, request_type=story.next_of("plain", plain), elsewhere=True)
    asked = _submit(story, story.now - 30 * _HOUR, request_type=story.next_of("plain", plain))
    _dated(
        lambda: services.authorization_information_request(
            actor=story.adviser,
            request=asked,
            question="Merci de joindre le compte rendu de la dernière consultation.",
            now=story.now - 20 * _HOUR,
        ),
        story.now - 20 * _HOUR,
    )
    if device is not None:
        for days in (1, 4, 9):
            _submit(story, _at(story, days, 11), request_type=device)
        _submit(story, _at(story, 2, 9), request_type=device, quote="over")


def _decided(story: _Story) -> None:
    """Answers of the last weeks: approved, with reserve, refused, cancelled, extended, emergencies."""
    plain = [t for t in story.types if t.automatic is None] or story.types
    for days, kind in ((3, "approved"), (6, "approved"), (8, "approved_with_reserve"), (12, "refused")):
        for _ in range(2 if kind != "approved" else 1):
            request = _submit(story, _at(story, days, 9), request_type=story.next_of("plain", plain))
            _decide(story, request, kind, _at(story, days, 16))
    cancelled = _submit(story, _at(story, 15, 9), request_type=story.next_of("plain", plain))
    _decide(story, cancelled, "approved", _at(story, 14, 11))
    _dated(
        lambda: services.authorization_cancel(
            actor=story.adviser,
            request=cancelled,
            reason="Acte annulé par l'établissement.",
            now=_at(story, 13, 10),
        ),
        _at(story, 13, 10),
    )
    urgent = [t for t in story.types if t.emergency and t.automatic is None]
    if urgent:
        chosen = story.next_of("urgent", urgent)
        day = story.ctx.today - 5 * _DAY
        in_time = _submit(story, _at(story, 5, 8), request_type=chosen, act_day=day)
        _decide(story, in_time, "approved", _at(story, 5, 15))
        _submit(story, _at(story, 2, 10), request_type=chosen, act_day=day - 6 * _DAY)
    _appeals(story, plain, urgent)


def _appeal(story: _Story, request: AuthorizationRequest, reason: str, when: datetime.datetime) -> None:
    _dated(
        lambda: services.authorization_appeal_file(
            actor=story.staff, request=request, reason=reason, now=when, profile=story.profile
        ),
        when,
    )


def _appeals(story: _Story, plain: list[RequestType], urgent: list[RequestType]) -> None:
    """A refusal appealed by the facility, waiting in the advisers' queue; and, where the fund takes
    emergencies, an emergency refused by the rule as too late, appealed and approved on appeal (the demo
    has one adviser: a refusal by the rule leaves them free to decide the appeal)."""
    waiting = _submit(story, _at(story, 11, 9), request_type=story.next_of("plain", plain))
    _decide(story, waiting, "refused", _at(story, 10, 16))
    _appeal(story, waiting, "Le compte rendu joint montre que les soins sont nécessaires.", _at(story, 1, 9))
    if urgent:
        chosen = story.next_of("urgent", urgent)
        late = _submit(story, _at(story, 7, 10), request_type=chosen, act_day=story.ctx.today - 14 * _DAY)
        _appeal(
            story,
            late,
            "Admission un vendredi soir : la demande est partie le premier jour ouvrable.",
            _at(story, 6, 10),
        )
        _decide(story, late, "approved", _at(story, 5, 16))


def _months(story: _Story) -> None:
    """Three months of answers, some late, for the figures of the answer clock."""
    plain = [t for t in story.types if t.automatic is None] or story.types
    kinds = ("approved", "approved", "approved_with_reserve", "refused", "approved")
    for month in (1, 2, 3):
        for index, delay in enumerate((4, 20, 30, 70, 100)):
            days = 30 * month + 3 * index
            received = _at(story, days, 9)
            request = _submit(story, received, request_type=story.next_of("plain", plain))
            _decide(story, request, kinds[index], received + delay * _HOUR)


def authorizations_load(ctx: DemoContext) -> None:
    """The demo's prior authorizations for the fund, in every state (a few dozen, through the services)."""
    staff = ctx.users[Role.FACILITY_STAFF.value]
    facility = facility_of_user(user=staff)
    if facility is None:
        return
    catalogue = ctx.profile.authorization_requests
    types = [t for t in catalogue.types if t.asked_by(facility.kind)]
    people = _people(ctx)
    if not types or not people:
        return
    story = _Story(ctx, _now(ctx), staff, ctx.users[Role.MEDICAL_ADVISER.value], facility, people, types)
    for document in catalogue.documents:  # every paper's specimen at once: a reload adds no file
        specimen(document.code)
    with announcements_silenced():
        _today(story)
        _decided(story)
        _months(story)
    ctx.counts["authorization_requests"] = story.made
    calendar_load(ctx, facility)
