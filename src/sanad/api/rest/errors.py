"""What every endpoint documents of its errors, and what a write documents of its `Idempotency-Key` (the
middleware of `sanad.api.idempotency` applies the header to every write; `api.py` maps the errors)."""

from __future__ import annotations

from typing import Any

from ninja import Schema

from sanad.api.idempotency import HEADER


class ErrorOut(Schema):
    """Every error: its code (invalid, required, not_found, forbidden, conflict, illegal_transition), the
    field at fault (`lines[1].code`) or null, and the rule broken, in the caller's language."""

    code: str
    field: str | None
    message: str


# The errors an endpoint's own code answers (every other one is added to the document by
# `errors_documented`).
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
# A write may also answer 422: its Idempotency-Key was already used for another request.
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 422: ErrorOut}


def idempotent() -> dict[str, Any]:
    """A write's `openapi_extra`: the optional `Idempotency-Key` header (a fresh dict for each operation,
    the document's generator extends the lists it is given)."""
    return {
        "parameters": [
            {
                "name": HEADER,
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                "description": (
                    "A retry under the same key of a request that succeeded gets the first answer, marked "
                    "`Idempotent-Replayed: true`, and changes nothing (kept a day per user); the key reused "
                    "for another request is a 422, while the first runs a 409."
                ),
            }
        ]
    }


# What any operation may answer whatever its own code does, each in the shape `ErrorOut`: an unreadable
# body or a NUL character (400), no session (401), no CSRF token or no right (403), nothing there (404),
# a conflict (409), a body over the limit (413), an Idempotency-Key reused (422), the client's rate
# limit reached (429, with Retry-After).
_ANY_ERROR = {
    400: "The request is refused: `field` names what is at fault, `message` the rule it breaks.",
    401: "Not signed in.",
    403: "Not allowed, or the session's anti-forgery (CSRF) token is missing.",
    404: "Not found.",
    409: "A conflict with the current state.",
    413: "The request body is too large.",
    422: "The Idempotency-Key was already used for another request.",
    429: "Too many requests from this client: wait the seconds of `Retry-After`.",
}
_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def errors_documented(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with every error an operation may answer (`_ANY_ERROR`) declared in the one
    error shape, so that a client (and schemathesis) finds each answer in it."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorOut", ErrorOut.model_json_schema())
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in _ANY_ERROR.items():
                if status in responses or str(status) in responses:
                    continue
                answer: dict[str, Any] = {
                    "description": description,
                    "content": {"application/json": {"schema": _ERROR_REF}},
                }
                if status == 429:
                    answer["headers"] = {
                        "Retry-After": {
                            "description": "Seconds to wait before the next call.",
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    }
                responses[status] = answer
    return document
