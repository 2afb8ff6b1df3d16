"""Claim/$submit, Claim/$inquire and ClaimResponse (issue #19 §2): a prior authorization decided at once by
the profile's rule (complete) or pended with the adviser (queued, then $inquire); a claim answered with the
engine's shares whose amounts add up, its reasons coded in the fund's reason catalogue; a repeat writes
nothing new; a malformed Claim is an OperationOutcome naming its element; a facility reads only its own
answers."""

from __future__ import annotations

import datetime

import pytest

from sanad.api.fhir.identifiers import identifier_system
from sanad.api.idempotency import REPLAYED
from sanad.authorizations import services as authorizations
from sanad.authorizations.models import AuthorizationRequest
from sanad.claims.models import BillingFile, CareSheet
from tests.fhir.claims_bodies import (
    PDF,
    amounts,
    answer,
    bundle,
    consultation,
    issue,
    post,
    preauthorization,
)
from tests.fhir.conftest import FHIR, TODAY, machine

pytestmark = pytest.mark.django_db
# The CNASS profile's device type: a quote at or under the catalogue's reference price (the prosthesis,
# 90,000 MRU) is approved at once; the register holds no identity paper of this family: it is sent.
PAPERS = ("prescription", "quote", "member_identity")
WITHIN, ABOVE = "80000", "95000"


def _preauthorization(fhir, quote: str, **options):
    return preauthorization(fhir.family.registration_number, quote, papers=PAPERS, **options)


def test_a_prior_authorization_within_the_rule_is_complete_at_once_with_its_reference_and_period(fhir):
    response = answer(post(machine(fhir.centre_key), _preauthorization(fhir, WITHIN)))

    request = AuthorizationRequest.objects.get()
    assert response.outcome == "complete" and request.status == "approved"
    assert response.preAuthRef == request.reference == response.id
    assert response.preAuthPeriod.start == TODAY
    assert response.preAuthPeriod.end == TODAY + datetime.timedelta(days=179)  # the type's 180 days
    (added,) = response.addItem
    assert added.productOrService.coding[0].code == "PRO-GEN"
    assert amounts(added)["benefit"] == 80000


def test_a_pended_prior_authorization_is_queued_then_inquire_gives_the_advisers_decision(fhir):
    centre = machine(fhir.centre_key)
    pended = answer(post(centre, _preauthorization(fhir, ABOVE, identifier="HIS-77")))
    assert pended.outcome == "queued" and pended.preAuthPeriod is None

    request = AuthorizationRequest.objects.get(reference=pended.preAuthRef)
    authorizations.authorization_decide(
        actor=fhir.world.adviser,
        request=request,
        kind="approved",
        items=[authorizations.Item("device", "PRO-GEN", 1)],
        valid_from=TODAY,
    )
    by_reference = {
        "resourceType": "Parameters",
        "parameter": [{"name": "preAuthRef", "valueString": pended.preAuthRef}],
    }
    by_identifier = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "identifier", "valueIdentifier": {"system": "urn:example:his:claims", "value": "HIS-77"}}
        ],
    }

    for body in (by_reference, by_identifier):
        decided = answer(post(centre, body, url=f"{FHIR}/Claim/$inquire"))
        assert decided.id == pended.id and decided.outcome == "complete"
        assert decided.preAuthPeriod.start == TODAY
    read = answer(centre.get(f"{FHIR}/ClaimResponse/{pended.id}"))
    assert read.outcome == "complete"


def test_a_claim_gets_each_items_shares_submitted_eligible_benefit_and_copay_that_add_up(fhir):
    body = consultation(fhir.family.registration_number, "INV-1", billed="1234.57")
    body["item"].append(body["item"][0] | {"sequence": 2, "net": {"value": "15.01", "currency": "MRU"}})

    response = answer(post(machine(fhir.centre_key), body))

    assert response.use == "claim" and response.id == f"file-{BillingFile.objects.get().pk}"
    for item in response.item:
        found = amounts(item)
        assert set(found) == {"submitted", "eligible", "benefit", "copay"}
        assert found["benefit"] + found["copay"] == found["submitted"]
    total = {t.category.coding[0].code: t.amount.value for t in response.total}
    assert total["submitted"] == sum(amounts(item)["submitted"] for item in response.item)


def test_the_reasons_are_coded_in_the_funds_reason_catalogue_served_as_a_code_system(fhir):
    # Outpatient care needs its invoice scan (tests/api/claims_conftest): the engine says it is missing.
    centre = machine(fhir.centre_key)
    response = answer(post(centre, consultation(fhir.family.registration_number, "INV-2")))

    reasons = [a.reason for item in response.item for a in item.adjudication if a.reason is not None]
    coding = reasons[0].coding[0]
    assert coding.system == identifier_system("reason") and coding.code == "documents_missing"
    catalogue = centre.get(f"{FHIR}/CodeSystem/adjudication-reasons").json()
    assert catalogue["url"] == identifier_system("reason")
    concept = next(c for c in catalogue["concept"] if c["code"] == "documents_missing")
    assert {d["language"] for d in concept["designation"]} == {"ar", "en"} and concept["display"]


def test_a_repeated_post_with_the_same_idempotency_key_writes_nothing_new(fhir):
    centre = machine(fhir.centre_key)
    bodies = (_preauthorization(fhir, ABOVE), consultation(fhir.family.registration_number, "INV-3"))
    for number, body in enumerate(bodies):
        first = post(centre, body, HTTP_IDEMPOTENCY_KEY=f"key-{number}")
        counts = (
            AuthorizationRequest.objects.count(),
            CareSheet.objects.count(),
            BillingFile.objects.count(),
        )

        again = post(centre, body, HTTP_IDEMPOTENCY_KEY=f"key-{number}")

        assert again.status_code == 200 and again[REPLAYED] == "true"
        assert again.json() == first.json()
        assert (
            AuthorizationRequest.objects.count(),
            CareSheet.objects.count(),
            BillingFile.objects.count(),
        ) == counts


def test_a_repeated_claim_identifier_writes_nothing_new_and_returns_the_first_answer(fhir):
    centre = machine(fhir.centre_key)
    bodies = (
        _preauthorization(fhir, ABOVE, identifier="HIS-1"),
        consultation(fhir.family.registration_number, "INV-4"),
    )
    for body in bodies:
        first = answer(post(centre, body))
        counts = (
            AuthorizationRequest.objects.count(),
            CareSheet.objects.count(),
            BillingFile.objects.count(),
        )

        again = answer(post(centre, body))

        assert again.id == first.id
        assert (
            AuthorizationRequest.objects.count(),
            CareSheet.objects.count(),
            BillingFile.objects.count(),
        ) == counts


def test_a_bundle_carries_the_claim_first_with_its_patient_and_papers(fhir):
    claim = preauthorization(fhir.family.registration_number, WITHIN, papers=())
    claim["patient"] = {"reference": "urn:uuid:2"}
    claim["supportingInfo"] = [
        {
            "sequence": n,
            "category": {"coding": [{"code": "attachment"}]},
            "code": {"coding": [{"system": identifier_system("document"), "code": code}]},
            "valueReference": {"reference": f"urn:uuid:{n + 2}"},
        }
        for n, code in enumerate(PAPERS, start=1)
    ]
    patient = {
        "resourceType": "Patient",
        "identifier": [
            {"system": identifier_system("registration-number"), "value": fhir.family.registration_number}
        ],
    }
    papers = [
        {
            "resourceType": "DocumentReference",
            "status": "current",
            "content": [{"attachment": {"contentType": "application/pdf", "data": PDF}}],
        }
        for _code in PAPERS
    ]

    response = answer(post(machine(fhir.centre_key), bundle(claim, patient, *papers)))

    assert response.outcome == "complete"
    assert AuthorizationRequest.objects.get().documents.count() == 3


@pytest.mark.parametrize(
    ("fault", "code", "expression"),
    [
        ("missing patient", "required", "Claim.patient"),
        ("unknown product code", "code-invalid", "Claim.item[0].productOrService"),
        ("wrong reference", "invalid", "Claim.patient.reference"),
        ("bundle without the claim first", "invalid", "Bundle.entry[0].resource"),
        ("another facility as provider", "invalid", "Claim.provider"),
    ],
)
def test_a_malformed_claim_is_an_operation_outcome_naming_its_element(fhir, fault, code, expression):
    body = consultation(fhir.family.registration_number, "INV-9")
    if fault == "missing patient":
        del body["patient"]
    elif fault == "unknown product code":
        body["item"][0]["productOrService"]["coding"][0]["code"] = "NOPE-1"
    elif fault == "wrong reference":
        body["patient"] = {"reference": "Organization/CS-001"}
    elif fault == "bundle without the claim first":
        body = bundle({"resourceType": "Patient"}, body)
    else:
        body["provider"] = {"reference": "Organization/HR-KIF"}

    found = issue(post(machine(fhir.centre_key), body), 400)

    assert (found["code"], found["expression"]) == (code, [expression])
    assert found["diagnostics"]
    assert not CareSheet.objects.exists()


def test_another_facilitys_key_cannot_read_the_first_facilitys_claim_responses(fhir):
    centre, hospital = machine(fhir.centre_key), machine(fhir.hospital_key)
    pended = answer(post(centre, _preauthorization(fhir, ABOVE)))
    billed = answer(post(centre, consultation(fhir.family.registration_number, "INV-5")))

    for id in (pended.id, billed.id):
        assert issue(hospital.get(f"{FHIR}/ClaimResponse/{id}"), 404)["code"] == "not-found"
        assert answer(centre.get(f"{FHIR}/ClaimResponse/{id}")).id == id
    inquire = {"resourceType": "Parameters", "parameter": [{"name": "preAuthRef", "valueString": pended.id}]}
    assert issue(post(hospital, inquire, url=f"{FHIR}/Claim/$inquire"), 404)["code"] == "not-found"
    assert hospital.get(f"{FHIR}/ClaimResponse").json()["total"] == 0
    assert centre.get(f"{FHIR}/ClaimResponse").json()["total"] == 2


def test_claim_responses_are_searched_by_request_patient_and_outcome(fhir):
    centre = machine(fhir.centre_key)
    answer(post(centre, _preauthorization(fhir, WITHIN)))
    pended = answer(post(centre, _preauthorization(fhir, ABOVE)))
    answer(post(centre, consultation(fhir.family.registration_number, "INV-6")))
    patient = f"Patient/{fhir.family.registration_number}"

    def ids(**query) -> list[str]:
        found = centre.get(f"{FHIR}/ClaimResponse", query).json()
        return [entry["resource"]["id"] for entry in found.get("entry", [])]

    assert len(ids(patient=patient)) == 3
    assert ids(patient=patient, outcome="queued", use="preauthorization") == [pended.id]
    assert ids(request="INV-6") == [f"file-{BillingFile.objects.get().pk}"]
    assert ids(patient=f"Patient/{fhir.family.registration_number}-{fhir.child.pk}") == []


def test_a_key_without_the_authorizations_scope_cannot_ask_for_a_prior_authorization(fhir, make_user):
    from sanad.common.permissions import Role
    from sanad.credentials.services import api_client_create

    admin = make_user("root", Role.ADMINISTRATOR)
    _client, key = api_client_create(
        actor=admin, name="SIH claims", facility=fhir.world.centre, scopes=["claims"]
    )

    found = issue(post(machine(key), _preauthorization(fhir, WITHIN)), 403)

    assert found["code"] == "forbidden" and not AuthorizationRequest.objects.exists()


def test_the_capability_statement_lists_the_claim_operations_and_the_new_resources(client):
    statement = client.get(f"{FHIR}/metadata").json()

    rest = statement["rest"][0]
    types = {resource["type"]: resource for resource in rest["resource"]}
    assert {o["name"] for o in types["Claim"]["operation"]} == {"submit", "inquire"}
    for kind in ("ClaimResponse", "Practitioner", "PaymentReconciliation", "PaymentNotice"):
        assert {"read", "search-type"} <= {i["code"] for i in types[kind]["interaction"]}
    assert {o["name"] for o in rest["operation"]} == {"submit", "inquire"}


def test_a_refused_prior_authorization_is_complete_with_the_advisers_reasons_coded(fhir):
    centre = machine(fhir.centre_key)
    pended = answer(post(centre, _preauthorization(fhir, ABOVE)))
    authorizations.authorization_decide(
        actor=fhir.world.adviser,
        request=AuthorizationRequest.objects.get(reference=pended.preAuthRef),
        kind="refused",
        reasons=["above_reference_price"],
    )

    refused = answer(centre.get(f"{FHIR}/ClaimResponse/{pended.id}"))

    assert refused.outcome == "complete" and refused.preAuthPeriod is None and not refused.addItem
    reason = refused.item[0].adjudication[0].reason.coding[0]
    assert (reason.system, reason.code) == (identifier_system("refusal-reason"), "above_reference_price")


def test_a_refusal_is_told_in_the_callers_language(fhir):
    body = consultation(fhir.family.registration_number, "INV-8")
    body["provider"] = {"reference": "Organization/HR-KIF"}

    arabic = issue(post(machine(fhir.centre_key, HTTP_ACCEPT_LANGUAGE="ar"), body), 400)
    french = issue(post(machine(fhir.centre_key, HTTP_ACCEPT_LANGUAGE="fr"), body), 400)

    assert arabic["diagnostics"] == "يجب أن تكون المؤسسة مؤسستكم: Organization/CS-001."
    assert french["diagnostics"] == "L'établissement doit être le vôtre : Organization/CS-001."


@pytest.mark.parametrize("who", ["member", "dependant"])
def test_the_answer_to_a_claim_just_billed_is_the_one_its_read_gives(fhir, who):
    # The answer of $submit is made from what the submission holds; a read makes it from the database.
    centre = machine(fhir.centre_key)
    number = fhir.family.registration_number
    patient = number if who == "member" else f"{number}-{fhir.child.pk}"

    submitted = post(centre, consultation(patient, f"INV-SAME-{who}"))
    assert submitted.status_code == 200, submitted.content
    read = centre.get(f"{FHIR}/ClaimResponse/{submitted.json()['id']}")

    assert submitted.json() == read.json()
    assert submitted.json()["patient"] == {"reference": f"Patient/{patient}"}
