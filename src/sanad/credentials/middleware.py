"""A facility's software calls the APIs with `Authorization: Bearer <key>`: no session, no CSRF token.

The key's client acts through its own facility staff account, so every API rule and scope of data that
applies to facility staff applies to it; its scopes say which parts of the API it may call. Every call
is recorded with its client. Placed after the session's middlewares (a machine call opens no session)
and before those that key on the user (idempotency, rate limits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.common.errors import ErrorCode
from sanad.common.middleware_api import refusal
from sanad.credentials.scopes import scopes_for_path
from sanad.credentials.selectors import api_client_of_key
from sanad.credentials.services import api_call_record

_BEARER = "bearer "


def _refusal(request: Any, status: int, code: ErrorCode, message: str) -> JsonResponse:
    response = refusal(request, status, code, message, "Authorization")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


class MachineCredentialMiddleware:
    def __init__(self, get_response: Callable[[Any], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> HttpResponse:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scopes = scopes_for_path(request.path_info)
        if scopes is None or header[: len(_BEARER)].lower() != _BEARER:
            return self.get_response(request)
        client = api_client_of_key(header[len(_BEARER) :].strip())
        if client is None:
            return _refusal(
                request, 401, ErrorCode.FORBIDDEN, _("The API key is unknown, expired or revoked.")
            )
        if not scopes & set(client.scopes):
            response = _refusal(
                request, 403, ErrorCode.FORBIDDEN, _("This client's key does not open this part of the API.")
            )
        else:
            request.user = client.account
            request.api_client = client
            # A machine call carries no cookie, hence nothing a forged page could replay.
            request._dont_enforce_csrf_checks = True
            response = self.get_response(request)
        api_call_record(
            client_id=client.pk,
            method=request.method,
            path=request.path_info,
            status=response.status_code,
            at=timezone.now(),
        )
        return response
