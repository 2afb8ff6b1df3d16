"""The API object, its authentication and the one place where domain errors become HTTP answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import SessionAuth

from sanad.common.errors import DomainError, ErrorCode

api = NinjaAPI(
    title="Sanad API",
    version="1",
    urls_namespace="api-v1",
    auth=SessionAuth(),
    description="Open API of the fund for facilities' software; every error carries a code and a field.",
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


@api.get("/health", auth=None, tags=["system"])
def health(request):
    """Liveness: answers without authentication."""
    return {"status": "ok"}
