"""Schemathesis over the API's own OpenAPI document, in-process through WSGI, DEBUG off (issue 16): every
operation, called by a facility's staff and by the fund's claims checker on a demo register (and once
without a session), answers no server error and only what the document declares: its status codes and
the shape of each answer, errors included (`{code, field, message}`).

Each operation is called with generated values, then with the ids of objects the demo holds (a care sheet,
a file, a batch of the caller's facility, a member…) so that the answers of found objects are checked
too. Bounded so that it runs with the rest of the suite: a few derandomized examples per operation and
identity, no deadline, no example database.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, override_settings
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from sanad.api.rest.routes import api

EXAMPLES = 3
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# A facility's staff and the fund's claims checker (demo accounts, `sanad.common.demo.users`).
IDENTITIES = ("facility", "checker")
_PARAMETER = re.compile(r"{(\w+)}")


@pytest.fixture
def wsgi_app(demo):
    """The application as a WSGI callable, the test's transaction kept open across its requests (as the
    test client does: a request's end must not close the test's connection)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        # No rate limit: every call reaches its operation (the limit has its own tests).
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["*"], SANAD_API_RATE_CLIENT=0):
            yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _session(user) -> tuple[dict[str, str], dict[str, str]]:
    """The cookies and headers of a signed-in session with its anti-forgery (CSRF) token."""
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    return cookies, {"X-CSRFToken": token}


def _known(user) -> dict[str, Any]:
    """Path values naming objects of the demo: of the caller's facility when it has one."""
    from sanad.authorizations.models import AuthorizationRequest
    from sanad.catalog.models import Act, Drug
    from sanad.claims.models import Batch, BillingFile, CareSheet, Complaint
    from sanad.providers.models import Facility, FacilityStaff
    from sanad.registry.models import Contribution, Member

    staff = FacilityStaff.objects.filter(user=user).first()
    own = {"facility_id": staff.facility_id} if staff else {}

    def first(model, field: str = "pk", **where) -> Any:
        return model.objects.filter(**where).order_by("pk").values_list(field, flat=True).first()

    values = {
        "sheet_id": first(CareSheet, **own),
        "file_id": first(BillingFile, **own),
        "batch_id": first(Batch, **own),
        "complaint_id": first(Complaint, **own),
        "reference": first(AuthorizationRequest, "reference", reference__isnull=False, **own),
        "registration_number": first(Member, "registration_number"),
        "receipt_number": first(Contribution, "receipt_number"),
        "barcode": first(Drug, "barcode"),
        "act": first(Act, "code"),
        "facility": first(Facility, "code", pk=staff.facility_id) if staff else first(Facility, "code"),
    }
    return {name: value for name, value in values.items() if value is not None}


def _fixed(operation, known: dict[str, Any]) -> dict[str, Any] | None:
    """The known values of the operation's path parameters, or None if it has none known."""
    names = _PARAMETER.findall(operation.path)
    fixed: dict[str, Any] = {}
    for name in names:
        key = name
        if name == "code":
            key = "facility" if "/providers/" in operation.path else "act"
        if key in known:
            fixed[name] = known[key]
    return fixed or None


@pytest.mark.django_db
def test_every_operation_answers_no_server_error_and_only_what_the_document_declares(wsgi_app):
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 45
    failures: list[str] = []
    for username in IDENTITIES:
        user = get_user_model().objects.get(username=username)
        cookies, headers = _session(user)
        known = _known(user)
        for operation in operations:
            failures += _run(operation, operation.as_strategy(), wsgi_app, cookies, headers, username)
            if (fixed := _fixed(operation, known)) is not None:
                strategy = operation.as_strategy(path_parameters=fixed)
                failures += _run(operation, strategy, wsgi_app, cookies, headers, username)
    # Without a session: each operation's refusal (401, or 403 for a write without the CSRF token).
    for operation in operations:
        failures += _run(operation, operation.as_strategy(), wsgi_app, {}, {}, "anonymous", examples=1)
    assert not failures, "\n\n".join(failures[:20])


def _run(operation, strategy, app, cookies, headers, username, examples: int = EXAMPLES) -> list[str]:
    found: list[str] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case):
        response = case.call(app=app, cookies=cookies, headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as error:  # each operation tried, every failure reported
            found.append(f"{username} {operation.label}: {str(error)[:1500]}")

    call()
    return found
