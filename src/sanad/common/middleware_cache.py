"""Answers with personal data are never kept by a browser or a proxy; idle signed-in sessions end.

- `NoStoreMiddleware`: every answer gets `Cache-Control: no-store` unless its view chose a policy itself;
  the static files (served before this middleware) and the public catalogue of refusal reasons may be kept.
- `IdleTimeoutMiddleware`: a signed-in person idle longer than the fund profile's
  `security.session_idle_minutes` (30 minutes by default) is signed out, and the session cookie and the
  stored session expire after that idle time, renewed by each request (a sliding expiry).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.urls import reverse

from sanad.funds.active import active_profile

# Renewing the expiry writes the session: once a minute is enough for a limit counted in minutes.
RENEW_AFTER_SECONDS = 60
SEEN_KEY = "sanad_seen_at"


def _cacheable_prefixes() -> tuple[str, ...]:
    return ("/" + settings.STATIC_URL.lstrip("/"), reverse("reasons"))


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if request.path.startswith(_cacheable_prefixes()):
            return response
        response["Cache-Control"] = "no-store"
        return response


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            idle = active_profile().security.session_idle_minutes * 60
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            if isinstance(seen, int) and now - seen > idle:
                logout(request)  # flushes the session; the page then asks to sign in again
            elif not isinstance(seen, int) or now - seen >= RENEW_AFTER_SECONDS:
                request.session[SEEN_KEY] = now
                request.session.set_expiry(idle)
        return self.get_response(request)


def on_logged_in(sender: Any, *, request: Any, user: Any, **kwargs: Any) -> None:
    """Start the idle clock at sign-in, in the session the login saves anyway: the first page after it
    then writes nothing more (pages cost the same queries whatever comes first)."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())
        request.session.set_expiry(active_profile().security.session_idle_minutes * 60)
