"""The world of the HCX tests: the FHIR tests' world (the Teyarett centre and the Kiffa hospital, each
with its software's API key, a covered family), the fund's key pair in a temporary file, each facility's
system registered as a participant with a key pair of its own, tasks run at once, and a stub in place of
the participants' callback addresses that records what it is sent (or fails, when told to)."""

from __future__ import annotations

import dataclasses
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from jwcrypto import jwk

from sanad.api.hcx.jwe import jwe_decrypt, jwe_encrypt, jwe_read
from sanad.common.permissions import Role
from sanad.credentials.selectors import api_client_of_key
from sanad.exchange import keys, transport
from sanad.exchange.services import participant_register
from tests.api.claims_conftest import IMMEDIATE, world_rules
from tests.fhir.conftest import FhirWorld, fhir_world_make, machine

HCX = "/hcx/v1"
FUND_CODE = "cnass-hcx"


@dataclasses.dataclass
class Callbacks:
    """The stub of every participant's callback: what it received, and how many times it should fail."""

    received: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    failures: int = 0

    def post(self, url: str, payload: str, headers: dict[str, str] | None = None) -> int:
        self.received.append((url, payload))
        if self.failures:
            self.failures -= 1
            raise transport.CallbackError(503, "HTTP 503")
        return 200


@dataclasses.dataclass(frozen=True)
class Party:
    code: str
    key: jwk.JWK  # its private key: what decrypts the fund's answers
    client: Client  # its software, calling with its API key


@dataclasses.dataclass(frozen=True)
class HcxWorld:
    fhir: FhirWorld
    fund_key: jwk.JWK
    centre: Party
    hospital: Party
    callbacks: Callbacks


def party(admin, api_key: str, code: str) -> Party:
    key = jwk.JWK.generate(kty="RSA", size=2048)
    participant_register(
        actor=admin,
        code=code,
        name=f"HIS {code}",
        client=api_client_of_key(api_key),
        public_key=key.export_public(),
        callback_url=f"https://{code}.example.org/hcx/",
    )
    return Party(code=code, key=key, client=machine(api_key))


@dataclasses.dataclass(frozen=True)
class Fund:
    fund_key: jwk.JWK
    callbacks: Callbacks


@pytest.fixture
def hcx_fund(settings, monkeypatch, tmp_path) -> Fund:
    """The fund's key pair in a file, tasks run at once, the callbacks' stub."""
    settings.TASKS = IMMEDIATE
    fund_key = jwk.JWK.generate(kty="RSA", size=2048)
    key_file = tmp_path / "fund.pem"
    key_file.write_bytes(fund_key.export_to_pem(private_key=True, password=None))
    settings.SANAD_HCX_PRIVATE_KEY_FILE = str(key_file)
    settings.SANAD_HCX_PARTICIPANT_CODE = FUND_CODE
    settings.SANAD_HCX_CALLBACK_ATTEMPTS = 3
    callbacks = Callbacks()
    monkeypatch.setattr(transport, "callback_post", callbacks.post)
    return Fund(fund_key=fund_key, callbacks=callbacks)


@pytest.fixture
def hcx(settings, monkeypatch, tmp_path, make_user, hcx_fund) -> HcxWorld:
    world_rules(settings, monkeypatch, tmp_path)
    world = fhir_world_make(make_user)
    admin = make_user("zeinabou", Role.ADMINISTRATOR)
    return HcxWorld(
        fhir=world,
        fund_key=hcx_fund.fund_key,
        centre=party(admin, world.centre_key, "his-teyarett"),
        hospital=party(admin, world.hospital_key, "his-kiffa"),
        callbacks=hcx_fund.callbacks,
    )


@pytest.fixture(autouse=True)
def _fund_key_reread():
    # The fund's key is read once per file name; each test writes its own.
    keys._fund_key.cache_clear()
    yield
    keys._fund_key.cache_clear()


def document(*resources: dict[str, Any]) -> dict[str, Any]:
    """An HCX-style Bundle: a document whose first entry is its Composition, then the resources."""
    composition = {
        "resourceType": "Composition",
        "status": "final",
        "type": {"coding": [{"system": "https://hcxprotocol.io/codes", "code": "request"}]},
        "date": timezone.now().isoformat(timespec="seconds"),
        "author": [{"reference": "Organization/CS-001"}],
        "title": "request",
    }
    entries = [composition, *resources]
    return {
        "resourceType": "Bundle",
        "type": "document",
        "identifier": {"system": "urn:example:his", "value": str(uuid.uuid4())},
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": r} for r in entries],
    }


def headers(sender: str, **overrides: Any) -> dict[str, Any]:
    found = {
        "x-hcx-sender_code": sender,
        "x-hcx-recipient_code": FUND_CODE,
        "x-hcx-api_call_id": str(uuid.uuid4()),
        "x-hcx-correlation_id": str(uuid.uuid4()),
        "x-hcx-timestamp": timezone.now().isoformat(timespec="seconds"),
        "x-hcx-workflow_id": str(uuid.uuid4()),
        "x-hcx-status": "request.initiated",
    }
    found.update(overrides)
    return {name: value for name, value in found.items() if value is not None}


def sealed(world: HcxWorld | Fund, payload: dict[str, Any], protocol: dict[str, Any]) -> str:
    """The payload encrypted to the fund's public key, the protocol headers in the protected header."""
    public = jwk.JWK.from_json(world.fund_key.export_public())
    return jwe_encrypt(payload, key=public, headers=protocol)


def post(sender: Party, path: str, compact: str, **extra: Any):
    body = json.dumps({"payload": compact})
    return sender.client.post(f"{HCX}/{path}", body, content_type="application/json", **extra)


def opened(party: Party, compact: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the protected header, the payload) of an answer, decrypted with the participant's private key."""
    token, header = jwe_read(compact)
    return header, json.loads(jwe_decrypt(token, party.key))
