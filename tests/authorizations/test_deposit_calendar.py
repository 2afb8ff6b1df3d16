"""The deposit and pick-up calendar of the regional offices with a named contact per facility (seed 002,
CNOPS: "un calendrier de dépôt et de retrait des dossiers", "un contact personnalisé ... selon un planning
qui sera défini au niveau de chaque délégation régionale"): slots per office, who comes when to hand in a
batch or collect the decisions ready, the facility's contact; the batch's receipt names the next pick-up."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.authorizations import services
from sanad.authorizations.models import CalendarSlot, SlotKind
from sanad.authorizations.selectors.batches import batch_receipt_html
from sanad.authorizations.selectors.calendar import errand_of, next_pickup
from sanad.authorizations.services import calendar as cal
from sanad.common.errors import DomainError
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from tests.authorizations.conftest import STAY, facility, family, submit

pytestmark = pytest.mark.django_db

PAPERS = ("request_form", "confidential_report")
T = datetime.time


@pytest.fixture
def desk(make_user):
    """Leila keeps the reception desk of the Casablanca regional office."""
    return make_user("leila", Role.CLAIMS_CHECKER, first_name="Leila", last_name="Alaoui")


def soon(days: int = 2) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_office_plans_who_comes_when_and_names_the_contact(desk, clinic):
    contact = cal.calendar_contact_assign(actor=desk, facility=clinic, contact=desk, phone="0522 00 00 00")
    slot = cal.calendar_slot_add(
        actor=desk, facility=clinic, kind=SlotKind.DEPOSIT, day=soon(), starts=T(9), ends=T(10)
    )
    assert slot.region == clinic.region and contact.contact == desk
    actions = set(AuditEvent.objects.filter(actor=desk).values_list("action", flat=True))
    assert {"calendar_contact_assign", "calendar_slot_add"} <= actions

    cal.calendar_slot_cancel(actor=desk, slot=slot, reason="Jour férié régional")
    slot.refresh_from_db()
    assert slot.cancelled_at is not None and slot.cancelled_by == desk
    assert AuditEvent.objects.filter(action="calendar_slot_cancel", object_id=str(slot.pk)).exists()


def test_a_named_contact_is_not_booked_twice_at_once(desk, clinic):
    other = facility("CL-ONCO", kind="oncology_centre")
    for place in (clinic, other):
        cal.calendar_contact_assign(actor=desk, facility=place, contact=desk)
    cal.calendar_slot_add(
        actor=desk, facility=clinic, kind=SlotKind.DEPOSIT, day=soon(), starts=T(9), ends=T(10)
    )
    with pytest.raises(DomainError) as refused:
        cal.calendar_slot_add(
            actor=desk, facility=other, kind=SlotKind.PICKUP, day=soon(), starts=T(9, 30), ends=T(11)
        )
    assert "CL-AMAL" in refused.value.message
    cal.calendar_slot_add(
        actor=desk, facility=other, kind=SlotKind.PICKUP, day=soon(), starts=T(10), ends=T(11)
    )


def test_a_slot_is_refused_in_the_past_or_ending_before_it_starts(desk, clinic):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(DomainError):
        cal.calendar_slot_add(
            actor=desk, facility=clinic, kind="deposit", day=yesterday, starts=T(9), ends=T(10)
        )
    with pytest.raises(DomainError):
        cal.calendar_slot_add(
            actor=desk, facility=clinic, kind="deposit", day=soon(), starts=T(10), ends=T(9)
        )


def test_facility_staff_do_not_plan_the_calendar(clerk, clinic):
    with pytest.raises(DomainError):
        cal.calendar_slot_add(
            actor=clerk, facility=clinic, kind="deposit", day=soon(), starts=T(9), ends=T(10)
        )


def test_only_a_fund_whose_profile_has_it_keeps_the_calendar(fund, desk, clinic, client):
    fund.use("cnss-ma")
    with pytest.raises(DomainError):
        cal.calendar_slot_add(
            actor=desk, facility=clinic, kind="deposit", day=soon(), starts=T(9), ends=T(10)
        )
    client.force_login(desk)
    assert client.get(reverse("authorizations:office_calendar")).status_code == 404


def test_the_receipt_names_the_next_pick_up_slot_and_the_contact(desk, clerk, clinic, catalogue):
    cal.calendar_contact_assign(actor=desk, facility=clinic, contact=desk)
    pickup = cal.calendar_slot_add(
        actor=desk, facility=clinic, kind=SlotKind.PICKUP, day=soon(3), starts=T(14), ends=T(15)
    )
    request = submit(clerk, family(), "medical_stay", "medical_stay", STAY, PAPERS)
    batch = services.authorization_batch_hand_in(actor=clerk, references=[request.reference])
    assert next_pickup(facility=clinic, after=batch.handed_in_at) == pickup
    html = batch_receipt_html(batch=batch)
    assert pickup.day.strftime("%d/%m/%Y") in html and "14:00" in html and "Leila Alaoui" in html


def test_a_pick_up_lists_the_decisions_ready_and_a_deposit_its_batches(
    desk, clerk, adviser, clinic, catalogue
):
    request = submit(clerk, family(), "medical_stay", "medical_stay", STAY, PAPERS)
    batch = services.authorization_batch_hand_in(actor=clerk, references=[request.reference])
    services.authorization_decide(actor=adviser, request=request, kind="refused", reasons=["not_justified"])
    deposit = CalendarSlot.objects.create(
        region=clinic.region,
        facility=clinic,
        kind="deposit",
        day=timezone.localdate(),
        starts=T(0),
        ends=T(0, 1),
        created_at=timezone.now(),
    )
    pickup = cal.calendar_slot_add(
        actor=desk, facility=clinic, kind="pickup", day=soon(), starts=T(9), ends=T(10)
    )
    assert errand_of(deposit).batches == [batch]
    assert [r.pk for r in errand_of(pickup).decisions] == [request.pk]


def test_the_office_and_the_facility_see_the_calendar(client, desk, clerk, clinic):
    client.force_login(desk)
    url = reverse("authorizations:office_calendar")
    posted = client.post(
        f"{url}?region={clinic.region}",
        {
            "action": "add",
            "add-facility": clinic.code,
            "add-kind": "deposit",
            "add-day": soon().isoformat(),
            "add-starts": "09:00",
            "add-ends": "10:00",
        },
    )
    assert posted.status_code == 302
    posted = client.post(
        f"{url}?region={clinic.region}",
        {
            "action": "contact",
            "contact-facility": clinic.code,
            "contact-contact": str(desk.pk),
            "contact-phone": "0522 11 22 33",
        },
    )
    assert posted.status_code == 302
    page = client.get(url, {"region": clinic.region, "week": soon().isoformat()}).content.decode()
    assert clinic.code in page and "Leila Alaoui" in page and "09:00" in page

    client.force_login(clerk)
    mine = client.get(reverse("authorizations:facility_calendar")).content.decode()
    assert "Leila Alaoui" in mine and "0522 11 22 33" in mine and "09:00" in mine
    assert client.get(url).status_code == 403
