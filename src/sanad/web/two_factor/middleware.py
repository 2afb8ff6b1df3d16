"""Until they gave a one-time code, the staff who must (rules.two_factor_pending) reach nothing but the code
pages, the log-out and the language switch: applied here once for every page, the admin site and the API,
rather than on each view, so that a page added later cannot forget it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sanad.common.errors import ErrorCode
from sanad.common.middleware import is_api
from sanad.common.middleware_api import is_fhir, refusal
from sanad.web.two_factor.rules import two_factor_pending
from sanad.web.two_factor.services import two_factor_set_up

# The pages a user who still owes a code may open (URL names, with their namespace).
OPEN_VIEWS = frozenset(
    {
        "two_factor:verify",
        "two_factor:set_up",
        "two_factor:backup_codes",
        "login",
        "logout",
        "admin:logout",
        "set_language",
    }
)
# The probes and metrics answer machines, not people.
OPEN_NAMESPACES = frozenset({"operations", "reports_public"})


def code_page(user: Any, next_url: str = "") -> str:
    """Where a user who owes a code goes: the code page, or the set-up page for an account without an app."""
    url = reverse("two_factor:verify" if two_factor_set_up(user) else "two_factor:set_up")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and (match.view_name in OPEN_VIEWS or match.namespace in OPEN_NAMESPACES):
            return None
        if not two_factor_pending(request.user):
            return None
        if is_api(request) or is_fhir(request):
            message = _("Give your one-time code on the site first.")
            return refusal(request, 403, ErrorCode.FORBIDDEN, message)
        # Back to the page asked for once the code is given (a form sent meanwhile is not sent again).
        next_url = request.get_full_path() if request.method == "GET" else ""
        return redirect(code_page(request.user, next_url))
