"""The API object, its authentication and the one place where domain errors become HTTP answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import SessionAuth

from sanad.common.errors import DomainError, ErrorCode

api = NinjaAPI(
    title="Sanad API",
    version="1",
    urls_namespace="api-v1",
    auth=SessionAuth(),
    description=(
        "Open API of the fund for facilities' software; every error carries a code and a field. Every write "
        "accepts an `Idempotency-Key` header (1 to 255 printable ASCII characters, kept a day per user): a "
        "retry of a request that succeeded gets the same answer, marked `Idempotent-Replayed: true`, and "
        "changes nothing; the key reused for a different request is a 422, while the first runs a 409."
    ),
)

_STATUS = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.CONFLICT: 409,
    ErrorCode.ILLEGAL_TRANSITION: 409,
}


@api.exception_handler(DomainError)
def _domain_error(request, error: DomainError):
    return api.create_response(request, error.as_dict(), status=_STATUS.get(error.code, 400))


@api.exception_handler(PermissionDenied)
def _forbidden(request, error):
    body = {"code": ErrorCode.FORBIDDEN.value, "field": None, "message": str(ErrorCode.FORBIDDEN.label)}
    return api.create_response(request, body, status=403)


@api.exception_handler(Http404)
def _not_found(request, error):
    body = {"code": ErrorCode.NOT_FOUND.value, "field": None, "message": str(ErrorCode.NOT_FOUND.label)}
    return api.create_response(request, body, status=404)


def _field(location: tuple) -> str | None:
    """A request's field from where the validator found it: ("body", "data", "lines", 1, "code") is
    "lines[1].code"; ("query", "status") is "status"."""
    parts = list(location[2:] if location and location[0] in ("body", "form", "file") else location[1:])
    if location and location[0] in ("form", "file") and not parts:
        parts = list(location[1:])
    field = ""
    for part in parts:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return field or None


@api.exception_handler(ValidationError)
def _invalid(request, error: ValidationError):
    """A request the schema refuses is a 400 like any broken rule: the code, the first field at fault
    and what the validator said, never a bare list of errors."""
    first = error.errors[0] if error.errors else {}
    missing = first.get("type") == "missing"
    body = {
        "code": (ErrorCode.REQUIRED if missing else ErrorCode.INVALID).value,
        "field": _field(tuple(first.get("loc", ()))),
        "message": str(first.get("msg", "")) or str(ErrorCode.INVALID.label),
    }
    return api.create_response(request, body, status=400)


@api.get("/health", auth=None, tags=["system"])
def health(request):
    """Liveness: answers without authentication."""
    return {"status": "ok"}
