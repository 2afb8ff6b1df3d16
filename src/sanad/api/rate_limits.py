"""API rate limits per client: one facility's software looping on a request must not starve the others nor
the fund's staff (issue 16: costs bounded).

Each client has a number of calls per window (settings `SANAD_API_RATE_CLIENT`, `SANAD_API_RATE_ANONYMOUS`,
`SANAD_API_RATE_WINDOW`), counted in Django's cache (`SANAD_API_RATE_CACHE`, "default" unless set: a cache
shared by the server's processes, Redis or Memcached, makes the limit hold across them; the local-memory
cache counts per process). The call beyond the limit is a 429 with `Retry-After` (the seconds until the
window ends) and the API's error body `{code, field, message}` in the caller's language.

The client is who the API authenticated: a machine credential (an API client's key, issue 19, which
`credentials.middleware` puts on the request as `api_client`) by its client, else the signed-in user; an
anonymous call is counted by the client's address (`common.client_address`, which trusts
X-Forwarded-For only behind the site's own proxies).

The windows are fixed (the clock's minute by default): counting is one atomic increment per call, and a
client may at worst make twice its limit across the edge of two windows.
"""

from __future__ import annotations

import math
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from sanad.common.client_address import client_address

DEFAULT_CLIENT_LIMIT = 600
DEFAULT_ANONYMOUS_LIMIT = 60
DEFAULT_WINDOW_SECONDS = 60
# The clock the windows are cut from (a test sets it).
clock = time.time


def client_key(request: HttpRequest) -> tuple[str, bool]:
    """Who is counted for this request, and whether it is an authenticated client.

    An API client (`request.api_client`, its key checked by `credentials.middleware`) is counted by its
    client, whichever of its keys it uses; a signed-in user by their id; anyone else by their address."""
    client = getattr(request, "api_client", None)
    if client is not None:
        return f"client:{client.pk}", True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}", True
    return f"address:{client_address(request)}", False


def _limit(authenticated: bool) -> int:
    if authenticated:
        return int(getattr(settings, "SANAD_API_RATE_CLIENT", DEFAULT_CLIENT_LIMIT))
    return int(getattr(settings, "SANAD_API_RATE_ANONYMOUS", DEFAULT_ANONYMOUS_LIMIT))


def _window() -> int:
    return max(1, int(getattr(settings, "SANAD_API_RATE_WINDOW", DEFAULT_WINDOW_SECONDS)))


def rate_count(request: HttpRequest) -> int | None:
    """Counts this call against its client's limit: None while within it, else the seconds to wait
    before the next window (at least 1). A request is counted once, whoever asks first (the replay of an
    Idempotency-Key, then the operation's throttle)."""
    if hasattr(request, "_sanad_rate_wait"):
        return request._sanad_rate_wait
    request._sanad_rate_wait = _counted(request)  # type: ignore[attr-defined]
    return request._sanad_rate_wait


def _counted(request: HttpRequest) -> int | None:
    client, authenticated = client_key(request)
    limit, window, now = _limit(authenticated), _window(), clock()
    if limit <= 0:  # 0 turns the limit off
        return None
    started = int(now // window) * window
    cache = caches[getattr(settings, "SANAD_API_RATE_CACHE", "default")]
    name = f"sanad:api-rate:{client}:{started}"
    # add() then incr(): atomic in Redis and Memcached, under a lock in the local-memory cache.
    cache.add(name, 0, timeout=window + 1)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between the two calls: this call opens the window again
        cache.add(name, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, math.ceil(started + window - now))


class ClientRateThrottle(BaseThrottle):
    """django-ninja's hook: runs on every operation after its authentication (so that a machine credential
    is known), counting the call against its client (`rate_count`)."""

    def __init__(self) -> None:
        # One instance serves every request of every thread: `wait` reads what this thread's call found.
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = rate_count(request)
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
