"""What every FHIR view shares: who calls (a session or a machine credential; anonymous is a 401), the
CSRF check of a session's POST, the rate limit, the JSON body read, and every refusal or failure as an
OperationOutcome (never an HTML page nor a bare 500).

CSRF: a machine call (`Authorization: Bearer`, `credentials.middleware`) carries no cookie and is exempt;
a signed-in session's POST must carry its CSRF token (the `X-CSRFToken` header), checked with Django's own
CsrfViewMiddleware as the REST API's session authentication does, and refused as a 403 OperationOutcome.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from sanad.api.fhir.outcomes import FhirError, outcome
from sanad.api.fhir.validated import FhirJSONEncoder
from sanad.api.rate_limits import rate_count
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.middleware_api import too_many

FHIR_JSON = "application/fhir+json"
_JSON_TYPES = frozenset({"application/fhir+json", "application/json", "application/json+fhir"})
_STATUS = {ErrorCode.NOT_FOUND: (404, "not-found"), ErrorCode.FORBIDDEN: (403, "forbidden")}
logger = logging.getLogger(__name__)


def fhir_response(resource: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(
        resource,
        status=status,
        content_type=f"{FHIR_JSON}; charset=utf-8",
        encoder=FhirJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


def outcome_response(error: FhirError) -> JsonResponse:
    response = fhir_response(outcome(error.code, error.diagnostics, error.expression), status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


def _csrf_refused(request: HttpRequest) -> bool:
    """Whether Django's CSRF check refuses this session's request (machine calls are exempt)."""
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    request.csrf_processing_done = False  # type: ignore[attr-defined]
    check.process_request(request)
    return check.process_view(request, lambda r: None, (), {}) is not None


def _caller_checked(request: HttpRequest, *, public: bool) -> None:
    wait = rate_count(request)
    if wait is not None:
        raise FhirError(429, "throttled", too_many(wait)[1], headers={"Retry-After": str(wait)})
    if public:
        return
    if not request.user.is_authenticated:
        raise FhirError(
            401,
            "login",
            _("Sign in, or send your API key as a Bearer token."),
            headers={"WWW-Authenticate": "Bearer"},
        )
    if request.method == "POST" and getattr(request, "api_client", None) is None and _csrf_refused(request):
        message = _("Refused: the request lacks the session's anti-forgery (CSRF) token.")
        raise FhirError(403, "forbidden", message)


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def body_json(request: HttpRequest, resource_type: str | tuple[str, ...]) -> dict[str, Any]:
    """The resource sent as JSON: a 415 for another format, a 400 for unreadable JSON, a NUL character, or
    a resource of another type (than `resource_type`, or than any of them)."""
    allowed = (resource_type,) if isinstance(resource_type, str) else resource_type
    content_type = (request.content_type or "").lower()
    if content_type and content_type not in _JSON_TYPES:
        raise FhirError(
            415, "not-supported", _("This format of request is not accepted: send the resource as FHIR JSON.")
        )
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise FhirError(400, "structure", _("The request could not be read.")) from error
    if not isinstance(body, dict):
        raise FhirError(400, "structure", _("The request must hold one FHIR resource."))
    try:
        nul = _holds_nul(body)
    except RecursionError as error:
        raise FhirError(400, "structure", _("The request could not be read.")) from error
    if nul:
        # No column holds NUL (PostgreSQL refuses it): refused before any query sees it.
        raise FhirError(400, "invalid", _("An invisible control character is not allowed."))
    if body.get("resourceType") not in allowed:
        message = _("This address takes a %(type)s resource.") % {"type": allowed[0]}
        raise FhirError(400, "invalid", message, expression="resourceType")
    return body


def fhir_view(*, methods: tuple[str, ...] = ("GET",), public: bool = False) -> Callable:
    """A FHIR endpoint: the checks above, then the view; whatever it raises becomes an OperationOutcome."""

    def decorator(view: Callable[..., dict[str, Any]]) -> Callable[..., HttpResponse]:
        @csrf_exempt  # checked above for sessions: a refusal must be an OperationOutcome, not Django's page
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    message = _("This address does not accept %(method)s.") % {"method": request.method}
                    raise FhirError(405, "not-supported", message, headers={"Allow": ", ".join(methods)})
                _caller_checked(request, public=public)
                answer = view(request, *args, **kwargs)
                return answer if isinstance(answer, HttpResponse) else fhir_response(answer)
            except FhirError as error:
                return outcome_response(error)
            except Http404:
                return outcome_response(FhirError(404, "not-found", str(ErrorCode.NOT_FOUND.label)))
            except PermissionDenied:
                return outcome_response(FhirError(403, "forbidden", str(ErrorCode.FORBIDDEN.label)))
            except DomainError as error:
                status, code = _STATUS.get(error.code, (400, "invalid"))
                return outcome_response(FhirError(status, code, error.message))
            except Exception:  # a fault of ours: logged, answered in FHIR's shape rather than an HTML page
                logger.exception("FHIR %s %s failed", request.method, request.path)
                return outcome_response(FhirError(500, "exception", _("The server failed to answer.")))

        return wrapped

    return decorator
