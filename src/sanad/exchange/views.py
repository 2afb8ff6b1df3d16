"""The administrator's pages for HCX participants: the list (with the fund's public key to give them),
a new participant, deactivate one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.credentials.selectors import api_clients_list
from sanad.exchange import selectors, services
from sanad.exchange.forms import ParticipantForm
from sanad.exchange.keys import fund_public_key_pem


def _fund_key() -> str:
    """The fund's public key to give participants, or "" while the operator has not set the key file."""
    try:
        return fund_public_key_pem()
    except ImproperlyConfigured:
        return ""


@capability_required("credentials.manage")
def participant_list(request: Any) -> HttpResponse:
    context = {
        "participants": selectors.participants_list(user=request.user),
        "fund_key": _fund_key(),
    }
    return render(request, "exchange/list.html", context)


@capability_required("credentials.manage")
@require_http_methods(["GET", "POST"])
def participant_create(request: Any) -> HttpResponse:
    clients = api_clients_list(user=request.user).filter(revoked_at__isnull=True)
    form = ParticipantForm(request.POST or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_register(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("exchange:participant_list")
    return render(request, "exchange/create.html", {"form": form}, status=400 if form.errors else 200)


@capability_required("credentials.manage")
@require_POST
def participant_deactivate(request: Any, pk: int) -> HttpResponse:
    found = selectors.participants_list(user=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    services.participant_deactivate(actor=request.user, participant=found)
    return redirect("exchange:participant_list")
