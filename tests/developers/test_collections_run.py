"""The examples run (issue 19 §5): every request of the Postman collection and of the HTTP file that the
integrators' pages offer, sent in order with a facility's API key as its software would, gets the answer
the page announces; the documented answers have the keys the server gives; the HCX steps encrypt and
decrypt a Bundle with jwcrypto, and a tampered message is refused."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sanad.api.developers.examples import EXAMPLES, HCX_CALLBACK, HCX_ENCRYPT
from tests.developers.collection_runner import http_run, postman_run

pytestmark = pytest.mark.django_db


def _machine() -> Client:
    """A facility's software: no cookie, the anti-forgery check enforced (the key needs none)."""
    return Client(enforce_csrf_checks=True)


def _values(fhir) -> dict[str, str]:
    return {
        "key": fhir.centre_key,
        "number": fhir.family.registration_number,
        "facility": fhir.world.centre.code,
        "invoice": "F-2026-0001",
    }


def _statuses(sent) -> list[tuple[str, int, int | None]]:
    return [(s.name, s.status, s.expected) for s in sent]


def test_every_request_of_the_postman_collection_gets_the_answer_announced(client, fhir):
    collection = client.get("/developers/sanad.postman_collection.json").json()

    sent = postman_run(_machine(), collection, _values(fhir))

    assert len(sent) == len(EXAMPLES)
    assert all(s.status == s.expected for s in sent), _statuses(sent)


def test_every_request_of_the_http_file_gets_the_answer_announced(client, fhir):
    text = client.get("/developers/sanad.http").content.decode()

    sent = http_run(_machine(), text, _values(fhir), [example.status for example in EXAMPLES])

    assert all(s.status == s.expected for s in sent), _statuses(sent)


def test_the_examples_send_the_care_sheet_and_its_billing_file_to_the_fund(client, fhir):
    from sanad.claims.models import BillingFile

    collection = client.get("/developers/sanad.postman_collection.json").json()

    postman_run(_machine(), collection, _values(fhir))

    billed = BillingFile.objects.get(invoice_number="F-2026-0001")
    assert billed.facility == fhir.world.centre
    assert billed.batch is not None and billed.batch.submitted_on is not None


def test_the_answers_shown_have_the_keys_the_server_gives(client, fhir):
    collection = client.get("/developers/sanad.postman_collection.json").json()
    by_title = {s.name: s for s in postman_run(_machine(), collection, _values(fhir))}

    for example in EXAMPLES:
        if example.answer is not None:
            real = by_title[str(example.title)].answer
            assert set(example.answer) == set(real), (example.name, real)
            if "issue" in real:
                assert set(example.answer["issue"][0]) == set(real["issue"][0]), real


def test_the_http_file_sends_a_retry_under_the_same_idempotency_key_without_writing_twice(client, fhir):
    from sanad.claims.models import BillingFile, CareSheet

    text = client.get("/developers/sanad.http").content.decode()
    expected = [example.status for example in EXAMPLES]
    machine = _machine()
    http_run(machine, text, _values(fhir), expected)
    counts = (CareSheet.objects.count(), BillingFile.objects.count())

    again = http_run(machine, text, _values(fhir), expected)

    assert all(s.status == s.expected for s in again), _statuses(again)
    assert (CareSheet.objects.count(), BillingFile.objects.count()) == counts


def _keys(tmp_path):
    from jwcrypto import jwk

    fund, own = jwk.JWK.generate(kty="RSA", size=2048), jwk.JWK.generate(kty="RSA", size=2048)
    (tmp_path / "fund_public_key.pem").write_bytes(fund.export_to_pem())
    (tmp_path / "private_key.pem").write_bytes(own.export_to_pem(private_key=True, password=None))
    return fund, own


def test_the_hcx_steps_encrypt_a_bundle_that_its_recipient_decrypts_with_the_headers(tmp_path, monkeypatch):
    from sanad.api.hcx.jwe import jwe_decrypt, jwe_read

    fund, own = _keys(tmp_path)
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": []}
    (tmp_path / "bundle.json").write_text(json.dumps(bundle))
    monkeypatch.chdir(tmp_path)
    sent = {"SENDER_CODE": "HIS-CS-001", "RECIPIENT_CODE": "FUND"}
    exec(HCX_ENCRYPT, sent)  # noqa: S102 - the page's own snippet, run as a reader would

    assert json.loads((tmp_path / "body.json").read_text()) == sent["body"]
    token, header = jwe_read(sent["body"]["payload"])
    assert json.loads(jwe_decrypt(token, fund)) == bundle
    assert header["x-hcx-sender_code"] == "HIS-CS-001" and header["x-hcx-recipient_code"] == "FUND"
    assert {"x-hcx-api_call_id", "x-hcx-correlation_id", "x-hcx-timestamp"} <= set(header)

    # The callback step, with the participant's own key pair: the fund's answer encrypted to them.
    answer_of_fund = {"payload": _encrypted_to(own, {"resourceType": "Bundle", "type": "collection"})}
    received = {"received": answer_of_fund}
    exec(HCX_CALLBACK, received)  # noqa: S102
    assert (
        received["answer"]["resourceType"] == "Bundle"
        and received["headers"]["x-hcx-status"] == "response.complete"
    )


def _encrypted_to(key, payload: dict) -> str:
    from sanad.api.hcx.jwe import jwe_encrypt

    public = type(key)()
    public.import_key(**key.export_public(as_dict=True))
    return jwe_encrypt(payload, key=public, headers={"x-hcx-status": "response.complete"})


def test_a_tampered_hcx_message_is_refused_by_the_callback_step(tmp_path, monkeypatch):
    _fund, own = _keys(tmp_path)
    monkeypatch.chdir(tmp_path)
    compact = _encrypted_to(own, {"resourceType": "Bundle"})
    parts = compact.split(".")
    parts[3] = parts[3][:-2] + ("AA" if parts[3][-2:] != "AA" else "BB")

    with pytest.raises(Exception):  # noqa: B017 - jwcrypto's own error for a cipher text changed
        exec(HCX_CALLBACK, {"received": {"payload": ".".join(parts)}})  # noqa: S102
