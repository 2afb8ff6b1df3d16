"""Registering a facility and editing its details: pages of their own, for whoever manages the network.
The form shows every error next to its field; the service checks again, writes, audits and admits to
direct billing the hospitals the profile admits automatically."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError
from sanad.common.permissions import require
from sanad.funds.active import active_profile
from sanad.providers import forms, selectors, services
from sanad.providers.models import Facility
from sanad.providers.services.facilities import EDITABLE, facility_kind_settled


def _language(request) -> str:
    return getattr(request, "LANGUAGE_CODE", "fr")


def _save(request, form, call) -> Facility | None:
    """Run `call(cleaned_data)` on a valid form; a rule the service breaks shows next to its field."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


def _admitted_message(facility: Facility) -> str:
    return _(
        "%(code)s %(name)s is admitted to direct billing automatically (%(kind)s, %(sector)s sector)."
    ) % {
        "code": facility.code,
        "name": facility.name_fr,
        "kind": facility.get_kind_display(),
        "sector": facility.get_sector_display(),
    }


@login_required
def facility_register(request):
    """A new facility with every field the fund sets; the code is unique."""
    require(request.user, "providers.manage")
    profile = active_profile()
    data = request.POST if request.method == "POST" else None
    form = forms.FacilityRegisterForm(data, prefix="facility", profile=profile, language=_language(request))
    if request.method == "POST":
        fields = list(form.fields)
        facility = _save(
            request,
            form,
            lambda d: services.facility_create(
                actor=request.user,
                on=timezone.localdate(),
                profile=profile,
                **{name: d[name] for name in fields},
            ),
        )
        if facility is not None:
            messages.success(
                request,
                _("%(code)s %(name)s is registered.") % {"code": facility.code, "name": facility.name_fr},
            )
            if facility.direct_billing.filter(automatic=True).exists():
                messages.success(request, _admitted_message(facility))
            return redirect("providers:facility_detail", code=facility.code)
        messages.error(request, _("Please correct the errors below."))
    context = {"form": form, "title": _("Register a facility"), "facility": None}
    return render(request, "providers/facility_form.html", context, status=400 if form.errors else 200)


@login_required
def facility_edit(request, code: str):
    """A facility's details; kind and sector stay as they were once it has asked for anything."""
    require(request.user, "providers.manage")
    try:
        facility = selectors.facility_get(user=request.user, code=code)
    except DomainError as error:
        raise Http404(error.message) from error
    profile = active_profile()
    settled = facility_kind_settled(facility)
    initial: dict[str, Any] = {name: getattr(facility, name) for name in EDITABLE}
    data = request.POST if request.method == "POST" else None
    form = forms.FacilityEditForm(
        data,
        prefix="facility",
        initial=initial,
        profile=profile,
        language=_language(request),
        settled=settled,
    )
    if request.method == "POST":
        had_access = facility.direct_billing.exists()
        saved = _save(
            request,
            form,
            lambda d: services.facility_update(
                actor=request.user,
                facility=facility,
                changes={name: d[name] for name in form.fields},
                on=timezone.localdate(),
                profile=profile,
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved.") if form.has_changed() else _("Nothing changed."))
            if not had_access and saved.direct_billing.filter(automatic=True).exists():
                messages.success(request, _admitted_message(saved))
            return redirect("providers:facility_detail", code=saved.code)
        messages.error(request, _("Please correct the errors below."))
    context = {"form": form, "title": _("Edit the facility"), "facility": facility}
    return render(request, "providers/facility_form.html", context, status=400 if form.errors else 200)
