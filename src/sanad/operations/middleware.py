"""Every request gets an id (`X-Request-ID`, the proxy's or a new one), an access-log line and its
place in the metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sanad.operations.logging import request_id_var
from sanad.operations.metrics import LATENCY, REQUESTS

access_log = logging.getLogger("sanad.request")

# An id from outside is kept only if it is short and plain: it is written into every log line.
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Probes and scrapes come every few seconds: their lines would drown the others.
_QUIET = ("/health/", "/metrics")


def _view(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else "unresolved"


class RequestIdMiddleware:
    """Takes the `X-Request-ID` the proxy sent (or makes one), puts it on every log line of the request
    and in the answer, then logs the request: method, path without its query string, status, duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _VALID_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            level = logging.DEBUG if request.path.startswith(_QUIET) else logging.INFO
            duration = round((time.perf_counter() - started) * 1000, 1)
            access_log.log(
                level,
                "%s %s %s %s ms",
                request.method,
                request.path,
                response.status_code,
                duration,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration,
                    "view": _view(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class MetricsMiddleware:
    """Counts each request and its latency by method, view name (never the path: ids would make a series
    per member) and status code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view(request)
        method = request.method if request.method in _METHODS else "other"
        LATENCY.labels(method, view).observe(time.perf_counter() - started)
        REQUESTS.labels(method, view, str(response.status_code)).inc()
        return response


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
