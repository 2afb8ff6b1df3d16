"""The medical adviser's pages: the queue by deadline (near and past due shown), and the actions on a
request: decide, ask for information, modify, extend or cancel an approval."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanad.authorizations import forms, selectors, services
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.views.common import visible
from sanad.authorizations.views.detail import detail_page
from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile

# A row with no due time goes after every due one.
_NO_DUE = datetime.datetime.max.replace(tzinfo=datetime.UTC)


@require_GET
@login_required
@capability_required("authorizations.decide")
def queue(request: Any):
    """Requests awaiting a decision, the soonest due first, with those near or past due marked; then those
    waiting for the facility's answer."""
    profile = active_profile()
    now = timezone.now()
    request_type = request.GET.get("request_type", "")
    # `?show=appeals`: the requests under appeal only (marked "under appeal" in the full queue too).
    appeals_only = request.GET.get("show", "") == "appeals"
    pending, waiting = selectors.adviser_queue(
        user=request.user, profile=profile, now=now, request_type=request_type
    )
    appeals = selectors.appeal_queue(user=request.user, profile=profile, now=now, request_type=request_type)
    if appeals_only:
        pending, waiting = appeals, []
    else:
        pending = sorted(
            [*pending, *appeals], key=lambda row: (row.request.due_at or _NO_DUE, row.request.pk)
        )
    context = {
        "pending": pending,
        "waiting": waiting,
        "late": sum(1 for row in pending if row.late),
        "near": sum(1 for row in pending if row.near),
        "appeals": len(appeals),
        "appeals_only": appeals_only,
        "types": [(t.code, t.label.get_text()) for t in profile.authorization_requests.types],
        "request_type": request_type,
    }
    return render(request, "authorizations/queue.html", context)


def _run(request: Any, found: AuthorizationRequest, key: str, form: Any, call: Any):
    """Run `call(cleaned_data)` if the form is valid; on a broken rule show the request again with the
    form and its message at its field."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("authorizations:request_detail", reference=found.reference)
    messages.error(request, _("Please correct the errors below."))
    return detail_page(request, found, bound={key: form}, status=400)


def _decide(user: Any, found: AuthorizationRequest, form: Any):
    data = form.cleaned_data
    return services.authorization_decide(
        actor=user,
        request=found,
        kind=data["kind"],
        items=form.items(),
        valid_from=data.get("valid_from"),
        valid_to=data.get("valid_to"),
        amount=data.get("amount"),
        conditions=data.get("conditions") or "",
        reasons=data.get("reasons") or [],
        note=data.get("note") or "",
    )


ACTIONS = {
    "decide": (forms.DecisionForm, _decide),
    "ask": (
        forms.QuestionForm,
        lambda u, r, f: services.authorization_information_request(
            actor=u, request=r, question=f.cleaned_data["question"]
        ),
    ),
    "modify": (
        forms.ModifyForm,
        lambda u, r, f: services.authorization_modify(
            actor=u,
            request=r,
            kind=f.cleaned_data["kind"],
            items=f.items(),
            reason=f.cleaned_data["reason"],
            valid_from=f.cleaned_data.get("valid_from"),
            valid_to=f.cleaned_data.get("valid_to"),
            amount=f.cleaned_data.get("amount"),
            conditions=f.cleaned_data.get("conditions") or "",
        ),
    ),
    "extend": (
        forms.ExtendForm,
        lambda u, r, f: services.authorization_extend(
            actor=u, request=r, valid_to=f.cleaned_data["valid_to"], reason=f.cleaned_data["reason"]
        ),
    ),
    "cancel": (
        forms.CancelForm,
        lambda u, r, f: services.authorization_cancel(actor=u, request=r, reason=f.cleaned_data["reason"]),
    ),
}


@require_POST
@login_required
@capability_required("authorizations.decide")
def request_action(request: Any, reference: str, action: str):
    found = visible(request, reference)
    if action not in ACTIONS:
        raise Http404
    form_class, run = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    return _run(request, found, action, form, lambda data: run(request.user, found, form))
