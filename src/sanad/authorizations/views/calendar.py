"""The deposit and pick-up calendar (seed 002, CNOPS): the regional office's week (add and cancel slots,
name each facility's contact) and the facility's page (its next slots, what to bring or collect, its
contact). Both exist only where the profile has `deposit_calendar`."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sanad.authorizations import forms_calendar as f
from sanad.authorizations.models import CalendarSlot
from sanad.authorizations.selectors import calendar as sel
from sanad.authorizations.services import calendar as svc
from sanad.authorizations.statuses import CALENDAR_CAPABILITY
from sanad.authorizations.views.common import form_error
from sanad.authorizations.views.facility import _facility
from sanad.common.errors import DomainError
from sanad.common.permissions import CAPABILITIES, capability_required
from sanad.common.templatetags.sanad import local_name
from sanad.funds.active import active_profile


def _profile() -> Any:
    profile = active_profile()
    if not profile.authorization_requests.deposit_calendar:
        raise Http404(_("This fund keeps no deposit and pick-up calendar."))
    return profile


def _staff() -> list[tuple[str, str]]:
    """The fund's staff who may be named contacts: the reception desk and those who follow requests."""
    roles = {r.value for r in CAPABILITIES[CALENDAR_CAPABILITY] | CAPABILITIES["authorizations.view"]}
    users = get_user_model().objects.filter(is_active=True, groups__name__in=roles).distinct()
    return [(str(u.pk), u.get_full_name() or u.username) for u in users.order_by("last_name", "username")]


def _office(request: Any, profile: Any) -> tuple[str, datetime.date, f.OfficeForm]:
    regions = sorted(profile.regions, key=lambda r: r.name.get_text())
    choices = [(r.code, r.name.get_text()) for r in regions]
    source = request.GET if "region" in request.GET else {"region": choices[0][0] if choices else ""}
    form = f.OfficeForm(source, regions=choices)
    valid = form.is_valid()
    region = form.cleaned_data["region"] if valid else (choices[0][0] if choices else "")
    day = (form.cleaned_data.get("week") if valid else None) or timezone.localdate()
    return region, sel.week_of(day), form


def _apply(request: Any, action: str, forms_: dict[str, Any], facilities: dict[str, Any]) -> bool:
    """Run the posted action; True when done (the page is shown again from a redirect)."""
    form = forms_[action]
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if action == "add":
            svc.calendar_slot_add(
                actor=request.user,
                facility=facilities[data["facility"]],
                kind=data["kind"],
                day=data["day"],
                starts=data["starts"],
                ends=data["ends"],
            )
            messages.success(request, _("Slot added."))
        elif action == "cancel":
            slot = CalendarSlot.objects.filter(pk=data["slot"], facility__in=facilities.values()).first()
            if slot is None:
                raise Http404(_("No such slot."))
            svc.calendar_slot_cancel(actor=request.user, slot=slot, reason=data["reason"])
            messages.success(request, _("Slot cancelled."))
        else:
            contact = get_user_model().objects.filter(pk=data["contact"]).first()
            svc.calendar_contact_assign(
                actor=request.user,
                facility=facilities[data["facility"]],
                contact=contact,
                phone=data["phone"],
            )
            messages.success(request, _("Named contact saved."))
    except DomainError as error:
        form_error(form, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
@capability_required(CALENDAR_CAPABILITY)
def office_calendar(request: Any):
    """A regional office's week: the slots day by day (who comes, to hand in or collect what), the forms to
    add and cancel slots, and each facility of the region with its named contact."""
    profile = _profile()
    region, monday, office_form = _office(request, profile)
    facilities = {fac.code: fac for fac in sel.office_facilities(region=region)}
    choices = [(code, f"{code} · {local_name(fac)}") for code, fac in facilities.items()]
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if action else None
    forms_ = {
        "add": f.SlotForm(data if action == "add" else None, facilities=choices, prefix="add"),
        "cancel": f.CancelSlotForm(data if action == "cancel" else None, prefix="cancel"),
        "contact": f.ContactForm(
            data if action == "contact" else None, facilities=choices, staff=_staff(), prefix="contact"
        ),
    }
    if action in forms_ and _apply(request, action, forms_, facilities):
        return redirect(f"{request.path}?region={region}&week={monday.isoformat()}")
    contacts = sel.contacts_of(facilities=facilities.values())
    slots = [sel.errand_of(slot) for slot in sel.office_week(region=region, monday=monday)]
    context = {
        "office_form": office_form,
        "region": region,
        "monday": monday,
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
        "rows": [{"errand": e, "contact": contacts.get(e.slot.facility_id)} for e in slots],
        "facilities": [{"facility": fac, "contact": contacts.get(fac.pk)} for fac in facilities.values()],
        **{f"{name}_form": form for name, form in forms_.items()},
    }
    status = 400 if action and any(form.errors for form in forms_.values()) else 200
    return render(request, "authorizations/calendar/office.html", context, status=status)


@require_GET
@login_required
@capability_required("authorizations.submit")
def facility_calendar(request: Any):
    """The facility's next slots at its regional office, what to bring or collect, and its named contact."""
    profile = _profile()
    facility = _facility(request)
    now = timezone.now()
    region = next((r for r in profile.regions if r.code == facility.region), None)
    context = {
        "facility": facility,
        "office": region.name.get_text() if region else facility.region,
        "contact": sel.contact_of(facility=facility),
        "errands": [sel.errand_of(slot) for slot in sel.next_slots(facility=facility, now=now)],
    }
    return render(request, "authorizations/calendar/facility.html", context)
