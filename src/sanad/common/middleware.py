"""Hostile input stopped at the door, once for every page and every API operation.

- A NUL character (`\\x00`) has no place in an address, a query, a form or a JSON body: no database column
  holds it (PostgreSQL refuses it in text and in JSON), so it is refused here with a 400 naming the field,
  before any view, form or query sees it.
- A number in an address beyond the database's range (`/files/99999999999999999999`) names nothing: 404.
- An API body larger than the limit is refused with a 413 before it is read.
- Every error the API answers, also those Django or django-ninja write by themselves (an unknown route, a
  method not allowed, a CSRF refusal, a server error), comes back in the API's one error shape
  `{code, field, message}` in the caller's language (`middleware_api`), never an HTML page nor
  `{"detail": …}`.

A page's refusal is the site's 400 page (the URL map's `handler400`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import get_resolver
from django.utils.translation import gettext as _

from sanad.common.errors import ErrorCode
from sanad.common.middleware_api import (
    as_problem,
    fhir_outcome,
    is_fhir,
    is_hcx,
    problem,
    refusal,
    status_said,
)

API_PREFIX = "/api/"
NUL = "\x00"
# A multipart body (scans, billing files) is refused above this size before it is read.
BIGGEST_ID = 2**63 - 1
UPLOAD_MAX_BYTES = 50 * 1024 * 1024
_FIGURES = re.compile(r"/(\d{19,})(?=/|$)")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _nul_in_pairs(pairs: Iterator[tuple[str, Any]]) -> str | None:
    """The name of the first field whose name or value holds a NUL character; None if none does."""
    for name, value in pairs:
        if NUL in name or (isinstance(value, str) and NUL in value):
            return name.replace(NUL, "")
    return None


def _nul_in_json(value: Any, where: str = "") -> str | None:
    """Where in a parsed JSON document a NUL character sits: `lines[0].note`, or `body` at the top."""
    if isinstance(value, str):
        return (where or "body") if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            place = f"{where}.{key}" if where else str(key)
            if NUL in str(key):
                return place.replace(NUL, "")
            if found := _nul_in_json(item, place):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := _nul_in_json(item, f"{where}[{index}]"):
                return found
    return None


def _body_limit(request: HttpRequest) -> int | None:
    if request.content_type == "multipart/form-data":
        return UPLOAD_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _machine(request: HttpRequest) -> bool:
    """A request to an API for machines: REST, FHIR or HCX (each answers in its own error shape)."""
    return is_api(request) or is_fhir(request) or is_hcx(request)


class HostileInputMiddleware:
    """Refuses NUL characters and oversized API bodies before any view runs, and gives every API error
    the API's shape (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._refusal(request) or self._beyond_range(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        if is_api(request):
            return as_problem(response)
        return response

    def _beyond_range(self, request: HttpRequest) -> HttpResponse | None:
        """An id in the address larger than any database column holds (2^63 - 1): nothing has it."""
        if any(int(figures) > BIGGEST_ID for figures in _FIGURES.findall(request.path_info)):
            if is_fhir(request):
                return fhir_outcome(404, status_said(404)[1])
            if is_api(request):
                return problem(404)
            return get_resolver().resolve_error_handler(404)(request, None)
        return None

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            field = self._nul_field(request)
        except (RequestDataTooBig, TooManyFieldsSent):
            return self._refuse(request, 413, None)
        except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError):
            return self._refuse(request, 400, None, unreadable=True)
        if field is not None:
            return self._refuse(request, 400, field)
        return None

    def _nul_field(self, request: HttpRequest) -> str | None:
        if NUL in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            return "path" if NUL in request.path_info else _nul_in_pairs(request.GET.items()) or "query"
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return None
        limit = _body_limit(request)
        if _machine(request) and limit is not None and _declared_length(request) > limit:
            raise RequestDataTooBig
        if request.content_type in _FORMS:
            return _nul_in_pairs(
                (name, value) for name, values in request.POST.lists() for value in values
            ) or (_nul_in_pairs((upload.name or "", "") for upload in request.FILES.values()))
        if request.content_type == "application/json" or _machine(request):
            body = request.body
            if b"\\u0000" not in body.lower() and b"\x00" not in body:
                return None
            try:
                return _nul_in_json(json.loads(body))
            except ValueError:  # the schema's check tells an unreadable body in its own words
                return None
        return None

    def _refuse(self, request: HttpRequest, status: int, field: str | None, *, unreadable: bool = False):
        if _machine(request):
            if status == 413 or unreadable:
                if is_api(request):
                    return problem(status)
                return refusal(request, status, ErrorCode.INVALID, status_said(status)[1])
            message = _("%(field)s: an invisible control character is not allowed.") % {"field": field}
            return refusal(request, 400, ErrorCode.INVALID, message, field)
        response = get_resolver().resolve_error_handler(400)(request, SuspiciousOperation(field))
        response.status_code = status
        return response
