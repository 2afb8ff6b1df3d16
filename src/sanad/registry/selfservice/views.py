"""The insured person's pages: the login (registration number, then the code received by SMS) and their
family's coverage today.

The session remembers the number asked for, when the code was asked and the wrong tries, so that the pages
answer alike whether or not the number is in the register (the service does the real checks).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.common.client_address import client_address
from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.funds.active import active_profile
from sanad.registry.forms_enrollment import add_domain_error
from sanad.registry.selectors import member_of_user
from sanad.registry.selectors.family import family_standing
from sanad.registry.selectors.papers import contribution_quote, member_receipts
from sanad.registry.selfservice.forms import CodeForm, NumberForm
from sanad.registry.selfservice.limits import CodeLimited
from sanad.registry.selfservice.services import (
    CODE_VALIDITY,
    MAX_ATTEMPTS,
    RESEND_AFTER,
    CodeRefused,
    code_check,
    code_refused,
    code_request,
)

SESSION_KEY = "sanad_selfservice"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _pending(request: Any) -> dict[str, Any] | None:
    return request.session.get(SESSION_KEY)


def _ask(request: Any, number: str) -> None:
    code_request(registration_number=number, address=client_address(request))
    request.session[SESSION_KEY] = {"number": number, "at": timezone.now().isoformat(), "tries": 0}
    messages.info(
        request,
        _(
            "If this registration number is in the register with a mobile phone, a code has been sent to "
            "that phone by SMS. It is valid for 10 minutes."
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def number(request: Any):
    form = NumberForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _ask(request, form.cleaned_data["registration_number"])
        except DomainError as error:
            add_domain_error(form, error)
            status = 429 if isinstance(error, CodeLimited) else 400
        else:
            return redirect("registry:selfservice_code")
    elif form.errors:
        status = 400
    return render(request, "registry/selfservice/number.html", {"form": form}, status=status)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def code(request: Any):
    pending = _pending(request)
    if pending is None:
        return redirect("registry:selfservice_number")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        asked_at = datetime.datetime.fromisoformat(pending["at"])
        try:
            if timezone.now() - asked_at >= CODE_VALIDITY:
                raise code_refused("expired")
            if pending["tries"] >= MAX_ATTEMPTS:
                raise code_refused("exhausted")
            user = code_check(registration_number=pending["number"], code=form.cleaned_data["code"])
        except CodeRefused as error:
            if error.reason == "wrong":
                pending["tries"] += 1
                request.session[SESSION_KEY] = pending
                if pending["tries"] >= MAX_ATTEMPTS:
                    error = code_refused("exhausted")
            add_domain_error(form, error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            login(request, user, backend=BACKEND)  # a new session: the pending login goes with the old one
            request.session.pop(SESSION_KEY, None)
            return redirect("home")
    context = {"form": form, "number": pending["number"]}
    return render(request, "registry/selfservice/code.html", context, status=400 if form.errors else 200)


@require_POST
def resend(request: Any):
    """A new code, at most once a minute (counted per session, so that the answer leaks nothing)."""
    pending = _pending(request)
    if pending is None:
        return redirect("registry:selfservice_number")
    wait = RESEND_AFTER - (timezone.now() - datetime.datetime.fromisoformat(pending["at"]))
    if wait > datetime.timedelta(0):
        messages.warning(
            request,
            _("A new code can be asked for once a minute: wait %(seconds)s seconds.")
            % {"seconds": int(wait.total_seconds()) + 1},
        )
    else:
        try:
            _ask(request, pending["number"])
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("registry:selfservice_code")


@never_cache
@require_GET
@login_required
@capability_required("self.view")
def family(request: Any):
    """The insured person's own page: each member of the family covered today or not and why, the papers
    missing or running out, the latest payments with their receipts, and (flat scheme) the next one."""
    member = member_of_user(user=request.user)
    if member is None:
        return render(request, "registry/selfservice/family.html", {"member": None}, status=404)
    today = timezone.localdate()
    quote = None
    if active_profile().contributions.flat is not None:
        try:
            quote = contribution_quote(member=member, paid_on=today)
        except DomainError:
            quote = None
    context = {
        "member": member,
        "standing": family_standing(member=member, on=today),
        "receipts": member_receipts(member=member),
        "quote": quote,
        "today": today,
    }
    return render(request, "registry/selfservice/family.html", context)
