"""The Claims the FHIR tests send, as a facility's software builds them: a prior authorization for the knee
prosthesis (with its prescription and quote as attachments), a claim for a consultation, the Bundle that
carries either, and the helpers that post them."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

from django.test import Client
from fhir.resources.R4B.claimresponse import ClaimResponse
from fhir.resources.R4B.operationoutcome import OperationOutcome

from sanad.api.fhir.identifiers import identifier_system
from tests.fhir.conftest import FHIR, FHIR_JSON, TODAY

SUBMIT = f"{FHIR}/Claim/$submit"
PDF = base64.b64encode(b"%PDF-1.4 a scanned page").decode()


def _paper(code: str) -> dict:
    return {
        "sequence": 1,
        "category": {"coding": [{"code": "attachment"}]},
        "code": {"coding": [{"system": identifier_system("document"), "code": code}]},
        "valueAttachment": {"contentType": "application/pdf", "data": PDF, "title": f"{code}.pdf"},
    }


def claim_body(patient: str, *, use: str, items: list[dict], identifier: str = "", **fields) -> dict:
    body = {
        "resourceType": "Claim",
        "status": "active",
        "type": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]
        },
        "use": use,
        "patient": {"reference": f"Patient/{patient}"},
        "created": TODAY.isoformat(),
        "insurer": {"reference": "Organization/cnass-mr"},
        "provider": {"reference": "Organization/CS-001"},
        "priority": {"coding": [{"code": "normal"}]},
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"reference": f"Coverage/{patient}"}}],
        "item": [{"sequence": n, **item} for n, item in enumerate(items, start=1)],
    }
    if identifier:
        body["identifier"] = [{"system": "urn:example:his:claims", "value": identifier}]
    return body | fields


def device_item(quote: str, code: str = "PRO-GEN") -> dict:
    return {
        "productOrService": {"coding": [{"system": identifier_system("device"), "code": code}]},
        "quantity": {"value": 1},
        "net": {"value": quote, "currency": "MRU"},
    }


def act_item(billed: str, code: str = "CON-C") -> dict:
    return {
        "productOrService": {"coding": [{"system": identifier_system("act"), "code": code}]},
        "quantity": {"value": 1},
        "net": {"value": billed, "currency": "MRU"},
        "servicedDate": TODAY.isoformat(),
    }


def preauthorization(
    patient: str, quote: str, *, identifier: str = "", papers=("prescription", "quote")
) -> dict:
    """A prosthesis asked for with a quote; its papers as attachments."""
    infos = [_paper(code) | {"sequence": n} for n, code in enumerate(papers, start=1)]
    body = claim_body(patient, use="preauthorization", items=[device_item(quote)], identifier=identifier)
    if infos:
        body["supportingInfo"] = infos
    return body


def consultation(patient: str, invoice: str, billed: str = "1000.00") -> dict:
    body = claim_body(patient, use="claim", items=[act_item(billed)], identifier=invoice)
    body["diagnosis"] = [
        {
            "sequence": 1,
            "diagnosisCodeableConcept": {
                "coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "J06.9"}]
            },
        }
    ]
    body["careTeam"] = [{"sequence": 1, "provider": {"display": "Dr Sidi Mohamed"}}]
    return body


def bundle(claim: dict, *others: dict) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{n}", "resource": r} for n, r in enumerate([claim, *others], start=1)
        ],
    }


def post(client: Client, body, url: str = SUBMIT, **extra):
    text = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, text, content_type=FHIR_JSON, **extra)


def answer(response) -> ClaimResponse:
    assert response.status_code == 200, response.content[:800]
    return ClaimResponse.model_validate(response.json())


def issue(response, status: int) -> dict:
    assert response.status_code == status, response.content[:800]
    found = OperationOutcome.model_validate(response.json()).issue[0]
    return found.model_dump(mode="json", exclude_none=True)


def amounts(item) -> dict[str, Decimal]:
    """An item's adjudication amounts by category (the entries holding an amount)."""
    return {
        a.category.coding[0].code: Decimal(str(a.amount.value))
        for a in item.adjudication
        if a.amount is not None
    }
