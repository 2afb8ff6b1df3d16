"""The two ways a call is signed, as the OpenAPI document declares them (issue 19 §1): a person's session
(cookie and CSRF token) and an API client's key (HTTP bearer), so that the document and its docs page say
how a facility's software signs a call.

The key itself is checked before django-ninja, by `sanad.credentials.middleware` (its scopes, its expiry,
the call recorded): a call that reaches an operation with `request.api_client` set was already
authenticated as the client's account. `ClientKeyAuth` only accepts what the middleware accepted, never a
token of its own reading, so that keys are checked in one place.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import security


class SessionAuth(security.SessionAuth):
    """django-ninja's session check, with the words the OpenAPI document shows for it."""

    openapi_description = (
        "A person signed in to Sanad in a browser: the session cookie, and on every write the "
        "session's anti-forgery token in the `X-CSRFToken` header."
    )


class ClientKeyAuth(security.HttpBearer):
    """`Authorization: Bearer sk_<prefix>_<secret>`: the account of the API client the middleware found."""

    openapi_description = (
        "API key of an API client: `Authorization: Bearer sk_…`. An administrator of the fund creates the "
        "client (one facility, named scopes: eligibility, claims, authorizations, payments) and hands its "
        "key over once; no session nor CSRF token goes with it."
    )
    openapi_bearerFormat = "sk_<prefix>_<secret>"

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        if getattr(request, "api_client", None) is None:
            return None
        return request.user
