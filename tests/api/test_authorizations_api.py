"""/api/v1/authorizations/ for facilities' software (issue 17, §6): submit (JSON then the scans, or multipart
at once), status, papers, answer, decision document, the facility's list paged by key; scoped to the
caller's facility and idempotent under Idempotency-Key; errors name the request's own fields."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanad.api.models import IdempotentRequest
from sanad.authorizations import services
from sanad.authorizations.models import AuthorizationRequest
from sanad.common.permissions import Role
from tests.api.claims_conftest import openapi_document
from tests.authorizations import conftest as world
from tests.authorizations.conftest import STAY, submit

pytestmark = pytest.mark.django_db


# The world of the authorizations tests: a CNOPS clinic and its clerk, another clinic's, the fund's adviser.
@pytest.fixture(autouse=True)
def _fund(settings, tmp_path):
    settings.SANAD_FUND = "cnops-ma"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clerk(make_user):
    return world.staff_of(make_user, "samira", world.facility("CL-AMAL"))


@pytest.fixture
def other_clerk(make_user):
    return world.staff_of(make_user, "youssef", world.facility("CL-NOUR"))


@pytest.fixture
def adviser(make_user):
    return make_user("karim", Role.MEDICAL_ADVISER, first_name="Karim")


@pytest.fixture
def member(db):
    return world.family()


@pytest.fixture
def catalogue(db):
    world.catalogue_make()


API = "/api/v1/authorizations"
JSON = "application/json"
KEY = "Idempotency-Key"


def body(member, **extra) -> dict:
    return {
        "registration_number": member.registration_number,
        "request_type": "medical_stay",
        "admission": "medical_stay",
        "values": {**STAY, "expected_days": 5},
        **extra,
    }


def scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 a scanned page", content_type="application/pdf")


def post(client, url: str, data: dict, **headers):
    return client.post(f"{API}{url}", data, content_type=JSON, headers=headers)


def test_the_whole_path_from_the_request_to_the_decision_document(client, clerk, adviser, member, catalogue):
    client.force_login(clerk)
    created = post(client, "/requests", body(member))
    assert created.status_code == 201
    request = created.json()
    assert request["status"] == "returned" and request["due_at"] is None
    assert request["missing"] == ["request_form", "confidential_report"]
    held = {c["code"]: c["held_by_register"] for c in request["checklist"]}
    assert held["registration_card"] and held["member_identity"]  # not asked again
    reference = request["reference"]

    papers = {"document_request_form": scan("form.pdf"), "document_confidential_report": scan("pli.pdf")}
    completed = client.post(f"{API}/requests/{reference}/documents", papers)
    assert completed.status_code == 200
    assert completed.json()["status"] == "pending" and completed.json()["minutes_left"] > 0

    found = AuthorizationRequest.objects.get(reference=reference)
    services.authorization_decide(
        actor=adviser,
        request=found,
        kind="approved_with_reserve",
        conditions="Compte rendu exigé",
        items=[services.Item("act", "HOSP-MED", 5)],
        valid_from=datetime.date(2026, 3, 7),
    )
    decided = client.get(f"{API}/requests/{reference}").json()
    decision = decided["decision"]
    assert decided["status"] == "approved_with_reserve" and decided["status_label"] == "Accordé sous réserve"
    assert (decision["definitive"], decision["conditions"]) == (False, "Compte rendu exigé")
    assert (decision["valid_from"], decision["valid_to"]) == ("2026-03-07", "2026-04-05")
    assert decision["items"] == [
        {
            "kind": "act",
            "code": "HOSP-MED",
            "label": "Journée d'hospitalisation",
            "quantity": 5,
            "amount": None,
        }
    ]
    assert decision["counts_label"] == "jours" and decision["facility_code"] == "CL-AMAL"
    pdf = client.get(decided["decision_document"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")

    papers = client.get(f"{API}/requests/{reference}/documents").json()
    assert [d["code"] for d in papers["documents"]] == ["request_form"]
    assert papers["confidential_withheld"] == 1  # the medical report: advisers only


def test_a_multipart_request_with_its_scans_starts_its_clock_at_once(client, clerk, member, catalogue):
    client.force_login(clerk)
    response = client.post(
        f"{API}/requests",
        {
            "request": json.dumps(body(member)),
            "document_request_form": scan("form.pdf"),
            "document_confidential_report": scan("pli.pdf"),
        },
    )

    assert response.status_code == 201
    assert response.json()["status"] == "pending" and response.json()["missing"] == []
    assert response.json()["due_at"] is not None


def test_a_retry_under_the_same_key_returns_the_first_request_and_writes_nothing(
    client, clerk, member, catalogue
):
    client.force_login(clerk)
    first = post(client, "/requests", body(member), **{KEY: "his-42"})
    again = post(client, "/requests", body(member), **{KEY: "his-42"})

    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["reference"] == first.json()["reference"]
    assert AuthorizationRequest.objects.count() == 1
    other = post(client, "/requests", body(member, admission="surgery"), **{KEY: "his-42"})
    assert other.status_code == 422 and other.json()["field"] == KEY

    # Past the day the middleware keeps answers, the request itself still knows its key.
    IdempotentRequest.objects.all().delete()
    later = post(client, "/requests", body(member), **{KEY: "his-42"})
    assert later.status_code == 201 and later.json()["reference"] == first.json()["reference"]
    assert AuthorizationRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        ({"request_type": "nope"}, 400, "invalid", "request_type"),
        ({"admission": "surgery"}, 400, "invalid", "admission"),
        ({"values": {**STAY, "expected_days": "500"}}, 400, "invalid", "values.expected_days"),
        ({"values": {**STAY, "diagnosis": ""}}, 400, "required", "values.diagnosis"),
        ({"registration_number": "CNO99999999999"}, 404, "not_found", "registration_number"),
        ({"registration_number": None}, 400, "invalid", "registration_number"),
        ({"dependant_id": 999999}, 404, "not_found", "dependant_id"),
    ],
)
def test_an_error_names_the_requests_own_field(client, clerk, member, catalogue, change, status, code, field):
    client.force_login(clerk)

    response = post(client, "/requests", {**body(member), **change})

    assert response.status_code == status, response.json()
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert response.json()["message"]


def test_a_facility_sees_only_its_own_requests_and_the_funds_staff_use_the_pages(
    client, clerk, other_clerk, adviser, member, catalogue
):
    mine = [submit(clerk, member, "medical_stay", "medical_stay", STAY) for _ in range(3)]
    theirs = submit(other_clerk, member, "medical_stay", "medical_stay", STAY)

    client.force_login(clerk)
    page = client.get(f"{API}/requests", {"size": 2}).json()
    assert [r["reference"] for r in page["items"]] == [mine[2].reference, mine[1].reference]
    rest = client.get(f"{API}/requests", {"size": 2, "after": page["next_after"]}).json()
    assert [r["reference"] for r in rest["items"]] == [mine[0].reference] and rest["next_after"] is None
    assert client.get(f"{API}/requests/{theirs.reference}").status_code == 404
    assert client.get(f"{API}/requests/{theirs.reference}/decision.pdf").status_code == 404

    client.force_login(adviser)
    assert client.get(f"{API}/requests").status_code == 403


def test_the_facility_answers_the_advisers_question(client, clerk, adviser, member, catalogue):
    request = submit(
        clerk, member, "medical_stay", "medical_stay", STAY, ("request_form", "confidential_report")
    )
    services.authorization_information_request(actor=adviser, request=request, question="Le bilan ?")
    client.force_login(clerk)

    asked = client.get(f"{API}/requests/{request.reference}").json()
    assert asked["status"] == "information_requested" and asked["questions"][0]["question"] == "Le bilan ?"
    assert asked["minutes_left"] is None
    answered = post(client, f"/requests/{request.reference}/answer", {"answer": "Joint au dossier."})
    assert answered.status_code == 200 and answered.json()["status"] == "pending"
    pdf = client.get(f"{API}/requests/{request.reference}/decision.pdf")
    assert pdf.status_code == 409 and pdf.json()["code"] == "conflict"


def test_the_facility_appeals_a_refusal_once_through_the_api(client, clerk, adviser, member, catalogue):
    request = submit(
        clerk, member, "medical_stay", "medical_stay", STAY, ("request_form", "confidential_report")
    )
    services.authorization_decide(actor=adviser, request=request, kind="refused", reasons=["not_justified"])
    client.force_login(clerk)

    url = f"/requests/{request.reference}/appeal"
    appealed = post(client, url, {"reason": "Le bilan joint le justifie."})
    again = post(client, url, {"reason": "Encore."})
    empty = post(client, url, {"reason": ""})

    assert appealed.status_code == 200
    answer = appealed.json()
    assert answer["status"] == "under_appeal" and answer["status_label"] == "En recours"
    assert answer["appeal"]["reason"] == "Le bilan joint le justifie." and not answer["appeal"]["answered"]
    assert answer["appeal"]["due_at"] is not None and answer["decision"]["on_appeal"] is False
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert empty.status_code == 400 and empty.json()["field"] == "reason"


def test_the_types_are_those_the_facility_may_ask_with_their_forms(client, clerk):
    client.force_login(clerk)

    types = {t["code"]: t for t in client.get(f"{API}/types").json()}

    assert "pharmacy_drug" not in types  # pharmacies ask their own
    stay = types["medical_stay"]
    assert stay["admissions"] == ["medical_stay"] and stay["counts"] == "days"
    days = next(f for f in stay["fields"] if f["code"] == "expected_days")
    assert (days["type"], days["minimum"], days["maximum"]) == ("integer", "1", "90")


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/types", "get"),
        ("/requests", "get"),
        ("/requests", "post"),
        ("/requests/{reference}", "get"),
        ("/requests/{reference}/documents", "get"),
        ("/requests/{reference}/documents", "post"),
        ("/requests/{reference}/answer", "post"),
        ("/requests/{reference}/appeal", "post"),
        ("/requests/{reference}/decision.pdf", "get"),
    ],
)
def test_the_openapi_document_lists_every_authorizations_endpoint(client, path, method):
    paths = openapi_document(client)["paths"]

    assert method in paths[f"{API}{path}"]
    if method == "post":
        headers = [p["name"] for p in paths[f"{API}{path}"][method].get("parameters", [])]
        assert KEY in headers  # every write takes an Idempotency-Key
