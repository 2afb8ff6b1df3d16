"""Round trips with fhirpy, a FHIR client library no one here wrote, against a live server (issue #19 §2):
a prior authorization decided at once, one pended then followed with $inquire after the adviser decided,
and a claim answered with its shares; every ClaimResponse validates with the R4B models."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fhir.resources.R4B.claimresponse import ClaimResponse
from fhirpy import SyncFHIRClient

from sanad.authorizations import services as authorizations
from sanad.authorizations.models import AuthorizationRequest
from tests.fhir.claims_bodies import amounts, consultation, preauthorization
from tests.fhir.conftest import TODAY
from tests.fhir.test_fhir_claims import ABOVE, PAPERS, WITHIN

pytestmark = pytest.mark.django_db(transaction=True)


def _client(live_server, key: str) -> SyncFHIRClient:
    return SyncFHIRClient(f"{live_server.url}/fhir", authorization=f"Bearer {key}")


def test_fhirpy_submits_a_prior_authorization_decided_at_once(live_server, fhir):
    client = _client(live_server, fhir.centre_key)
    body = preauthorization(fhir.family.registration_number, WITHIN, papers=PAPERS)

    response = ClaimResponse.model_validate(client.execute("Claim/$submit", method="post", data=body))

    assert response.outcome == "complete" and response.preAuthRef
    assert response.preAuthPeriod.start == TODAY
    read = client.reference("ClaimResponse", response.id).to_resource()
    assert ClaimResponse.model_validate(read.serialize()).preAuthRef == response.preAuthRef


def test_fhirpy_follows_a_pended_prior_authorization_with_inquire(live_server, fhir):
    client = _client(live_server, fhir.centre_key)
    body = preauthorization(fhir.family.registration_number, ABOVE, papers=PAPERS)
    pended = ClaimResponse.model_validate(client.execute("Claim/$submit", method="post", data=body))
    assert pended.outcome == "queued"
    authorizations.authorization_decide(
        actor=fhir.world.adviser,
        request=AuthorizationRequest.objects.get(reference=pended.preAuthRef),
        kind="approved",
        items=[authorizations.Item("device", "PRO-GEN", 1)],
        valid_from=TODAY,
    )

    inquiry = {
        "resourceType": "Parameters",
        "parameter": [{"name": "preAuthRef", "valueString": pended.preAuthRef}],
    }
    decided = ClaimResponse.model_validate(client.execute("Claim/$inquire", method="post", data=inquiry))

    assert decided.id == pended.id and decided.outcome == "complete"
    found = client.resources("ClaimResponse").search(outcome="complete", use="preauthorization").fetch()
    assert [r["id"] for r in found] == [pended.id]


def test_fhirpy_submits_a_claim_and_reads_its_shares(live_server, fhir):
    client = _client(live_server, fhir.centre_key)
    body = consultation(fhir.family.registration_number, "INV-RT")

    response = ClaimResponse.model_validate(client.execute("Claim/$submit", method="post", data=body))

    (item,) = response.item
    found = amounts(item)
    assert found["submitted"] == Decimal("1000.00") == found["benefit"] + found["copay"]
    searched = client.resources("ClaimResponse").search(request="INV-RT").first()
    assert searched["id"] == response.id
