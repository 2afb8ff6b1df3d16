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


# The errors every endpoint may answer, for the OpenAPI document (401 is the session's).
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
