"""The API's documentation page (`/api/v1/docs`) and its OpenAPI document (`/api/v1/openapi.json`).

- Swagger UI comes from the site's own static files (`api/static/api/swagger-ui/`, vendored), started by a
  script file, never an inline one nor a CDN: the page runs under the site's Content-Security-Policy
  (`script-src 'self'`, no 'unsafe-inline').
- In production (DEBUG off) both are shown only to a signed-in user or an API client: an anonymous browser
  is sent to the login page, an anonymous program gets the API's 401 `{code, field, message}`. They
  describe the fund's operations to the facilities' software, not to the whole Internet.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

from sanad.common.middleware_api import problem


class VendoredSwagger(DocsBase):
    """Swagger UI from the site's static files (see the module)."""

    template = "api/swagger.html"
    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # No badge fetched from validator.swagger.io: the page calls no other site.
        "validatorUrl": None,
    }

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        config = self.settings | {"url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"swagger_config": config, "api": api})


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    # An API client's key (issue 19, `credentials.middleware`) or a person's session.
    return getattr(request, "api_client", None) is not None or (user is not None and user.is_authenticated)


def _wants_page(request: HttpRequest) -> bool:
    return "text/html" in request.headers.get("Accept", "")


def docs_signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The documentation and the OpenAPI document for a signed-in user or an API client only, unless DEBUG
    is on (a developer's machine)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.DEBUG or _signed_in(request):
            return view(request, *args, **kwargs)
        if _wants_page(request):
            return redirect_to_login(request.get_full_path())
        return problem(401)

    return guarded
