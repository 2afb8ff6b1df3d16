"""Machine credentials (issue #19 §1): a facility's software calls the API with a key of its own, scoped to
its facility and to named scopes, created, rotated and revoked by an administrator, every call recorded."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from sanad.common.models import AuditEvent
from sanad.credentials.models import ApiCall, ApiClient, ApiKey
from sanad.credentials.selectors import api_client_get
from sanad.credentials.services import api_client_create, api_client_revoke, api_key_rotate, key_digest
from tests.api.claims_conftest import billed_file, sheet_body

RIGHTS = "/api/v1/registry/members/{}/rights?on=" + timezone.localdate().isoformat()
SHEETS = "/api/v1/claims/care-sheets"


def _machine(key: str) -> Client:
    """A client as a facility's software is: no cookie, CSRF enforced, the key in every request."""
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")


def _key(admin, facility, scopes=("eligibility", "claims")) -> str:
    return api_client_create(actor=admin, name="Logiciel du centre", facility=facility, scopes=list(scopes))[
        1
    ]


@pytest.mark.django_db
def test_an_administrator_creates_a_client_and_sees_its_key_once(client, admin, world):
    client.force_login(admin)

    page = client.post(
        "/credentials/new/",
        {"name": "SIH Teyarett", "facility": "CS-001", "scopes": ["eligibility", "claims"]},
    )

    assert page.status_code == 200
    created = ApiClient.objects.get(name="SIH Teyarett")
    key = page.context["key"]
    assert key in page.content.decode()
    stored = ApiKey.objects.get(client=created)
    assert stored.digest == key_digest(key) and key not in stored.digest
    assert created.facility == world.centre and created.scopes == ["eligibility", "claims"]
    assert AuditEvent.objects.filter(
        action="api_client_create", object_id=str(created.pk), actor=admin
    ).exists()
    detail = client.get(f"/credentials/{created.pk}/").content.decode()
    assert key not in detail and f"sk_{stored.prefix}_" in detail


@pytest.mark.django_db
def test_a_client_for_an_unknown_facility_is_refused_next_to_the_field(client, admin, world):
    client.force_login(admin)

    page = client.post("/credentials/new/", {"name": "X", "facility": "NOPE-1", "scopes": ["claims"]})

    assert page.status_code == 200 and not ApiClient.objects.exists()
    assert page.context["form"].errors["facility"]


@pytest.mark.django_db
def test_only_administrators_manage_api_clients(client, world):
    client.force_login(world.checker)

    assert client.get("/credentials/").status_code == 403
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the service itself
        api_client_create(actor=world.checker, name="x", facility=world.centre, scopes=["claims"])


@pytest.mark.django_db
def test_a_key_calls_the_api_without_a_session_or_a_csrf_token(admin, world):
    machine = _machine(_key(admin, world.centre))

    rights = machine.get(RIGHTS.format(world.member.registration_number))
    sheet = machine.post(SHEETS, sheet_body(world.member), content_type="application/json")

    assert rights.status_code == 200, rights.json()
    assert sheet.status_code == 201, sheet.json()
    assert "sessionid" not in sheet.cookies


@pytest.mark.django_db
def test_every_call_is_recorded_with_its_client(admin, world):
    key = _key(admin, world.centre)
    machine = _machine(key)

    machine.get(RIGHTS.format(world.member.registration_number))
    machine.get("/api/v1/claims/billing-files/999999")

    calls = list(ApiCall.objects.order_by("id").values_list("client__name", "method", "path", "status"))
    number = world.member.registration_number
    assert calls == [
        ("Logiciel du centre", "GET", RIGHTS.format(number).split("?")[0], 200),
        ("Logiciel du centre", "GET", "/api/v1/claims/billing-files/999999", 404),
    ]
    shown = api_client_get(user=admin, pk=ApiClient.objects.get().pk)
    assert shown.last_used_at == ApiCall.objects.latest("at").at


@pytest.mark.django_db
def test_a_key_outside_its_scopes_is_refused(admin, world):
    machine = _machine(_key(admin, world.centre, scopes=["eligibility"]))

    refused = machine.post(SHEETS, sheet_body(world.member), content_type="application/json")

    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden" and refused.json()["field"] == "Authorization"
    assert machine.get(RIGHTS.format(world.member.registration_number)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["sk_000000000000_nothing", "not-a-key", "sk_" + "a" * 200])
def test_an_unknown_key_is_refused_with_the_api_error_shape(world, key):
    refused = _machine(key).get(RIGHTS.format(world.member.registration_number))

    assert refused.status_code == 401
    assert set(refused.json()) == {"code", "field", "message"}
    assert refused["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_tampered_key_is_refused(admin, world):
    key = _key(admin, world.centre)
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")

    assert _machine(tampered).get(RIGHTS.format(world.member.registration_number)).status_code == 401


@pytest.mark.django_db
def test_a_revoked_client_is_refused_at_once(admin, world):
    key = _key(admin, world.centre)
    api_client_revoke(actor=admin, client=ApiClient.objects.get(), reason="Logiciel remplacé")

    assert _machine(key).get(RIGHTS.format(world.member.registration_number)).status_code == 401
    assert AuditEvent.objects.filter(action="api_client_revoke").exists()


@pytest.mark.django_db
def test_a_rotated_key_stays_valid_for_the_overlap_then_is_refused(admin, world):
    old = _key(admin, world.centre)
    client = ApiClient.objects.get()
    new = api_key_rotate(actor=admin, client=client, overlap=datetime.timedelta(hours=1))
    url = RIGHTS.format(world.member.registration_number)

    assert _machine(old).get(url).status_code == 200
    assert _machine(new).get(url).status_code == 200
    # The overlap ends (the cached lookup of the key lives only seconds: it is gone by then too).
    cache.clear()
    ApiKey.objects.exclude(digest=key_digest(new)).update(
        valid_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert _machine(old).get(url).status_code == 401
    assert _machine(new).get(url).status_code == 200


@pytest.mark.django_db
def test_a_key_of_facility_b_reads_nothing_of_facility_a_on_any_endpoint(client, admin, world):
    """Every GET operation of the OpenAPI document, its path filled with facility A's identifiers, answers
    facility B's key with a refusal or without A's data."""
    from sanad.api.rest.routes import api

    client.force_login(world.clerk)
    file_a = billed_file(client, world.member, "FA-A-0001")
    batch_a = client.post("/api/v1/claims/batches", {"group": "outpatient"}, content_type="application/json")
    values = {
        "file_id": file_a["id"],
        "sheet_id": file_a["care_sheet"]["id"],
        "batch_id": batch_a.json()["id"],
        "reference": "AP-0000-000001",
        "complaint_id": 1,
        "registration_number": world.member.registration_number,
        "code": world.centre.code,
        "barcode": "0000000000000",
        "order_id": 1,
        "fmt": "pdf",
        "number": "FG-A-0001",
    }
    machine_b = _machine(
        _key(admin, world.hospital, scopes=["eligibility", "claims", "authorizations", "payments"])
    )
    schema = api.get_openapi_schema()
    checked = 0
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        url = path.format(**values) if "{" in path else path
        answer = machine_b.get(url)
        checked += 1
        body = answer.content.decode(errors="replace")
        if path.endswith("/rights") or path.startswith("/api/v1/registry/") or "/catalog/" in path:
            continue  # rights and the catalogue are every facility's to check, not A's data
        if "/providers/facilities/" in path:
            assert (
                answer.status_code in (403, 404) or world.centre.code not in body or path.endswith("{code}")
            ), path
            continue
        assert answer.status_code in (403, 404) or "FA-A-0001" not in body, (path, answer.status_code)
    assert checked >= 10


@pytest.mark.django_db
def test_a_refused_key_on_fhir_is_answered_with_an_operation_outcome(admin, world):
    unknown = _machine("sk_000000000000_nothing").get("/fhir/Patient?identifier=x")
    outside = _machine(_key(admin, world.centre, scopes=["payments"])).get("/fhir/metadata")

    assert unknown.status_code == 401 and unknown["Content-Type"].startswith("application/fhir+json")
    assert unknown.json()["resourceType"] == "OperationOutcome"
    assert unknown.json()["issue"][0]["code"] == "login"
    assert outside.status_code in (200, 403)  # every scope opens FHIR's metadata


@pytest.mark.django_db
def test_revoking_needs_a_reason_and_a_refused_form_keeps_the_client(client, admin, world):
    _key(admin, world.centre)
    api_client = ApiClient.objects.get()
    client.force_login(admin)

    refused = client.post(f"/credentials/{api_client.pk}/revoke/", {"reason": ""})
    api_client.refresh_from_db()
    assert refused.status_code == 400 and api_client.revoked_at is None
    assert refused.context["revoke_form"].errors["reason"]

    client.post(f"/credentials/{api_client.pk}/revoke/", {"reason": "Logiciel remplacé"})
    api_client.refresh_from_db()
    assert api_client.revoked_at is not None and api_client.revoked_reason == "Logiciel remplacé"


@pytest.mark.django_db
def test_the_pages_rotate_a_key_and_change_the_scopes(client, admin, world):
    old = _key(admin, world.centre)
    api_client = ApiClient.objects.get()
    client.force_login(admin)

    shown = client.post(f"/credentials/{api_client.pk}/rotate/", {"overlap": "0"})
    client.post(f"/credentials/{api_client.pk}/scopes/", {"scopes": ["eligibility"]})

    new = shown.context["key"]
    url = RIGHTS.format(world.member.registration_number)
    assert _machine(old).get(url).status_code == 401
    assert _machine(new).get(url).status_code == 200
    sheet = _machine(new).post(SHEETS, sheet_body(world.member), content_type="application/json")
    assert sheet.status_code == 403
    assert AuditEvent.objects.filter(action="api_client_scopes_change").exists()


@pytest.mark.django_db
def test_a_revoked_key_is_refused_at_once_even_after_it_was_used(admin, world):
    """The key's lookup is cached for a few seconds; revoking the client forgets it at once."""
    key = _key(admin, world.centre)
    url = RIGHTS.format(world.member.registration_number)
    assert _machine(key).get(url).status_code == 200

    api_client_revoke(actor=admin, client=ApiClient.objects.get(), reason="Clé divulguée")

    assert _machine(key).get(url).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_every_call_is_recorded_in_its_own_transaction_and_a_failed_record_leaves_the_session_clean(
    admin, world
):
    """Outside any transaction (as served), the record is written in one round trip on PostgreSQL; a record
    that cannot be written (an unknown client) raises and leaves the connection usable, in no transaction."""
    from django.db import IntegrityError, connection

    from sanad.credentials.services import api_call_record

    key = _key(admin, world.centre)
    _machine(key).get(RIGHTS.format(world.member.registration_number))
    assert ApiCall.objects.filter(status=200).count() == 1

    with pytest.raises(IntegrityError):
        api_call_record(client_id=987654, method="GET", path="/api/v1/x", status=200, at=timezone.now())

    assert not connection.in_atomic_block
    if connection.vendor == "postgresql":
        assert connection.connection.info.transaction_status == 0  # idle: nothing left open
    assert ApiCall.objects.count() == 1
