"""The HCX-style exchange (issue #19 §3): a JWE round trip (a request encrypted to the fund's key, 202 at
once, the answer encrypted to the participant's key at its `on_*` callback, valid R4B FHIR); protocol
faults refused in HCX's error shape; a repeated api_call_id writes nothing new; a participant reads only
its own facility's data; a failing callback is retried with backoff, then recorded as failed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claimresponse import ClaimResponse
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse
from fhir.resources.R4B.operationoutcome import OperationOutcome

from sanad.authorizations.models import AuthorizationRequest
from sanad.common.models import AuditEvent
from sanad.exchange.models import CallbackAttempt, Exchange
from sanad.exchange.services import exchange_deliver
from sanad.exchange.statuses import ExchangeStatus
from tests.fhir.claims_bodies import consultation, preauthorization
from tests.fhir.test_fhir_eligibility import request_body
from tests.hcx.conftest import HcxWorld, document, headers, opened, post, sealed

pytestmark = pytest.mark.django_db
PAPERS = ("prescription", "quote", "member_identity")


def _eligibility(hcx: HcxWorld, **fields) -> dict:
    return document(request_body(hcx.fhir.family.registration_number, ("act", "IMG-TDM"), **fields))


def _sent(hcx: HcxWorld, capture, party, path: str, payload: dict, **protocol):
    """Post a request as `party` and run what its commit starts (the task, then the callback)."""
    protocol = headers(party.code, **protocol)
    with capture(execute=True):
        response = post(party, path, sealed(hcx, payload, protocol))
    return response, protocol


def _callback(hcx: HcxWorld, party, ending: str) -> tuple[dict, list[dict]]:
    url, compact = hcx.callbacks.received[-1]
    assert url == f"https://{party.code}.example.org/hcx/{ending}"
    header, payload = opened(party, compact)
    bundle = Bundle.model_validate(payload)
    return header, [entry.resource.model_dump(mode="json", exclude_none=True) for entry in bundle.entry]


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    error = response.json()["error"]
    assert error["trace"] is None and error["message"]
    return error


def test_an_eligibility_check_is_accepted_at_once_then_answered_encrypted_at_the_callback(
    hcx, django_capture_on_commit_callbacks
):
    response, sent = _sent(
        hcx, django_capture_on_commit_callbacks, hcx.centre, "coverageeligibility/check", _eligibility(hcx)
    )

    assert response.status_code == 202, response.content[:500]
    assert response.json()["api_call_id"] == sent["x-hcx-api_call_id"]
    assert response.json()["correlation_id"] == sent["x-hcx-correlation_id"]
    header, (resource,) = _callback(hcx, hcx.centre, "coverageeligibility/on_check")
    assert header["x-hcx-status"] == "response.complete"
    assert header["x-hcx-correlation_id"] == sent["x-hcx-correlation_id"]
    assert header["x-hcx-workflow_id"] == sent["x-hcx-workflow_id"]
    assert (header["x-hcx-sender_code"], header["x-hcx-recipient_code"]) == ("cnass-hcx", hcx.centre.code)
    answer = CoverageEligibilityResponse.model_validate(resource)
    assert answer.insurance[0].inforce is True
    assert answer.insurance[0].item[0].authorizationRequired is True
    exchange = Exchange.objects.get()
    assert exchange.status == ExchangeStatus.DELIVERED and exchange.attempts == 1
    # Kept encrypted only: the row holds no medical data in clear.
    assert hcx.fhir.family.registration_number not in exchange.request_jwe + exchange.answer_jwe


def _tampered(compact: str) -> str:
    parts = compact.split(".")
    cipher = parts[3]
    parts[3] = ("B" if cipher[0] != "B" else "C") + cipher[1:]
    return ".".join(parts)


def test_a_tampered_jwe_is_refused_and_nothing_is_recorded(hcx):
    compact = sealed(hcx, _eligibility(hcx), headers(hcx.centre.code))

    error = _error(post(hcx.centre, "coverageeligibility/check", _tampered(compact)), 400)

    assert error["code"] == "ERR_INVALID_ENCRYPTION"
    assert not Exchange.objects.exists() and not hcx.callbacks.received


def test_a_payload_encrypted_to_another_key_is_refused(hcx):
    from jwcrypto import jwk

    from sanad.api.hcx.jwe import jwe_encrypt

    other = jwk.JWK.generate(kty="RSA", size=2048)
    compact = jwe_encrypt(_eligibility(hcx), key=other, headers=headers(hcx.centre.code))

    assert _error(post(hcx.centre, "claim/submit", compact), 400)["code"] == "ERR_INVALID_ENCRYPTION"


@pytest.mark.parametrize(
    "missing", ["x-hcx-sender_code", "x-hcx-recipient_code", "x-hcx-api_call_id", "x-hcx-correlation_id"]
)
def test_a_missing_protocol_header_is_refused_naming_it(hcx, missing):
    compact = sealed(hcx, _eligibility(hcx), headers(hcx.centre.code, **{missing: None}))

    error = _error(post(hcx.centre, "coverageeligibility/check", compact), 400)

    assert error["code"] == "ERR_MANDATORY_HEADER_MISSING" and missing in error["message"]


def test_an_unknown_sender_or_another_participants_code_is_refused(hcx):
    for sender in ("his-unknown", hcx.hospital.code):
        compact = sealed(hcx, _eligibility(hcx), headers(sender))
        error = _error(post(hcx.centre, "coverageeligibility/check", compact), 401)
        assert error["code"] == "ERR_INVALID_SENDER"
    assert not Exchange.objects.exists()


def test_a_sender_cannot_speak_for_another_facility(hcx):
    body = _eligibility(hcx)
    body["entry"][1]["resource"]["provider"] = {"reference": f"Organization/{hcx.fhir.world.hospital.code}"}
    compact = sealed(hcx, body, headers(hcx.centre.code))

    assert _error(post(hcx.centre, "coverageeligibility/check", compact), 401)["code"] == "ERR_INVALID_SENDER"


def test_a_call_without_the_api_key_or_without_a_jwe_is_refused(hcx, client):
    compact = sealed(hcx, _eligibility(hcx), headers(hcx.centre.code))
    anonymous = client.post("/hcx/v1/coverageeligibility/check", {"payload": compact}, "application/json")
    assert _error(anonymous, 401)["code"] == "ERR_ACCESS_DENIED"
    for payload in ("not a jwe", "a.b.c.d.e"):
        assert _error(post(hcx.centre, "claim/submit", payload), 400)["code"] == "ERR_INVALID_PAYLOAD"
    garbage = hcx.centre.client.post("/hcx/v1/claim/submit", "{", content_type="application/json")
    assert _error(garbage, 400)["code"] == "ERR_INVALID_PAYLOAD"


def test_a_repeated_api_call_id_writes_nothing_new_and_answers_the_same_correlation(
    hcx, django_capture_on_commit_callbacks
):
    protocol = headers(hcx.centre.code)
    compact = sealed(hcx, _eligibility(hcx), protocol)
    with django_capture_on_commit_callbacks(execute=True):
        first = post(hcx.centre, "coverageeligibility/check", compact)
    events = AuditEvent.objects.count()

    again = sealed(hcx, _eligibility(hcx), protocol | {"x-hcx-correlation_id": "another"})
    with django_capture_on_commit_callbacks(execute=True):
        repeat = post(hcx.centre, "coverageeligibility/check", again)

    assert first.status_code == repeat.status_code == 202
    assert (
        repeat.json()["correlation_id"] == first.json()["correlation_id"] == protocol["x-hcx-correlation_id"]
    )
    assert Exchange.objects.count() == 1 and len(hcx.callbacks.received) == 1
    assert AuditEvent.objects.count() == events


def test_a_prior_authorization_round_trip_answers_a_claim_response_with_its_reference(
    hcx, django_capture_on_commit_callbacks
):
    claim = preauthorization(hcx.fhir.family.registration_number, "80000", papers=PAPERS)

    response, _sent_headers = _sent(
        hcx, django_capture_on_commit_callbacks, hcx.centre, "preauth/submit", document(claim)
    )

    assert response.status_code == 202
    header, (resource,) = _callback(hcx, hcx.centre, "preauth/on_submit")
    answer = ClaimResponse.model_validate(resource)
    request = AuthorizationRequest.objects.get()
    assert header["x-hcx-status"] == "response.complete"
    assert answer.outcome == "complete" and answer.preAuthRef == request.reference
    assert request.facility == hcx.fhir.world.centre


def test_a_claim_round_trip_answers_the_shares_of_each_item(hcx, django_capture_on_commit_callbacks):
    claim = consultation(hcx.fhir.family.registration_number, "INV-HCX-1")

    _sent(hcx, django_capture_on_commit_callbacks, hcx.centre, "claim/submit", document(claim))

    header, (resource,) = _callback(hcx, hcx.centre, "claim/on_submit")
    answer = ClaimResponse.model_validate(resource)
    assert header["x-hcx-status"] == "response.complete" and answer.use == "claim"
    categories = {a.category.coding[0].code for a in answer.item[0].adjudication}
    assert {"submitted", "eligible", "benefit", "copay"} <= categories


def test_a_claim_sent_to_the_prior_authorization_address_is_answered_with_an_error(
    hcx, django_capture_on_commit_callbacks
):
    claim = consultation(hcx.fhir.family.registration_number, "INV-HCX-2")

    _sent(hcx, django_capture_on_commit_callbacks, hcx.centre, "preauth/submit", document(claim))

    header, (resource,) = _callback(hcx, hcx.centre, "preauth/on_submit")
    assert header["x-hcx-status"] == "response.error"
    assert header["x-hcx-error_details"]["code"] == "ERR_INVALID_DOMAIN_PAYLOAD"
    assert OperationOutcome.model_validate(resource).issue[0].expression == ["Claim.use"]


def test_a_facility_learns_the_status_of_its_own_claims_only(hcx, django_capture_on_commit_callbacks):
    claim = preauthorization(hcx.fhir.family.registration_number, "95000", papers=PAPERS)
    _sent(hcx, django_capture_on_commit_callbacks, hcx.centre, "preauth/submit", document(claim))
    reference = AuthorizationRequest.objects.get().reference
    asked = {"resourceType": "Parameters", "parameter": [{"name": "preAuthRef", "valueString": reference}]}

    _sent(hcx, django_capture_on_commit_callbacks, hcx.hospital, "hcx/status", document(asked))
    header, (resource,) = _callback(hcx, hcx.hospital, "hcx/on_status")
    assert header["x-hcx-status"] == "response.error"
    assert OperationOutcome.model_validate(resource).issue[0].code == "not-found"

    _sent(hcx, django_capture_on_commit_callbacks, hcx.centre, "status", document(asked))
    header, (resource,) = _callback(hcx, hcx.centre, "hcx/on_status")
    assert header["x-hcx-status"] == "response.complete"
    assert ClaimResponse.model_validate(resource).outcome == "queued"


def test_a_failing_callback_is_retried_with_backoff_then_recorded_as_failed(
    hcx, django_capture_on_commit_callbacks
):
    hcx.callbacks.failures = 99
    _sent(hcx, django_capture_on_commit_callbacks, hcx.centre, "coverageeligibility/check", _eligibility(hcx))
    exchange = Exchange.objects.get()
    assert exchange.status == ExchangeStatus.ANSWERED and exchange.attempts == 1
    assert exchange.next_attempt_at > timezone.now()

    later = timezone.now() + datetime.timedelta(days=1)
    exchange_deliver(exchange_id=exchange.pk, now=later)
    exchange = exchange_deliver(exchange_id=exchange.pk, now=later + datetime.timedelta(days=1))

    assert exchange.status == ExchangeStatus.FAILED and exchange.attempts == 3  # SANAD_HCX_CALLBACK_ATTEMPTS
    assert list(CallbackAttempt.objects.values_list("status", flat=True)) == [503, 503, 503]
    assert exchange.last_error == "HTTP 503"


def test_a_callback_that_fails_once_is_delivered_on_its_retry(hcx, django_capture_on_commit_callbacks):
    hcx.callbacks.failures = 1
    _sent(hcx, django_capture_on_commit_callbacks, hcx.centre, "coverageeligibility/check", _eligibility(hcx))
    exchange = Exchange.objects.get()

    early = exchange_deliver(exchange_id=exchange.pk, now=timezone.now())
    assert early.attempts == 1  # not due yet: nothing tried
    done = exchange_deliver(exchange_id=exchange.pk, now=timezone.now() + datetime.timedelta(hours=1))

    assert done.status == ExchangeStatus.DELIVERED and done.attempts == 2
    assert len(hcx.callbacks.received) == 2


def test_a_refusal_speaks_the_callers_language_french_first(hcx):
    compact = sealed(hcx, _eligibility(hcx), headers(hcx.centre.code, **{"x-hcx-api_call_id": None}))

    french = _error(post(hcx.centre, "coverageeligibility/check", compact), 400)
    arabic = _error(post(hcx.centre, "coverageeligibility/check", compact, HTTP_ACCEPT_LANGUAGE="ar"), 400)

    assert french["message"] == "L'en-tête de protocole x-hcx-api_call_id manque."
    assert arabic["message"] == "ترويسة البروتوكول x-hcx-api_call_id مفقودة."


def test_the_sweeps_answer_a_lost_request_and_deliver_a_due_retry(hcx):
    from django.core.management import call_command

    from sanad.api.hcx.tasks import exchanges_unanswered_sweep_task

    post(hcx.centre, "coverageeligibility/check", sealed(hcx, _eligibility(hcx), headers(hcx.centre.code)))
    exchange = Exchange.objects.get()  # its task never ran: the commit's callback was not executed
    assert exchange.status == ExchangeStatus.RECEIVED
    Exchange.objects.filter(pk=exchange.pk).update(received_at=timezone.now() - datetime.timedelta(hours=1))

    assert exchanges_unanswered_sweep_task.call() == 1
    assert Exchange.objects.get().status == ExchangeStatus.ANSWERED  # its delivery waits for a commit too
    call_command("hcx_sweep")

    assert Exchange.objects.get().status == ExchangeStatus.DELIVERED
    assert len(hcx.callbacks.received) == 1


def test_hostile_bodies_at_the_door_are_refused_in_hcx_s_error_shape(hcx, settings):
    """A NUL character or a body over the limit is refused before any view, in HCX's shape, not a page."""
    nul = post(hcx.centre, "coverageeligibility/check", "a\u0000b")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    big = post(hcx.centre, "coverageeligibility/check", "x" * 500)

    for answer, status in ((nul, 400), (big, 413)):
        assert answer.status_code == status
        assert set(answer.json()["error"]) == {"code", "message", "trace"}


def test_a_client_beyond_its_rate_limit_is_refused_in_hcx_s_shape(hcx, settings):
    """The exchange's calls count against the client's limit like its REST and FHIR calls (issue #16)."""
    settings.SANAD_API_RATE_CLIENT = 1
    body = sealed(hcx, _eligibility(hcx), headers(hcx.centre.code))

    first = post(hcx.centre, "coverageeligibility/check", body)
    refused = post(hcx.centre, "coverageeligibility/check", body)

    assert first.status_code == 202
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "ERR_RATE_LIMIT"
