"""The examples of the integrators' pages (issue 19 §5), in one place: the page snippets (curl), the HTTP
file (`.http`, REST Client and JetBrains format) and the Postman collection (v2.1) are all rendered from
`EXAMPLES`, so that what a page shows is what the collections send, and the tests run the collections.

A request names its variables as `{{name}}` (Postman's and the HTTP file's own syntax): the server's
address, the key, a registration number, the day, an invoice number, an act's code, the fund's and the
facility's codes. A value the answer of an earlier request gives (the care sheet's id) is `captured` by
that request; an unquoted number in a body is written `Var("name")`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Var:
    """A number in a JSON body that a variable gives (`"care_sheet_id": {{care_sheet_id}}`)."""

    name: str


@dataclass(frozen=True)
class Example:
    name: str  # the request's name in the collections and the variable that holds its answer
    interface: str  # "rest" or "fhir"
    title: Any  # what it does, in the reader's language
    method: str
    path: str  # from the server's root, with {{variables}}
    status: int  # the answer expected
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    captures: dict[str, str] = field(default_factory=dict)  # variable -> field of the JSON answer
    answer: dict[str, Any] | None = None  # what the answer looks like (its keys are those the server gives)

    def body_text(self) -> str:
        """The body as sent: JSON, two spaces, the numbers given by variables unquoted."""
        if self.body is None:
            return ""
        return _unquoted(json.dumps(self.body, indent=2, ensure_ascii=False, default=_var_marker))


def _var_marker(value: Any) -> str:
    if isinstance(value, Var):
        return f"\x00{value.name}\x00"
    raise TypeError(value)


def _unquoted(text: str) -> str:
    return re.sub(r'"\\u0000(\w+)\\u0000"', r"{{\1}}", text)


FHIR_JSON = "application/fhir+json"

# The variables a reader sets once, with the value the collections start with (`base` and `today` are
# filled from the server that serves them; `key` is the reader's own).
VARIABLES: dict[str, str] = {
    "base": "",
    "key": "sk_…",
    "number": "",
    "today": "",
    "invoice": "F-0001",
    "act": "CON-C",
    "fund": "",
    "facility": "",
    "systems": "",  # the base of the fund's identifier systems (its profile's [interfaces])
}


def _line() -> dict[str, Any]:
    return {"kind": "act", "code": "{{act}}", "quantity": 1, "billed": "1000.00", "service_date": "{{today}}"}


def _system(kind: str) -> str:
    return "{{systems}}" + kind


def _eligibility() -> dict[str, Any]:
    return {
        "resourceType": "CoverageEligibilityRequest",
        "status": "active",
        "purpose": ["validation", "auth-requirements"],
        "patient": {"reference": "Patient/{{number}}"},
        "created": "{{today}}",
        "insurer": {"reference": "Organization/{{fund}}"},
        "provider": {"reference": "Organization/{{facility}}"},
        "item": [{"productOrService": {"coding": [{"system": _system("act"), "code": "{{act}}"}]}}],
    }


def _claim() -> dict[str, Any]:
    claim = {
        "resourceType": "Claim",
        "status": "active",
        "type": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]
        },
        "use": "claim",
        "identifier": [{"system": "urn:example:his:claims", "value": "{{invoice}}-FHIR"}],
        "patient": {"reference": "Patient/{{number}}"},
        "created": "{{today}}",
        "insurer": {"reference": "Organization/{{fund}}"},
        "provider": {"reference": "Organization/{{facility}}"},
        "priority": {"coding": [{"code": "normal"}]},
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"reference": "Coverage/{{number}}"}}],
        "diagnosis": [
            {
                "sequence": 1,
                "diagnosisCodeableConcept": {
                    "coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "J06.9"}]
                },
            }
        ],
        "careTeam": [{"sequence": 1, "provider": {"display": "Dr Sidi Mohamed"}}],
        "item": [
            {
                "sequence": 1,
                "productOrService": {"coding": [{"system": _system("act"), "code": "{{act}}"}]},
                "quantity": {"value": 1},
                "net": {"value": 1000.00, "currency": "MRU"},
                "servicedDate": "{{today}}",
            }
        ],
    }
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": "urn:uuid:1", "resource": claim}],
    }


EXAMPLES: tuple[Example, ...] = (
    # ---- REST ----------------------------------------------------------------------------------------
    Example(
        "rights",
        "rest",
        _("Check a member's rights on a day"),
        "GET",
        "/api/v1/registry/members/{{number}}/rights?on={{today}}",
        200,
        answer={"covered": True, "reason": "covered", "message": "Covered", "initials": "AM"},
    ),
    Example(
        "care_sheet",
        "rest",
        _("Open a care sheet (a consultation today)"),
        "POST",
        "/api/v1/claims/care-sheets",
        201,
        body={
            "registration_number": "{{number}}",
            "care_type": "outpatient",
            "care_date": "{{today}}",
            "diagnosis": "J06.9",
            "practitioner": "Dr Sidi Mohamed",
            "lines": [_line()],
        },
        headers={"Idempotency-Key": "care-sheet-{{invoice}}"},
        captures={"care_sheet_id": "id"},
    ),
    Example(
        "billing_file",
        "rest",
        _("Bill the care sheet under the facility's invoice number"),
        "POST",
        "/api/v1/claims/billing-files",
        201,
        body={"care_sheet_id": Var("care_sheet_id"), "invoice_number": "{{invoice}}"},
        headers={"Idempotency-Key": "billing-file-{{invoice}}"},
        captures={"billing_file_id": "id"},
    ),
    Example(
        "batch",
        "rest",
        _("Open a batch of outpatient files"),
        "POST",
        "/api/v1/claims/batches",
        201,
        body={"group": "outpatient"},
        headers={"Idempotency-Key": "batch-{{invoice}}"},
        captures={"batch_id": "id"},
    ),
    Example(
        "batch_files",
        "rest",
        _("Put the billing file in the batch"),
        "POST",
        "/api/v1/claims/batches/{{batch_id}}/files",
        200,
        body={"file_ids": [Var("billing_file_id")]},
        headers={"Idempotency-Key": "batch-files-{{invoice}}"},
    ),
    Example(
        "batch_submit",
        "rest",
        _("Send the batch to the fund"),
        "POST",
        "/api/v1/claims/batches/{{batch_id}}/submit",
        200,
        headers={"Idempotency-Key": "batch-submit-{{invoice}}"},
    ),
    Example(
        "billing_file_read",
        "rest",
        _("Read the billing file, its status and the fund's decision"),
        "GET",
        "/api/v1/claims/billing-files/{{billing_file_id}}",
        200,
    ),
    Example(
        "rights_refused",
        "rest",
        _("An error: a registration number whose check digit is wrong"),
        "GET",
        "/api/v1/registry/members/123/rights?on={{today}}",
        400,
        answer={"code": "invalid", "field": "registration_number", "message": "…"},
    ),
    # ---- FHIR ----------------------------------------------------------------------------------------
    Example("metadata", "fhir", _("The server's CapabilityStatement"), "GET", "/fhir/metadata", 200),
    Example(
        "patient",
        "fhir",
        _("Find a patient by registration number"),
        "GET",
        f"/fhir/Patient?identifier={_system('registration-number')}%7C{{{{number}}}}",
        200,
    ),
    Example(
        "eligibility",
        "fhir",
        _("Ask whether the patient is covered and whether the act needs an authorization"),
        "POST",
        "/fhir/CoverageEligibilityRequest",
        200,
        body=_eligibility(),
        content_type=FHIR_JSON,
    ),
    Example(
        "claim_submit",
        "fhir",
        _("Submit a claim: a Bundle whose first entry is the Claim"),
        "POST",
        "/fhir/Claim/$submit",
        200,
        body=_claim(),
        headers={"Idempotency-Key": "claim-{{invoice}}"},
        content_type=FHIR_JSON,
    ),
    Example(
        "claim_responses",
        "fhir",
        _("Search the patient's claim responses"),
        "GET",
        "/fhir/ClaimResponse?patient=Patient/{{number}}",
        200,
    ),
    Example(
        "eligibility_refused",
        "fhir",
        _("An error: a resource of the wrong type, answered by an OperationOutcome"),
        "POST",
        "/fhir/CoverageEligibilityRequest",
        400,
        body={"resourceType": "Patient"},
        content_type=FHIR_JSON,
        answer={
            "resourceType": "OperationOutcome",
            "issue": [
                {"severity": "error", "code": "invalid", "diagnostics": "…", "expression": ["resourceType"]}
            ],
        },
    ),
)


def examples_of(interface: str) -> list[Example]:
    return [example for example in EXAMPLES if example.interface == interface]


# ---- HCX: the JWE steps, in Python with jwcrypto (the HCX page shows them; a test runs them) -------------

HCX_ENCRYPT = """\
import datetime, json, uuid
from jwcrypto import jwe, jwk

fund_key = jwk.JWK.from_pem(open("fund_public_key.pem", "rb").read())
bundle = json.load(open("bundle.json"))  # the FHIR Bundle, as on the FHIR page
protected = {
    "alg": "RSA-OAEP",
    "enc": "A256GCM",
    "x-hcx-sender_code": SENDER_CODE,  # your participant code
    "x-hcx-recipient_code": RECIPIENT_CODE,  # the fund's participant code
    "x-hcx-api_call_id": str(uuid.uuid4()),  # new for each call: a retry keeps it
    "x-hcx-correlation_id": str(uuid.uuid4()),  # the same for every call of one case
    "x-hcx-timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(),
}
token = jwe.JWE(json.dumps(bundle).encode(), recipient=fund_key, protected=json.dumps(protected))
body = {"payload": token.serialize(compact=True)}
json.dump(body, open("body.json", "w"))  # what the next step posts
"""

HCX_SEND = """\
curl -sS -X POST "${SANAD_URL}/hcx/v1/coverageeligibility/check" \\
  -H "Authorization: Bearer ${SANAD_KEY}" \\
  -H "Content-Type: application/json" \\
  --data-binary @body.json
# HTTP/1.1 202 Accepted
# {"api_call_id": "…", "correlation_id": "…", "timestamp": "…"}
"""

HCX_CALLBACK = """\
import json
from jwcrypto import jwe, jwk

own_key = jwk.JWK.from_pem(open("private_key.pem", "rb").read())
token = jwe.JWE()
token.allowed_algs = ["RSA-OAEP", "A256GCM"]
token.deserialize(received["payload"], key=own_key)  # refused if anything was changed on the way
headers = json.loads(token.objects["protected"])  # x-hcx-status, x-hcx-correlation_id…
answer = json.loads(token.payload)  # the FHIR Bundle of the answer
"""

# The addresses of the exchange (issue 19 §3): what a participant calls, and what the fund calls back.
HCX_ROUTES: tuple[tuple[str, str, Any], ...] = (
    ("/hcx/v1/coverageeligibility/check", "…/coverageeligibility/on_check", _("Eligibility")),
    ("/hcx/v1/preauth/submit", "…/preauth/on_submit", _("Prior authorization")),
    ("/hcx/v1/claim/submit", "…/claim/on_submit", _("Claim")),
    ("/hcx/v1/paymentnotice/request", "…/paymentnotice/on_request", _("Payment notice")),
    ("/hcx/v1/hcx/status", "…/hcx/on_status", _("Status of an earlier call")),
)
