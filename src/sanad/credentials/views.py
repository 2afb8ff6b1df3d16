"""The administrator's pages for API clients: the list, a new client, rotate, revoke, scopes, recent calls.

A key is shown once, on the page that answers its creation or rotation (never stored, never shown again).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.credentials import selectors, services
from sanad.credentials.forms import ClientCreateForm, RevokeForm, RotateForm, ScopesForm
from sanad.credentials.models import ApiClient
from sanad.credentials.scopes import Scope
from sanad.providers.selectors import facility_get


def _client(request: Any, pk: int) -> ApiClient:
    try:
        return selectors.api_client_get(user=request.user, pk=pk)
    except ApiClient.DoesNotExist as missing:
        raise Http404 from missing


def _scope_labels(client: ApiClient) -> list[str]:
    return [str(Scope(value).label) for value in client.scopes if value in Scope.values]


def _key_shown(request: Any, client: ApiClient, key: str) -> HttpResponse:
    base = request.build_absolute_uri("/api/v1/")
    return render(request, "credentials/key_shown.html", {"client": client, "key": key, "base": base})


@capability_required("credentials.manage")
def client_list(request: Any) -> HttpResponse:
    rows = [(client, _scope_labels(client)) for client in selectors.api_clients_list(user=request.user)]
    return render(request, "credentials/list.html", {"rows": rows})


@capability_required("credentials.manage")
@require_http_methods(["GET", "POST"])
def client_create(request: Any) -> HttpResponse:
    form = ClientCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            facility = facility_get(user=request.user, code=form.cleaned_data["facility"])
            client, key = services.api_client_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                facility=facility,
                scopes=form.cleaned_data["scopes"],
            )
        except DomainError as error:
            form.add_error("facility" if error.field == "code" else error.field, error.message)
        else:
            return _key_shown(request, client, key)
    return render(request, "credentials/create.html", {"form": form})


def _detail(request: Any, client: ApiClient, status: int = 200, **forms: Any) -> HttpResponse:
    """The client's page; a refused form (`forms`) shows again with its errors."""
    context = {
        "client": client,
        "scopes": _scope_labels(client),
        "keys": selectors.api_client_keys(client=client),
        "calls": selectors.api_client_calls(client=client),
        "rotate_form": RotateForm(),
        "revoke_form": RevokeForm(),
        "scopes_form": ScopesForm(initial={"scopes": client.scopes}),
        **forms,
    }
    return render(request, "credentials/detail.html", context, status=status)


@capability_required("credentials.manage")
def client_detail(request: Any, pk: int) -> HttpResponse:
    return _detail(request, _client(request, pk))


@capability_required("credentials.manage")
@require_POST
def key_rotate(request: Any, pk: int) -> HttpResponse:
    client = _client(request, pk)
    form = RotateForm(request.POST)
    if form.is_valid():
        try:
            overlap = datetime.timedelta(hours=form.cleaned_data["overlap"])
            key = services.api_key_rotate(actor=request.user, client=client, overlap=overlap)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _key_shown(request, client, key)
    return _detail(request, client, 400, rotate_form=form)


@capability_required("credentials.manage")
@require_POST
def client_revoke(request: Any, pk: int) -> HttpResponse:
    client = _client(request, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.api_client_revoke(actor=request.user, client=client, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("credentials:client_detail", pk=client.pk)
    return _detail(request, client, 400, revoke_form=form)


@capability_required("credentials.manage")
@require_POST
def scopes_change(request: Any, pk: int) -> HttpResponse:
    client = _client(request, pk)
    form = ScopesForm(request.POST)
    if form.is_valid():
        try:
            services.api_client_scopes_change(
                actor=request.user, client=client, scopes=form.cleaned_data["scopes"]
            )
        except DomainError as error:
            form.add_error("scopes", error.message)
        else:
            return redirect("credentials:client_detail", pk=client.pk)
    return _detail(request, client, 400, scopes_form=form)
