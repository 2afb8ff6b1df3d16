"""The API object, its authentication and the one place where domain errors become HTTP answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from sanad.api.rate_limits import ClientRateThrottle, rate_count
from sanad.api.rest.client_auth import ClientKeyAuth, SessionAuth
from sanad.api.rest.docs import VendoredSwagger, docs_signed_in
from sanad.api.rest.errors import errors_documented
from sanad.api.rest.validation import validation_message
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import ConflictError
from sanad.common.middleware_api import status_said, too_many


class SanadAPI(NinjaAPI):
    """The API whose OpenAPI document declares, on every operation, the errors any request may meet
    (`errors.errors_documented`): the middleware's, the session's and the rate limit's as well as the
    operation's own."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return errors_documented(document)


api = SanadAPI(
    title="Sanad API",
    version="1",
    urls_namespace="api-v1",
    auth=[SessionAuth(), ClientKeyAuth()],
    # Counted after authentication, so that an API client (issue 19) is counted by its own credential.
    throttle=[ClientRateThrottle()],
    docs=VendoredSwagger(),
    docs_decorator=docs_signed_in,
    description=(
        "Open API of the fund for facilities' software; every error carries a code and a field. Every write "
        "accepts an `Idempotency-Key` header (1 to 255 printable ASCII characters, kept a day per user): a "
        "retry of a request that succeeded gets the same answer, marked `Idempotent-Replayed: true`, and "
        "changes nothing; the key reused for a different request is a 422, while the first runs a 409. "
        "Each client (a user, or an address when not signed in) has a number of calls per minute: beyond "
        "it, a 429 whose `Retry-After` header gives the seconds to wait."
    ),
)

_STATUS = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.CONFLICT: 409,
    ErrorCode.ILLEGAL_TRANSITION: 409,
}


def _api_message(error: DomainError) -> str:
    """The error's message for the API: a conflict's own wording (no "reload the page"), also when the
    error was raised again from it with its field renamed."""
    cause: BaseException | None = error
    while isinstance(cause, DomainError):
        if isinstance(cause, ConflictError) and cause.message == error.message:
            return cause.api_message
        cause = cause.__cause__
    return error.message


@api.exception_handler(DomainError)
def _domain_error(request, error: DomainError):
    body = error.as_dict() | {"message": _api_message(error)}
    return api.create_response(request, body, status=_STATUS.get(error.code, 400))


@api.exception_handler(PermissionDenied)
def _forbidden(request, error):
    body = {"code": ErrorCode.FORBIDDEN.value, "field": None, "message": str(ErrorCode.FORBIDDEN.label)}
    return api.create_response(request, body, status=403)


@api.exception_handler(Http404)
def _not_found(request, error):
    body = {"code": ErrorCode.NOT_FOUND.value, "field": None, "message": str(ErrorCode.NOT_FOUND.label)}
    return api.create_response(request, body, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, error: ValidationError):
    """A request the schema refuses is a 400 like any broken rule: the code, the first field at fault and
    the rule it breaks, in the caller's language (`validation`), never pydantic's English nor a bare list."""
    first = error.errors[0] if error.errors else {}
    field, message = validation_message(first)
    code = ErrorCode.REQUIRED if first.get("type") == "missing" else ErrorCode.INVALID
    body = {"code": code.value, "field": field, "message": message}
    return api.create_response(request, body, status=400)


def _http_message(error: HttpError) -> tuple[ErrorCode, str]:
    if isinstance(error, Throttled) and error.wait:
        return too_many(int(error.wait))
    if error.status_code == 403:  # the session's check of its anti-forgery (CSRF) token
        return ErrorCode.FORBIDDEN, _("Refused: the request lacks the session's anti-forgery (CSRF) token.")
    if error.status_code == 400:
        return ErrorCode.INVALID, _("The request body could not be read: send a JSON object.")
    return status_said(error.status_code)  # 401, 404, 405, 413, 429…: as the API's middleware words them


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    """What django-ninja refuses by itself (no session, an unreadable body…), in the caller's language and
    in the shape of every other error."""
    code, message = _http_message(error)
    body = {"code": code.value, "field": None, "message": message}
    response = api.create_response(request, body, status=error.status_code)
    if isinstance(error, Throttled) and error.wait:
        response["Retry-After"] = str(int(error.wait))
    return response


@api.exception_handler(AuthenticationError)
def _not_signed_in(request, error: AuthenticationError):
    """No session (nor credential): a 401, unless this address is over its rate of anonymous calls,
    counted here since the operation's own count runs after its authentication (`rate_limits`)."""
    wait = rate_count(request)
    if wait is not None:
        return _http_error(request, Throttled(wait=wait))
    return _http_error(request, error)


@api.get("/health", auth=None, tags=["system"])
def health(request):
    """Liveness: answers without authentication."""
    return {"status": "ok"}
