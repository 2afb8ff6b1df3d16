"""Facility pages: the list (filtered, paged by key and exported as CSV or XLSX with the same filters), the
detail with its history and the forms that change it. Views stay thin: forms parse, services decide,
selectors read and scope."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.export import (
    EXPORT_CHUNK,
    export_format,
    export_links,
    export_response,
    filter_query,
    rows_by_key,
)
from sanad.common.permissions import can, require
from sanad.common.templatetags.sanad import level_name, region_name
from sanad.funds.active import active_profile
from sanad.providers import forms, selectors, services
from sanad.providers.clock import agreement_is_overdue, working_days_left
from sanad.providers.eligibility import (
    agreement_eligibility,
    direct_billing_eligibility,
    direct_billing_is_automatic,
)
from sanad.providers.letters import letters_available
from sanad.providers.models import AgreementRequest, DirectBillingAccess, FacilityKind
from sanad.providers.statuses import FacilityNetworkStatus
from sanad.providers.views.actions import AGREEMENT_ACTIONS, DIRECT_BILLING_ACTIONS, Action


def _visible(request, code: str):
    try:
        return selectors.facility_get(user=request.user, code=code)
    except DomainError as error:
        raise Http404(error.message) from error


EXPORT_HEADER = (
    gettext_lazy("Code"),
    gettext_lazy("Name"),
    gettext_lazy("Name in Arabic"),
    gettext_lazy("Kind"),
    gettext_lazy("Sector"),
    gettext_lazy("Level"),
    gettext_lazy("Region"),
    gettext_lazy("Regional health directorate"),
    gettext_lazy("Status"),
)


def _export_row(facility: Any) -> list[Any]:
    return [
        facility.code,
        facility.name_fr,
        facility.name_ar,
        facility.get_kind_display(),
        facility.get_sector_display(),
        level_name(facility.level),
        region_name(facility.region),
        facility.health_directorate,
        facility.get_network_status_display(),
    ]


@login_required
def facility_list(request):
    """The facilities the user may see, by code; `?export=csv|xlsx` downloads the filtered list."""
    profile = active_profile()
    lang = getattr(request, "LANGUAGE_CODE", "fr")
    form = forms.FacilityFilterForm(request.GET or None)
    blank = [("", "—")]
    form.fields["region"].choices = blank + [(r.code, r.name.get(lang)) for r in profile.regions]
    form.fields["kind"].choices = blank + list(FacilityKind.choices)
    form.fields["level"].choices = blank + [
        (lv.code, lv.label.get(lang)) for lv in profile.care_pyramid.levels
    ]
    form.fields["status"].choices = blank + list(FacilityNetworkStatus.choices)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    fmt = export_format(request.GET)
    if fmt:
        # Who may read which facilities is settled now: the rows are read while the response streams.
        selectors.facilities_visible(user=request.user)
        facilities = rows_by_key(
            lambda after: selectors.facility_list(
                user=request.user, after=after, limit=EXPORT_CHUNK, **filters
            )
        )
        rows = (_export_row(f) for f in facilities)
        return export_response(
            fmt=fmt, title=_("Facilities"), header=EXPORT_HEADER, rows=rows, day=timezone.localdate()
        )
    page = selectors.facility_list(
        user=request.user,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        **filters,
    )
    context = {
        "form": form,
        "page": page,
        "query": filter_query(request.GET),
        "first_page": page.prev_before is None,
        "manage": can(request.user, "providers.manage"),
        **export_links(request.GET),
    }
    return render(request, "providers/facility_list.html", context)


def _agreement_card(request, req: AgreementRequest, today, profile, bound: dict[str, Any]) -> dict[str, Any]:
    actions = []
    if can(request.user, "providers.manage"):
        for name, action in AGREEMENT_ACTIONS.items():
            if action.offered(req.status):
                key = f"agreement-{req.pk}-{name}"
                form = bound.get(key) or action.form(prefix=key)
                actions.append({"name": name, "title": action.title, "form": form, "key": key})
    return {
        "req": req,
        "letters": letters_available(req),
        "overdue": agreement_is_overdue(req, today),
        "days_left": working_days_left(profile, req, today),
        "actions": actions,
    }


def _access_card(request, access: DirectBillingAccess, bound: dict[str, Any]) -> dict[str, Any]:
    actions = []
    if can(request.user, "providers.manage"):
        for name, action in DIRECT_BILLING_ACTIONS.items():
            if action.offered(access.status):
                key = f"db-{access.pk}-{name}"
                form = bound.get(key) or action.form(prefix=key)
                actions.append({"name": name, "title": action.title, "form": form, "key": key})
    return {"access": access, "actions": actions}


def _detail(request, facility, bound: dict[str, Any] | None = None, status: int = 200):
    bound = bound or {}
    profile = active_profile()
    today = timezone.localdate()
    manage = can(request.user, "providers.manage")
    agreement_cards = [_agreement_card(request, r, today, profile, bound) for r in facility.agreements.all()]
    accesses = [_access_card(request, a, bound) for a in facility.direct_billing.all()]
    open_request = any(card["req"].status not in ("refused", "terminated") for card in agreement_cards)
    agreement = agreement_eligibility(profile=profile, facility=facility)
    billing = direct_billing_eligibility(profile=profile, facility=facility)
    automatic = direct_billing_is_automatic(profile=profile, facility=facility)
    context = {
        "facility": facility,
        "manage": manage,
        "practitioners": list(facility.practitioners.all()),
        "agreements": agreement_cards,
        "accesses": accesses,
        "timeline": selectors.facility_timeline(facility=facility),
        "level_label": _level_label(profile, facility.level, getattr(request, "LANGUAGE_CODE", "fr")),
        "practitioner_form": bound.get("practitioner") or forms.PractitionerForm(prefix="practitioner"),
        "request_form": bound.get("request")
        or forms.RequestForm(prefix="request", initial={"requested_on": today}),
        "apply_form": bound.get("apply")
        or forms.DirectBillingApplyForm(prefix="apply", initial={"applied_on": today}),
        "may_request": manage and agreement.eligible and not open_request,
        # Why the facility cannot ask, in plain words naming its kind and sector, before anyone tries.
        "agreement_refusal": "" if agreement.eligible or open_request else agreement.message,
        "may_apply": manage and billing.eligible,
        "billing_refusal": "" if billing.eligible or automatic or accesses else billing.message,
        "may_admit": manage and automatic,
        # The account's changes and history are settlement's (payments.view); the others see the first one.
        "may_see_accounts": can(request.user, "payments.view"),
    }
    return render(request, "providers/facility_detail.html", context, status=status)


def _level_label(profile, code: str, lang: str) -> str:
    try:
        return profile.care_pyramid.level(code).label.get(lang)
    except KeyError:
        return code


@login_required
def facility_detail(request, code: str):
    return _detail(request, _visible(request, code))


def _handle(request, facility, key: str, form, call) -> Any:
    """Run `call(cleaned_data)` if the form is valid; on a broken rule, show its message at its field."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            else:  # a rule about the facility itself (its kind, its sector): said at the top of the page
                messages.error(request, error.message)
                return _detail(request, facility, bound={key: form}, status=400)
        else:
            messages.success(request, _("Saved."))
            return redirect("providers:facility_detail", code=facility.code)
    messages.error(request, _("Please correct the errors below."))
    return _detail(request, facility, bound={key: form}, status=400)


def _managed(request, code: str):
    require(request.user, "providers.manage")
    return _visible(request, code)


def _facility_form(form_class: type, key: str, service: str):
    """A POST view: the form `form_class` (prefix `key`) on a facility, handed to `services.<service>`."""

    @require_POST
    @login_required
    def view(request, code: str):
        facility = _managed(request, code)
        form = form_class(request.POST, prefix=key)
        call = getattr(services, service)
        return _handle(
            request, facility, key, form, lambda d: call(actor=request.user, facility=facility, **d)
        )

    view.__name__ = service
    return view


practitioner_add = _facility_form(forms.PractitionerForm, "practitioner", "practitioner_add")
agreement_request = _facility_form(forms.RequestForm, "request", "agreement_request")
direct_billing_apply = _facility_form(forms.DirectBillingApplyForm, "apply", "direct_billing_apply")


@require_POST
@login_required
def direct_billing_admit(request, code: str):
    facility = _managed(request, code)
    try:
        services.direct_billing_admit(actor=request.user, facility=facility, on=timezone.localdate())
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("providers:facility_detail", code=facility.code)


def _run_action(request, obj, facility, prefix: str, name: str, registry: dict[str, Action]):
    action = registry.get(name)
    if action is None:
        raise Http404(ErrorCode.NOT_FOUND.label)
    key = f"{prefix}-{obj.pk}-{name}"
    form = action.form(request.POST, prefix=key)
    return _handle(request, facility, key, form, lambda d: action.run(request.user, obj, d, form))


@require_POST
@login_required
def agreement_action(request, pk: int, action: str):
    require(request.user, "providers.manage")
    obj = AgreementRequest.objects.select_related("facility").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return _run_action(request, obj, obj.facility, "agreement", action, AGREEMENT_ACTIONS)


@require_POST
@login_required
def direct_billing_action(request, pk: int, action: str):
    require(request.user, "providers.manage")
    obj = DirectBillingAccess.objects.select_related("facility").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return _run_action(request, obj, obj.facility, "db", action, DIRECT_BILLING_ACTIONS)
