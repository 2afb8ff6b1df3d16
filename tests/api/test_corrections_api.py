"""Corrections of the register through /api/v1/registry/: a payment voided, refunded or re-dated with a
reason, at once or after a second person's approval; and a merged record's number answering with the kept
record. Refusals name their field in the caller's language, the second of two people is told who acted
first (409), a retry under the same Idempotency-Key changes nothing."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.utils import timezone

from sanad.api.idempotency import HEADER, REPLAYED
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role
from sanad.funds.active import active_profile
from sanad.registry.models import Contribution, ContributionCorrection
from sanad.registry.services.merge import member_merge
from tests.api.claims_conftest import openapi_document
from tests.registry.test_certificate_family import DAY, family_enroll
from tests.registry.test_merge import pay, twin_enroll

REGISTRY = "/api/v1/registry"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _fund(settings, tmp_path):
    settings.SANAD_FUND = "cnass-mr"
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def officer(make_user):
    """Omar, enrollment officer: he corrects payments and approves the corrections others ask for."""
    return make_user("omar", Role.ENROLLMENT_OFFICER, first_name="Omar")


@pytest.fixture
def second_officer(make_user):
    return make_user("zeinabou", Role.ENROLLMENT_OFFICER, first_name="Zeinabou")


@pytest.fixture
def threshold(monkeypatch):
    """Set the profile's amount above which a second person approves a correction."""

    def set_to(amount: str) -> None:
        profile = active_profile()
        rules = dataclasses.replace(profile.contributions, void_approval_above=Decimal(amount))
        changed = dataclasses.replace(profile, contributions=rules)
        monkeypatch.setattr("sanad.registry.services.corrections.active_profile", lambda: changed)

    return set_to


@pytest.fixture
def payment(alice) -> Contribution:
    """The last payment of a family covered today."""
    member = family_enroll(actor=alice)
    return member.contributions.order_by("period_start").last()


def ask(client, receipt_number: str, body: dict, **headers):
    return client.post(
        f"{REGISTRY}/contributions/{receipt_number}/corrections", body, content_type=JSON, **headers
    )


def decide(client, correction_id: int, body: dict, **headers):
    return client.post(f"{REGISTRY}/corrections/{correction_id}/decision", body, content_type=JSON, **headers)


# ---- Asking for a correction ------------------------------------------------------------------------


def test_up_to_the_profiles_amount_a_void_applies_at_once(client, alice, payment, threshold):
    threshold("1000000")
    client.force_login(alice)

    response = ask(client, payment.receipt_number, {"kind": "void", "reason": "Saisi sur le mauvais dossier"})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["status"], body["applied"]) == ("void", "applied", True)
    assert body["message"].startswith("Paiement corrigé (Annuler (saisi par erreur))")
    assert body["contribution"]["receipt_number"] == payment.receipt_number
    assert (body["contribution"]["status"], body["replacement"]) == ("voided", None)
    assert Contribution.objects.get(pk=payment.pk).status == "voided"  # kept, never deleted


def test_above_the_profiles_amount_the_correction_waits_then_a_second_person_approves(
    client, alice, officer, payment, threshold
):
    threshold("0")
    client.force_login(alice)

    asked = ask(
        client,
        payment.receipt_number,
        {"kind": "refund", "reason": "Trop perçu", "refund_reference": "CHQ-77"},
    )
    client.force_login(officer)
    approved = decide(client, asked.json()["id"], {"decision": "approve", "note": "Vu le chèque"})

    assert asked.status_code == 201
    assert (asked.json()["status"], asked.json()["applied"], asked.json()["contribution"]["status"]) == (
        "pending",
        False,
        "recorded",
    )
    assert asked.json()["message"].startswith("La correction attend l'approbation d'une seconde personne")
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["status"], approved.json()["contribution"]["status"]) == ("applied", "refunded")
    assert approved.json()["decision_note"] == "Vu le chèque"


def test_a_payment_is_redated_with_its_replacement(client, alice, payment, threshold):
    threshold("1000000")
    client.force_login(alice)
    right_day = payment.paid_on - 2 * DAY

    response = ask(
        client,
        payment.receipt_number,
        {"kind": "redate", "reason": "Date mal saisie", "paid_on": right_day.isoformat()},
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["contribution"]["status"] == "replaced"
    assert body["replacement"]["receipt_number"] == f"{payment.receipt_number}-C1"
    assert (body["replacement"]["paid_on"], body["replacement"]["status"]) == (
        right_day.isoformat(),
        "recorded",
    )
    assert body["replacement"]["amount"] == body["contribution"]["amount"]


@pytest.mark.parametrize(
    ("language", "message"), [("fr", "Cette valeur est obligatoire."), ("ar", "هذه القيمة إلزامية.")]
)
def test_a_refund_without_its_reference_is_refused_in_the_callers_language(
    client, alice, payment, threshold, language, message
):
    threshold("1000000")
    client.force_login(alice)

    response = ask(
        client,
        payment.receipt_number,
        {"kind": "refund", "reason": "Trop perçu"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    assert response.json() == {"code": "required", "field": "refund_reference", "message": message}
    assert not ContributionCorrection.objects.exists()


def test_an_unknown_receipt_or_correction_is_404_naming_it(client, alice, officer, payment):
    client.force_login(alice)
    receipt = ask(client, "NO-SUCH-RECEIPT", {"kind": "void", "reason": "Erreur"})
    client.force_login(officer)
    correction = decide(client, 999999, {"decision": "approve"})

    assert (receipt.status_code, receipt.json()["code"], receipt.json()["field"]) == (
        404,
        "not_found",
        "receipt_number",
    )
    assert (correction.status_code, correction.json()["field"]) == (404, "correction_id")


# ---- Two people at once -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "start"),
    [("fr", "Ce paiement a déjà été corrigé par Alice le "), ("ar", "صحّح Alice هذا الدفع في ")],
)
def test_the_second_person_correcting_a_payment_is_told_who_corrected_it(
    client, alice, officer, payment, threshold, language, start
):
    threshold("1000000")
    client.force_login(alice)
    ask(client, payment.receipt_number, {"kind": "void", "reason": "Doublon"})
    client.force_login(officer)

    late = ask(
        client, payment.receipt_number, {"kind": "void", "reason": "Doublon"}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert late.status_code == 409
    assert (late.json()["code"], late.json()["field"]) == ("conflict", "kind")
    assert late.json()["message"].startswith(start)
    assert ContributionCorrection.objects.count() == 1


def test_a_correction_waiting_for_approval_names_who_asked(client, alice, officer, payment, threshold):
    threshold("0")
    client.force_login(alice)
    ask(client, payment.receipt_number, {"kind": "void", "reason": "Chèque impayé"})
    client.force_login(officer)

    late = ask(client, payment.receipt_number, {"kind": "void", "reason": "Chèque impayé"})

    assert (late.status_code, late.json()["field"]) == (409, "kind")
    assert late.json()["message"].startswith("Alice a déjà demandé le ")


def test_the_second_person_deciding_is_told_who_decided_first(
    client, alice, officer, second_officer, payment, threshold
):
    threshold("0")
    client.force_login(alice)
    asked = ask(client, payment.receipt_number, {"kind": "void", "reason": "Chèque impayé"}).json()
    client.force_login(officer)
    decide(client, asked["id"], {"decision": "refuse", "note": "Chèque encaissé"})
    client.force_login(second_officer)

    late = decide(client, asked["id"], {"decision": "approve"}, HTTP_ACCEPT_LANGUAGE="ar")

    assert late.status_code == 409
    assert (late.json()["code"], late.json()["field"]) == ("conflict", "decision")
    assert late.json()["message"].startswith("قرّر Omar في ")
    assert Contribution.objects.get(pk=payment.pk).status == "recorded"


# ---- Deciding ---------------------------------------------------------------------------------------


def test_a_refusal_needs_a_note_and_leaves_the_payment(client, alice, officer, payment, threshold):
    threshold("0")
    client.force_login(alice)
    asked = ask(client, payment.receipt_number, {"kind": "void", "reason": "Chèque impayé"}).json()
    client.force_login(officer)

    bare = decide(client, asked["id"], {"decision": "refuse"}, HTTP_ACCEPT_LANGUAGE="ar")
    refused = decide(client, asked["id"], {"decision": "refuse", "note": "Chèque encaissé"})

    assert bare.json() == {"code": "required", "field": "note", "message": "هذه القيمة إلزامية."}
    assert refused.status_code == 200
    assert (refused.json()["status"], refused.json()["contribution"]["status"]) == ("refused", "recorded")
    assert refused.json()["message"] == "Correction refusée : le paiement reste valable."


def test_the_person_who_asked_does_not_approve(client, officer, payment, threshold):
    threshold("0")
    client.force_login(officer)
    asked = ask(client, payment.receipt_number, {"kind": "void", "reason": "Chèque impayé"}).json()

    response = decide(client, asked["id"], {"decision": "approve"})

    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "field": "decision",
        "message": "Une seconde personne approuve une correction : c'est vous qui l'avez demandée.",
    }


def test_who_may_ask_and_who_may_decide(client, alice, make_user, payment, threshold):
    threshold("0")
    client.force_login(make_user("clinic", Role.FACILITY_STAFF))
    outsider = ask(client, payment.receipt_number, {"kind": "void", "reason": "Erreur"})
    client.force_login(alice)
    asked = ask(client, payment.receipt_number, {"kind": "void", "reason": "Erreur"}).json()
    own = decide(client, asked["id"], {"decision": "approve"})  # a counter agent does not approve

    assert (outsider.status_code, outsider.json()["code"]) == (403, "forbidden")
    assert (own.status_code, own.json()["code"]) == (403, "forbidden")
    assert ContributionCorrection.objects.get().status == "pending"


# ---- Idempotency-Key ---------------------------------------------------------------------------------


def test_a_correction_and_a_decision_sent_twice_under_one_key_are_made_once(
    client, alice, officer, payment, threshold
):
    threshold("0")
    client.force_login(alice)
    body = {"kind": "void", "reason": "Chèque impayé"}
    asked = [ask(client, payment.receipt_number, body, HTTP_IDEMPOTENCY_KEY="ask-1") for _ in "12"]
    client.force_login(officer)
    url_id = asked[0].json()["id"]
    decided = [decide(client, url_id, {"decision": "approve"}, HTTP_IDEMPOTENCY_KEY="ok-1") for _ in "12"]

    for first, again in (asked, decided):
        assert first.status_code == again.status_code
        assert again.json() == first.json() and again[REPLAYED] == "true"
    assert ContributionCorrection.objects.count() == 1
    assert AuditEvent.objects.filter(action="contribution_correct").count() == 1


# ---- A merged record --------------------------------------------------------------------------------


@pytest.fixture
def merged(alice, officer):
    """The same woman enrolled twice: the second record merged into the first (kept, covered today)."""
    kept = family_enroll(actor=alice)
    other = twin_enroll(actor=alice, on=timezone.localdate() - 400 * DAY)
    first_paid = kept.contributions.order_by("period_start").first().period_start
    pay(alice, other, period_start=first_paid - 3 * 365 * DAY)
    member_merge(actor=officer, kept_id=kept.pk, other_id=other.pk, reason="Doublon", on=timezone.localdate())
    return kept, other


def test_a_merged_number_looks_up_the_kept_record_and_says_so(client, alice, merged):
    kept, other = merged
    client.force_login(alice)

    answer = client.get(f"{REGISTRY}/members/{other.registration_number}")
    itself = client.get(f"{REGISTRY}/members/{kept.registration_number}").json()

    assert answer.status_code == 200
    body = answer.json()
    assert (body["registration_number"], body["merged_into"]) == (
        kept.registration_number,
        kept.registration_number,
    )
    assert {d["first_name"] for d in body["dependants"]} == {d["first_name"] for d in itself["dependants"]}
    assert "Mariem" in {d["first_name"] for d in body["dependants"]}  # the other record's child moved
    assert itself["merged_into"] is None


@pytest.mark.parametrize("who", ["alice", "clinic"])
def test_rights_on_a_merged_number_are_the_kept_records(client, alice, make_user, merged, who):
    kept, other = merged
    client.force_login(alice if who == "alice" else make_user("clinic", Role.FACILITY_STAFF))
    today = timezone.localdate().isoformat()

    answer = client.get(f"{REGISTRY}/members/{other.registration_number}/rights", {"on": today}).json()
    itself = client.get(f"{REGISTRY}/members/{kept.registration_number}/rights", {"on": today}).json()

    assert answer["covered"] is True and answer["covered"] == itself["covered"]
    assert answer["merged_into"] == kept.registration_number and "merged_into" not in itself
    assert answer["message"].startswith(f"Dossier fusionné dans {kept.registration_number}")


# ---- The OpenAPI document ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/contributions/{receipt_number}/corrections", "201"),
        ("/corrections/{correction_id}/decision", "200"),
    ],
)
def test_the_openapi_document_lists_each_correction_with_its_errors_and_key(client, db, path, status):
    document = openapi_document(client)

    operation = document["paths"][f"{REGISTRY}{path}"]["post"]

    assert {status, "400", "403", "404", "409", "422"} <= set(operation["responses"])
    assert HEADER in [p["name"] for p in operation["parameters"] if p["in"] == "header"]


def test_the_openapi_document_names_the_kept_record_of_a_merged_one(client, db):
    document = openapi_document(client)
    schemas = document["components"]["schemas"]

    assert "merged_into" in schemas["MemberOut"]["properties"]
    assert "merged_into" in schemas["RightsOut"]["properties"]
    assert schemas["ContributionOut"]["properties"]["status"]
    assert "404" in document["paths"][f"{REGISTRY}/members/{{registration_number}}"]["get"]["responses"]
