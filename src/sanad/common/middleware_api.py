"""The API's one error shape, `{code, field, message}`, for the errors no API handler wrote: Django's
own answers (an unknown route, a CSRF refusal, a server error's page) and django-ninja's (`{"detail": …}`,
an empty 405). The message is in the caller's language and never carries the exception's text."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from sanad.common.errors import ErrorCode


def status_said(status: int, allowed: str = "") -> tuple[ErrorCode, str]:
    """The code and message of an error answered with `status` alone (no field at fault)."""
    if status == 401:
        return ErrorCode.FORBIDDEN, _("You are not logged in: log in first.")
    if status == 403:
        return ErrorCode.FORBIDDEN, str(ErrorCode.FORBIDDEN.label)
    if status == 404:
        return ErrorCode.NOT_FOUND, _("No such address in the API: check the path and its version.")
    if status == 405:
        return ErrorCode.INVALID, _("This method is not allowed at this address (allowed: %(methods)s).") % {
            "methods": allowed or "—"
        }
    if status == 413:
        return ErrorCode.INVALID, _("The request body is too large: send a smaller file or fewer items.")
    if status == 429:
        return ErrorCode.TOO_MANY_REQUESTS, _("Too many requests: wait a moment and try again.")
    if status >= 500:
        return ErrorCode.CONFLICT, _("The server could not answer this request: try again in a few minutes.")
    return ErrorCode.INVALID, _("The request could not be read: send a JSON object or a form as documented.")


def too_many(wait: int) -> tuple[ErrorCode, str]:
    """The code and message of a call beyond its client's rate limit, `wait` seconds before the next."""
    message = _("Too many requests from this client: wait %(seconds)s seconds before trying again.")
    return ErrorCode.TOO_MANY_REQUESTS, message % {"seconds": wait}


# FHIR clients read errors as an OperationOutcome (issue code by HTTP status), never the REST body.
FHIR_PREFIX = "/fhir/"
_FHIR_ISSUE = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    413: "too-costly",
    429: "throttled",
}


def is_fhir(request: Any) -> bool:
    return request.path_info.startswith(FHIR_PREFIX)


# The HCX-style exchange answers `{"error": {code, message, trace}}` with its own codes, by HTTP status.
HCX_PREFIX = "/hcx/"
_HCX_CODE = {
    401: "ERR_ACCESS_DENIED",
    403: "ERR_ACCESS_DENIED",
    413: "ERR_INVALID_PAYLOAD",
    429: "ERR_RATE_LIMIT",
}


def is_hcx(request: Any) -> bool:
    return request.path_info.startswith(HCX_PREFIX)


def hcx_error(status: int, message: str) -> JsonResponse:
    """An HCX protocol error: its code by the status, the message in the caller's language."""
    body = {
        "error": {"code": _HCX_CODE.get(status, "ERR_INVALID_PAYLOAD"), "message": message, "trace": None}
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def fhir_outcome(status: int, message: str, *, expression: str | None = None) -> JsonResponse:
    """A FHIR OperationOutcome with one error issue: its code from the status, the element at fault."""
    issue: dict[str, Any] = {
        "severity": "error",
        "code": _FHIR_ISSUE.get(status, "exception" if status >= 500 else "processing"),
        "diagnostics": message,
    }
    if expression:
        issue["expression"] = [expression]
    body = {"resourceType": "OperationOutcome", "issue": [issue]}
    return JsonResponse(body, status=status, content_type="application/fhir+json")


def refusal(
    request: Any, status: int, code: ErrorCode, message: str, field: str | None = None
) -> JsonResponse:
    """A machine's refusal in the shape its API speaks: an OperationOutcome under /fhir/, HCX's error under
    /hcx/, else the REST API's `{code, field, message}`."""
    if is_fhir(request):
        return fhir_outcome(status, message, expression=field)
    if is_hcx(request):
        return hcx_error(status, message)
    return JsonResponse({"code": code.value, "field": field, "message": message}, status=status)


def problem(status: int, *, allowed: str = "") -> JsonResponse:
    """The API's error answer for `status`, with no field (the request as a whole is at fault)."""
    code, message = status_said(status, allowed)
    return JsonResponse({"code": code.value, "field": None, "message": message}, status=status)


def _in_shape(response: HttpResponse) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    if getattr(response, "streaming", False):
        return True
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return False
    return isinstance(body, dict) and {"code", "message"} <= body.keys()


def as_problem(response: HttpResponse) -> HttpResponse:
    """`response` itself when it succeeded or already has the API's shape; else the API's error answer."""
    if response.status_code < 400 or _in_shape(response):
        return response
    answer = problem(response.status_code, allowed=response.get("Allow", ""))
    for header in ("Allow", "Retry-After", "X-Request-ID", "Vary"):
        if header in response:
            answer[header] = response[header]
    return answer
