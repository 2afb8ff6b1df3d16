"""Who calls a FHIR write or a facility's read: the caller's facility (facility staff, or a facility's
software through its API key), the scope its key must hold, and the `Idempotency-Key` of a POST.

Scopes (`credentials.scopes`): the whole of /fhir opens to any key; here each part asks the key's scope
of the same data in the REST API (a prior authorization `authorizations`, a claim `claims`, a statement
`payments`). A session (no key) is held to its roles alone.

`Idempotency-Key` (the API's middleware, `api.idempotency`, serves /api/ only): a POST that carries it is
claimed under its user and key the same way and by the same functions, its first success kept a day
and replayed (marked `Idempotent-Replayed`), a refusal freeing the key; a key reused for another body or
while the first runs is refused as an OperationOutcome naming the header.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sanad.api import idempotency
from sanad.api.fhir.http import fhir_response, outcome_response
from sanad.api.fhir.outcomes import FhirError
from sanad.providers.selectors import facility_of_user


def scope_check(request: HttpRequest, scope: str) -> None:
    client = getattr(request, "api_client", None)
    if client is not None and scope not in client.scopes:
        message = _("This client's key does not open this part of the API.")
        raise FhirError(403, "forbidden", message)


def own_facility(request: HttpRequest) -> Any:
    """The caller's facility; a 403 for anyone bound to none (the fund's staff work on the pages)."""
    facility = facility_of_user(user=request.user)
    if facility is None:
        raise FhirError(403, "forbidden", _("This account is not bound to a facility."))
    return facility


def header_key(request: HttpRequest) -> str | None:
    """The request's Idempotency-Key, None without one; a 400 for a value that cannot be one."""
    header = request.headers.get(idempotency.HEADER)
    if header is None:
        return None
    key = idempotency.key_of(header)
    if key is None:
        message = _("The Idempotency-Key header must be 1 to 255 printable ASCII characters.")
        raise FhirError(400, "value", message, expression=idempotency.HEADER)
    return key


def replayed(
    request: HttpRequest, run: Callable[[], dict[str, Any] | HttpResponse]
) -> HttpResponse | dict[str, Any]:
    """`run` once per Idempotency-Key: its answer (a resource, or a response already made), or the first
    answer kept under the key."""
    key = header_key(request)
    if key is None:
        return run()
    claim = idempotency.key_claim(request, key)
    if isinstance(claim, HttpResponse):
        if claim.status_code < 400:
            return claim
        message = json.loads(claim.content).get("message", "")
        code = "conflict" if claim.status_code == 409 else "invalid"
        raise FhirError(claim.status_code, code, message, expression=idempotency.HEADER)
    try:
        answer = run()
        response = answer if isinstance(answer, HttpResponse) else fhir_response(answer)
    except FhirError as error:
        response = outcome_response(error)
    except BaseException:
        idempotency.key_settle(claim, HttpResponse(status=500))
        raise
    idempotency.key_settle(claim, response)
    return response
