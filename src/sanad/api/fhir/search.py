"""Search results as a `searchset` Bundle, and the search parameters read."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle

from sanad.api.fhir.outcomes import FhirError
from sanad.api.fhir.validated import validated


def base_url(request: HttpRequest) -> str:
    """The server's base address (`https://…/fhir`), as the caller reached it."""
    return request.build_absolute_uri(reverse("fhir:metadata")).removesuffix("/metadata")


def searchset(request: HttpRequest, resources: list[dict[str, Any]]) -> dict[str, Any]:
    base = base_url(request)
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "link": [{"relation": "self", "url": request.build_absolute_uri()}],
        "entry": [
            {
                "fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ],
    }
    if not resources:
        del bundle["entry"]
    return validated(Bundle, bundle)


def parameter(request: HttpRequest, name: str) -> str | None:
    """A search parameter given once (a repeated one is refused: each is a single value here)."""
    values = request.GET.getlist(name)
    if len(values) > 1:
        message = _("The search parameter %(name)s is given more than once.") % {"name": name}
        raise FhirError(400, "not-supported", message)
    return values[0] if values else None


def date_parameter(request: HttpRequest, name: str, default: datetime.date) -> datetime.date:
    value = parameter(request, name)
    if value is None:
        return default
    text = value.removeprefix("eq")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        message = _("The search parameter %(name)s must be a date (YYYY-MM-DD).") % {"name": name}
        raise FhirError(400, "value", message) from error


def reference_parameter(value: str, resource_type: str) -> str:
    """The id of a reference parameter (`Patient/<id>` or `<id>`); a 400 for another resource type."""
    kind, slash, id = value.rpartition("/")
    if slash and kind.rsplit("/", 1)[-1] != resource_type:
        message = _("The search parameter must refer to a %(type)s.") % {"type": resource_type}
        raise FhirError(400, "value", message)
    return id if slash else value
