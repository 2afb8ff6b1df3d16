"""The CapabilityStatement (`GET /fhir/metadata`): FHIR 4.3.0 (R4B, the release whose models validate
every resource in and out), JSON only, the resources, interactions, search parameters and the
operations served (`Claim/$submit`, `Claim/$inquire`), and how to authenticate."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from sanad.api.fhir.validated import validated
from sanad.funds.active import active_profile

FHIR_VERSION = "4.3.0"
CODED = "token"
_SECURITY = (
    "Every call but this statement is authenticated: a facility's software sends its API key as "
    "`Authorization: Bearer sk_...` (created by the fund's administrator, scoped to one facility); a person "
    "signed in on the site may call it with their session, and then sends the session's CSRF token in the "
    "X-CSRFToken header with every POST. Facility staff learn whether an insured person is covered, with "
    "their initials, and see only their own facility."
)
_PATIENT_ID = (
    "A member's id is their registration number; a dependant's is the member's registration number, a "
    "dash and the dependant's id in the register."
)

SUBMIT = "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit"
INQUIRE = "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquiry"
_CLAIM = (
    "POST Claim/$submit (or Claim) a Claim, or a collection Bundle whose first entry is the Claim with the "
    "Patient, Practitioner, Organization and DocumentReference it refers to. use=preauthorization submits a "
    "prior-authorization request (outcome complete when decided at once, queued when pended); use=claim "
    "bills a care sheet (identifier: the invoice number). The answer is a ClaimResponse. A repeat with the "
    "same Idempotency-Key header, or the same Claim identifier, writes nothing and returns the first answer. "
    "POST Claim/$inquire a Parameters (identifier or preAuthRef) or the Claim for the current answer."
)


def _search(name: str, kind: str, documentation: str) -> dict[str, str]:
    return {"name": name, "type": kind, "documentation": documentation}


def capability_statement(*, base_url: str) -> dict[str, Any]:
    profile = active_profile()
    resources = [
        {
            "type": "Patient",
            "documentation": _PATIENT_ID,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                _search("identifier", CODED, "system|value: a registration number, or a dependant's id"),
            ],
        },
        {
            "type": "Coverage",
            "documentation": (
                "One Coverage per insured person (its id is the Patient's): status active when rights are "
                "in force on the day asked (today unless `date` is given), cancelled otherwise."
            ),
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                _search("beneficiary", "reference", "Patient/<id> (required)"),
                _search("patient", "reference", "the same as beneficiary"),
                _search("date", "date", "the day rights are checked on (YYYY-MM-DD, default today)"),
                _search("status", CODED, "active or cancelled"),
                _search("payor", "reference", "Organization/<the fund's id>"),
            ],
        },
        {
            "type": "Organization",
            "documentation": "A facility by its code, or the fund itself (its profile's code).",
            "interaction": [{"code": "read"}],
        },
        {
            "type": "CoverageEligibilityRequest",
            "documentation": (
                "POST a request: the answer is a CoverageEligibilityResponse (inforce on servicedDate or "
                "today, the rights period for who may see it, authorizationRequired per item coded with the "
                "fund's act, drug or device systems). Nothing is stored."
            ),
            "interaction": [{"code": "create"}],
        },
        {
            "type": "Claim",
            "documentation": _CLAIM,
            "interaction": [{"code": "create"}],
            "operation": [
                {"name": "submit", "definition": SUBMIT},
                {"name": "inquire", "definition": INQUIRE},
            ],
        },
        {
            "type": "ClaimResponse",
            "documentation": (
                "The answers to the caller's facility's Claims: a prior authorization's id is its reference "
                "(PEC-…), a billing file's file-<id>. Reasons are coded in CodeSystem/adjudication-reasons."
            ),
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                _search("request", CODED, "the Claim's identifier, an invoice number or a request reference"),
                _search("patient", "reference", "Patient/<id>"),
                _search("outcome", CODED, "queued or complete"),
                _search("use", CODED, "claim or preauthorization"),
                _search("_count", "number", "at most 50 of each kind, newest first"),
            ],
        },
        {
            "type": "Subscription",
            "documentation": (
                "rest-hook on the caller's ClaimResponses (criteria ClaimResponse, or "
                "ClaimResponse?request=Claim/<id>&use=claim|preauthorization), made with an API key of scope "
                "claims or authorizations: each answer decided later is PUT at <endpoint>/ClaimResponse/<id> "
                "(payload application/fhir+json) or an empty POST at the endpoint (no payload), with the "
                "channel's headers, retried with backoff; status error after the last failed try. DELETE, or "
                "PUT with status off, stops it. A create repeated with the same Idempotency-Key header "
                "subscribes once and returns the first answer. The endpoint's name must not lead to a "
                "private address (checked when sending, no redirect followed)."
            ),
            "interaction": [
                {"code": "create"},
                {"code": "read"},
                {"code": "update"},
                {"code": "delete"},
                {"code": "search-type"},
            ],
            "searchParam": [_search("status", CODED, "requested, active, error or off")],
        },
        {
            "type": "CodeSystem",
            "documentation": "adjudication-reasons: the engine's reasons, in French with Arabic and English.",
            "interaction": [{"code": "read"}],
        },
        {
            "type": "Practitioner",
            "documentation": "The health professionals of the caller's facility.",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                _search("identifier", CODED, "system|value: the INPE or order number"),
                _search("name", "string", "the start of the name"),
            ],
        },
        {
            "type": "PaymentReconciliation",
            "documentation": (
                "A settlement run's statement of the caller's facility (its payment order): the files paid "
                "as details. Readable once the run is approved."
            ),
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                _search("requestor", "reference", "Organization/<the caller's facility code>"),
                _search("_count", "number", "at most 50, newest first"),
            ],
        },
        {
            "type": "PaymentNotice",
            "documentation": "The transfer of a statement to the caller's facility; paid once confirmed.",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                _search("recipient", "reference", "Organization/<the caller's facility code>"),
                _search("_count", "number", "at most 50, newest first"),
            ],
        },
    ]
    statement = {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": timezone.now().isoformat(timespec="seconds"),
        "publisher": profile.name.get_text(),
        "kind": "instance",
        "implementation": {"description": f"Sanad — {profile.short_name}", "url": base_url},
        "fhirVersion": FHIR_VERSION,
        "format": ["json", "application/fhir+json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "cors": False,
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "OAuth",
                                    "display": "OAuth",
                                }
                            ],
                            "text": "Bearer API key",
                        }
                    ],
                    "description": _SECURITY,
                },
                "resource": resources,
                "operation": [
                    {"name": "submit", "definition": SUBMIT},
                    {"name": "inquire", "definition": INQUIRE},
                ],
            }
        ],
    }
    return validated(CapabilityStatement, statement)
