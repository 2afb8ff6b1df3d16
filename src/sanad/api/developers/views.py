"""The pages for the people who integrate a facility's software (issue 19 §5): one per interface (REST, FHIR,
HCX) and the collections to download.

Public, like the reason catalogue: they hold documentation and no data (the examples name the reader's own
server, a registration number they fill in themselves, and for a facility's signed-in staff their own
facility's code). The OpenAPI document they link to stays for signed-in users and API clients.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.api.developers.collections import (
    curl_of,
    curl_setup,
    http_file,
    postman_collection,
    postman_text,
)
from sanad.api.developers.examples import (
    EXAMPLES,
    HCX_CALLBACK,
    HCX_ENCRYPT,
    HCX_ROUTES,
    HCX_SEND,
    VARIABLES,
    examples_of,
)
from sanad.api.rate_limits import DEFAULT_CLIENT_LIMIT, DEFAULT_WINDOW_SECONDS
from sanad.common.errors import ErrorCode
from sanad.credentials.scopes import Scope
from sanad.funds.active import active_profile
from sanad.providers.selectors.facilities import facility_of_user


def _systems_base() -> str:
    """The base the fund's identifier systems follow (its profile's [interfaces])."""
    interfaces = active_profile().interfaces
    return interfaces.identifier_base if interfaces is not None else f"urn:sanad:{active_profile().code}:"


def variables_of(request: HttpRequest) -> dict[str, str]:
    """The collections' variables as this server fills them: its address, today, the fund's code and, for
    a facility's staff, their facility's code."""
    user = getattr(request, "user", None)
    facility = facility_of_user(user=user) if user is not None and user.is_authenticated else None
    return VARIABLES | {
        "base": request.build_absolute_uri("/").rstrip("/"),
        "today": timezone.localdate().isoformat(),
        "fund": active_profile().code,
        "systems": _systems_base(),
        "facility": facility.code if facility is not None else VARIABLES["facility"],
    }


def _titles() -> dict[str, str]:
    return {example.name: str(example.title) for example in EXAMPLES}


def _common(request: HttpRequest) -> dict[str, Any]:
    variables = variables_of(request)
    return {
        "base": variables["base"],
        "setup": curl_setup(variables),
        "scopes": [{"code": scope.value, "label": scope.label} for scope in Scope],
        "rate": int(getattr(settings, "SANAD_API_RATE_CLIENT", DEFAULT_CLIENT_LIMIT)),
        "window": int(getattr(settings, "SANAD_API_RATE_WINDOW", DEFAULT_WINDOW_SECONDS)),
        "too_many": json.dumps(
            {"code": ErrorCode.TOO_MANY_REQUESTS.value, "field": None, "message": "…"}, ensure_ascii=False
        ),
        "fund_code": variables["fund"],
    }


def _shown(interface: str) -> list[dict[str, Any]]:
    return [
        {
            "example": example,
            "curl": curl_of(example),
            "body": example.body_text(),
            "answer": example.answer,
            "answer_text": json.dumps(example.answer, indent=2, ensure_ascii=False) if example.answer else "",
        }
        for example in examples_of(interface)
    ]


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "developers/index.html", _common(request))


def rest(request: HttpRequest) -> HttpResponse:
    return render(request, "developers/rest.html", _common(request) | {"examples": _shown("rest")})


def fhir(request: HttpRequest) -> HttpResponse:
    return render(request, "developers/fhir.html", _common(request) | {"examples": _shown("fhir")})


def hcx(request: HttpRequest) -> HttpResponse:
    steps = {"encrypt": HCX_ENCRYPT, "send": HCX_SEND, "callback": HCX_CALLBACK, "routes": HCX_ROUTES}
    return render(request, "developers/hcx.html", _common(request) | steps)


def http_collection(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        http_file(variables_of(request), _titles()), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="sanad.http"'
    return response


def postman(request: HttpRequest) -> HttpResponse:
    names = {"rest": _("REST API"), "fhir": _("FHIR R4")}
    collection = postman_collection(variables_of(request), _titles(), names)
    response = HttpResponse(postman_text(collection), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sanad.postman_collection.json"'
    return response
