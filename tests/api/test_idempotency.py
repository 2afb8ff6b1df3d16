"""Idempotency-Key on the API's writes: a retry of a request that succeeded gets the same answer and
opens nothing twice; a key reused for another request, a key still being processed or a malformed key is
refused naming the header; failures free the key; keys belong to their user and last a day."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sanad.api.idempotency import HEADER, REPLAYED, key_of
from sanad.api.models import IdempotentRequest
from sanad.claims.models import CareSheet, FileDocument
from tests.api.claims_conftest import API, scan, sheet_body
from tests.concurrency import at_once, errors_of, postgres_only

JSON = "application/json"

pytestmark = pytest.mark.usefixtures("claims_world_rules")


def sheet_post(client, body: dict, key: str | None = "sheet-0001", **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(f"{API}/care-sheets", body, content_type=JSON, **headers)


def test_a_care_sheet_sent_twice_under_one_key_is_opened_once(client, world):
    client.force_login(world.clerk)
    body = sheet_body(world.member)

    first = sheet_post(client, body)
    again = sheet_post(client, body)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again[REPLAYED] == "true" and REPLAYED not in first
    assert CareSheet.objects.count() == 1


def test_a_key_written_as_a_structured_header_string_is_the_same_key(client, world):
    client.force_login(world.clerk)
    body = sheet_body(world.member)

    sheet_post(client, body, key="sheet-0001")
    again = sheet_post(client, body, key='"sheet-0001"')

    assert again[REPLAYED] == "true"
    assert CareSheet.objects.count() == 1


def test_a_key_reused_for_another_request_is_a_422_naming_the_header(client, world):
    client.force_login(world.clerk)
    sheet_post(client, sheet_body(world.member))

    reused = sheet_post(client, sheet_body(world.member, billed="1500.00"))

    assert reused.status_code == 422
    assert (reused.json()["code"], reused.json()["field"]) == ("conflict", HEADER)
    assert CareSheet.objects.count() == 1


def test_the_refusal_speaks_the_callers_language(client, world):
    client.force_login(world.clerk)
    sheet_post(client, sheet_body(world.member))

    french = sheet_post(client, sheet_body(world.member, billed="9.00"), HTTP_ACCEPT_LANGUAGE="fr")
    arabic = sheet_post(client, sheet_body(world.member, billed="9.00"), HTTP_ACCEPT_LANGUAGE="ar")
    english = sheet_post(client, sheet_body(world.member, billed="9.00"), HTTP_ACCEPT_LANGUAGE="en")

    texts = {french.json()["message"], arabic.json()["message"], english.json()["message"]}
    assert len(texts) == 3
    assert english.json()["message"] == "This Idempotency-Key was already used for a different request."


def test_a_failed_request_frees_its_key(client, world):
    client.force_login(world.clerk)
    broken = sheet_body(world.member)
    broken["lines"][0]["code"] = "NOPE-1"

    refused = sheet_post(client, broken)
    fixed = sheet_post(client, sheet_body(world.member))

    assert refused.status_code == 400 and fixed.status_code == 201
    assert REPLAYED not in fixed
    assert IdempotentRequest.objects.get().status == 201


def test_a_request_still_being_processed_is_a_409(client, world):
    client.force_login(world.clerk)
    body = sheet_body(world.member)
    sheet_post(client, body)
    IdempotentRequest.objects.update(status=None, body=b"")  # as while the first request runs

    response = sheet_post(client, body)

    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("conflict", HEADER)
    assert CareSheet.objects.count() == 1


def test_a_claim_left_by_a_dead_process_is_taken_over_after_five_minutes(client, world):
    client.force_login(world.clerk)
    IdempotentRequest.objects.create(
        user=world.clerk,
        key="sheet-0001",
        method="POST",
        path=f"{API}/care-sheets",
        digest="0" * 64,
        created_at=timezone.now() - datetime.timedelta(minutes=6),
    )

    response = sheet_post(client, sheet_body(world.member))

    assert response.status_code == 201
    assert CareSheet.objects.count() == 1


def test_a_key_is_forgotten_after_a_day(client, world):
    client.force_login(world.clerk)
    sheet_post(client, sheet_body(world.member))
    IdempotentRequest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))

    another = sheet_post(client, sheet_body(world.member, billed="1500.00"))

    assert another.status_code == 201 and REPLAYED not in another
    assert CareSheet.objects.count() == 2
    assert IdempotentRequest.objects.count() == 1


def test_keys_belong_to_their_user(client, world):
    client.force_login(world.clerk)
    sheet_post(client, sheet_body(world.member))
    client.force_login(world.other_clerk)

    theirs = sheet_post(client, sheet_body(world.member, billed="700.00"))

    assert theirs.status_code == 201 and REPLAYED not in theirs
    assert CareSheet.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "clé-é", "tab\there"])
def test_a_malformed_key_is_a_400_naming_the_header(client, world, key):
    client.force_login(world.clerk)

    response = sheet_post(client, sheet_body(world.member), key=key)

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("invalid", HEADER)
    assert CareSheet.objects.count() == 0


def test_requests_without_a_key_are_left_alone(client, world):
    client.force_login(world.clerk)

    sheet_post(client, sheet_body(world.member), key=None)
    sheet_post(client, sheet_body(world.member), key=None)

    assert CareSheet.objects.count() == 2
    assert not IdempotentRequest.objects.exists()


def test_a_scan_uploaded_twice_under_one_key_is_filed_once(client, world):
    client.force_login(world.clerk)
    sheet = sheet_post(client, sheet_body(world.member), key=None).json()
    created = client.post(
        f"{API}/billing-files", {"care_sheet_id": sheet["id"], "invoice_number": "F-1"}, content_type=JSON
    ).json()
    url = f"{API}/billing-files/{created['id']}/documents"

    first = client.post(url, {"kind": "invoice", "scan": scan()}, HTTP_IDEMPOTENCY_KEY="scan-1")
    again = client.post(url, {"kind": "invoice", "scan": scan()}, HTTP_IDEMPOTENCY_KEY="scan-1")
    other = client.post(url, {"kind": "invoice", "scan": scan("other.pdf")}, HTTP_IDEMPOTENCY_KEY="scan-1")

    assert (first.status_code, again.status_code, other.status_code) == (201, 201, 422)
    assert again[REPLAYED] == "true" and again.json() == first.json()
    assert FileDocument.objects.count() == 1


def test_the_key_of_a_header():
    assert key_of(' "abc-123" ') == "abc-123"
    assert key_of("abc 123") == "abc 123"
    assert key_of('""') is None
    assert key_of("x" * 255) == "x" * 255


@pytest.mark.django_db(transaction=True)
def test_one_key_sent_twice_at_the_same_moment_opens_one_sheet(world):
    """Two sends of one request racing (a client retrying before the first answer): one sheet; the other
    send is told the request is being processed, or gets the first's answer if it came after it."""
    postgres_only()
    body = sheet_body(world.member)

    def send() -> int:
        client = Client()
        client.force_login(world.clerk)
        return sheet_post(client, body).status_code

    outcomes = at_once([send, send])

    answers = [status for status, _error in outcomes]
    unexpected = errors_of(outcomes)
    assert not unexpected
    assert sorted(answers) in ([201, 201], [201, 409])
    assert CareSheet.objects.count() == 1


def test_expired_keys_of_every_user_go_as_new_keys_come(client, world):
    client.force_login(world.other_clerk)
    sheet_post(client, sheet_body(world.member), key="theirs")
    IdempotentRequest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    client.force_login(world.clerk)

    sheet_post(client, sheet_body(world.member), key="mine")

    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["mine"]
