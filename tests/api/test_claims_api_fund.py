"""/api/v1/claims/ for the fund's staff: the checker's decisions (requests for documents, medical review,
validation, rejection), the medical adviser's review line by line, and complaints; each refused to the
wrong role (403), twice (409) or with a field at fault (400)."""

from __future__ import annotations

import pytest

from sanad.claims.models import FileDecision
from tests.api.claims_conftest import (
    API,
    OVER_REVIEW_LIMIT,
    received_file,
    scan,
)

JSON = "application/json"

pytestmark = pytest.mark.usefixtures("claims_world_rules")


def post(client, url: str, body: dict | None = None):
    return client.post(f"{API}{url}", body or {}, content_type=JSON)


def test_the_checker_asks_for_the_invoice_and_validates_once_it_is_answered(client, world):
    file_id = received_file(client, world.clerk, world.checker, world.member, "F-1", papers=())
    assert client.get(f"{API}/billing-files/{file_id}").json()["status"] == "admin_check"

    asked = post(
        client, f"/billing-files/{file_id}/info-requests", {"documents": ["invoice"], "message": "?"}
    )
    client.force_login(world.clerk)
    seen = client.get(f"{API}/billing-files/{file_id}").json()
    answer = client.post(
        f"{API}/billing-files/{file_id}/info-requests/{asked.json()['id']}/answer",
        {"answer": "Here it is.", "kind": "invoice", "scan": scan()},
    )
    client.force_login(world.checker)
    validated = post(client, f"/billing-files/{file_id}/validate", {"note": "Invoice received."})

    assert asked.status_code == 201 and asked.json()["documents"] == ["invoice"]
    assert seen["decision"] is None  # the engine's routing is the fund's business until decided
    assert [r["id"] for r in seen["info_requests"]] == [asked.json()["id"]]
    assert answer.status_code == 200 and answer.json()["answer"] == "Here it is."
    assert validated.status_code == 200
    body = validated.json()
    assert body["status"] == "validated" and "invoice" in body["documents_present"]
    assert (body["decision"]["source"], body["decision"]["note"]) == ("checker", "Invoice received.")
    assert body["decision"]["fund_share"] == "900.00"


def test_a_request_for_nothing_is_a_400(client, world):
    file_id = received_file(client, world.clerk, world.checker, world.member, "F-1", papers=())

    empty = post(client, f"/billing-files/{file_id}/info-requests", {"documents": [], "message": ""})
    unknown = post(client, f"/billing-files/{file_id}/info-requests", {"documents": ["passport"]})

    assert (empty.status_code, empty.json()["field"]) == (400, "documents")
    assert (unknown.status_code, unknown.json()["field"]) == (400, "documents[0]")


def test_deciding_a_file_twice_is_409(client, world):
    file_id = received_file(client, world.clerk, world.checker, world.member, "F-1", papers=())
    post(client, f"/billing-files/{file_id}/validate")

    again = post(client, f"/billing-files/{file_id}/reject", {"reason": "documents_missing"})

    assert (again.status_code, again.json()["code"]) == (409, "illegal_transition")
    assert FileDecision.objects.filter(billing_file_id=file_id, source="checker").count() == 1


def test_a_rejection_needs_a_reason_of_the_list_and_other_needs_a_note(client, world):
    file_id = received_file(client, world.clerk, world.checker, world.member, "F-1", papers=())

    unknown = post(client, f"/billing-files/{file_id}/reject", {"reason": "bad_mood"})
    other = post(client, f"/billing-files/{file_id}/reject", {"reason": "other"})
    rejected = post(client, f"/billing-files/{file_id}/reject", {"reason": "documents_missing"})

    assert (unknown.status_code, unknown.json()["field"]) == (400, "reason")
    assert (other.status_code, other.json()["field"]) == (400, "note")
    assert rejected.json()["status"] == "rejected"
    [line] = rejected.json()["decision"]["lines"]
    assert line["fund_share"] == "0.00" and line["patient_share"] == "1000.00"
    review = [f for f in line["findings"] if f["by"] == "review"]
    assert [(f["code"], f["params"]["reason"]) for f in review] == [("review_rejected", "documents_missing")]


def test_the_checker_passes_a_file_to_the_medical_review(client, world):
    file_id = received_file(client, world.clerk, world.checker, world.member, "F-1", papers=())

    moved = post(client, f"/billing-files/{file_id}/medical-review", {"note": "Doubtful"})
    validate = post(client, f"/billing-files/{file_id}/validate")

    assert moved.status_code == 200 and moved.json()["status"] == "medical_review"
    # The file now stands in the world.adviser's queue: the world.checker does not work it.
    assert (validate.status_code, validate.json()["code"]) == (403, "forbidden")


def test_the_adviser_reduces_a_line_with_a_reason(client, world):
    file_id = received_file(
        client, world.clerk, world.checker, world.member, "F-1", billed=str(OVER_REVIEW_LIMIT)
    )
    client.force_login(world.adviser)
    record = client.get(f"{API}/billing-files/{file_id}").json()
    [line] = record["decision"]["lines"]
    assert record["status"] == "medical_review"

    verdict = {"line_id": line["line_id"], "verdict": "reduce", "reason": "quantity_excessive"}
    no_amount = post(client, f"/billing-files/{file_id}/review", {"lines": [verdict]})
    too_much = post(
        client, f"/billing-files/{file_id}/review", {"lines": [verdict | {"fund_share": "900.00"}]}
    )
    no_verdict = post(client, f"/billing-files/{file_id}/review", {"lines": []})
    reduced = post(
        client, f"/billing-files/{file_id}/review", {"lines": [verdict | {"fund_share": "500.00"}]}
    )

    assert (no_amount.status_code, no_amount.json()["field"]) == (400, "lines[0].fund_share")
    assert (too_much.status_code, too_much.json()["field"]) == (400, "lines[0].fund_share")
    assert (no_verdict.status_code, no_verdict.json()["field"]) == (400, "lines")
    assert reduced.status_code == 200, reduced.json()
    decision = reduced.json()["decision"]
    assert reduced.json()["status"] == "validated" and decision["source"] == "adviser"
    [outcome] = decision["lines"]
    assert (outcome["status"], outcome["fund_share"], outcome["patient_share"]) == (
        "reduced",
        "500.00",
        "24500.00",
    )
    assert [f["code"] for f in outcome["findings"] if f["by"] == "review"] == ["review_reduced"]


def test_only_the_medical_adviser_reviews_line_by_line(client, world):
    file_id = received_file(
        client, world.clerk, world.checker, world.member, "F-1", billed=str(OVER_REVIEW_LIMIT)
    )
    line_id = client.get(f"{API}/billing-files/{file_id}").json()["decision"]["lines"][0]["line_id"]

    response = post(
        client, f"/billing-files/{file_id}/review", {"lines": [{"line_id": line_id, "verdict": "accept"}]}
    )

    assert response.status_code == 403


# ---- Complaints -------------------------------------------------------------------------------------


def test_a_regional_office_registers_a_facilitys_complaint_on_a_decision(client, world, alice):
    file_id = received_file(client, world.clerk, world.checker, world.member, "F-1", papers=())
    post(client, f"/billing-files/{file_id}/reject", {"reason": "documents_missing"})
    client.force_login(alice)
    body = {
        "complainant": "facility",
        "region": "MR-12",
        "subject": "The invoice was in the batch.",
        "billing_file_id": file_id,
        "on_decision": True,
    }

    registered = post(client, "/complaints", body)
    complaint_id = registered.json()["id"]
    client.force_login(world.clerk)
    own = client.get(f"{API}/complaints/{complaint_id}")
    client.force_login(world.other_clerk)
    hidden = client.get(f"{API}/complaints/{complaint_id}")

    assert registered.status_code == 201
    complaint = registered.json()
    assert (complaint["status"], complaint["facility_code"], complaint["billing_file_id"]) == (
        "open",
        "CS-001",
        file_id,
    )
    assert complaint["number"].startswith("RC-MR-12-") and complaint["due_on"] >= complaint["received_on"]
    assert own.status_code == 200 and own.json()["number"] == complaint["number"]
    assert hidden.status_code == 404


def test_complaint_errors_name_the_requests_fields(client, world, alice):
    client.force_login(alice)
    base = {"complainant": "insured", "region": "MR-12", "subject": "Refund?"}

    no_member = post(client, "/complaints", base)
    unknown_facility = post(client, "/complaints", base | {"complainant": "facility", "facility_code": "ZZ"})
    region = post(
        client,
        "/complaints",
        base | {"region": "XX", "registration_number": world.member.registration_number},
    )
    client.force_login(world.clerk)
    wrong_role = post(client, "/complaints", base | {"registration_number": world.member.registration_number})

    assert (no_member.status_code, no_member.json()["field"]) == (400, "registration_number")
    assert (unknown_facility.status_code, unknown_facility.json()["field"]) == (404, "facility_code")
    assert (region.status_code, region.json()["field"]) == (400, "region")
    assert wrong_role.status_code == 403


def test_a_regional_office_answers_a_complaint_and_upholding_it_decides_the_file_again(client, world, alice):
    file_id = received_file(client, world.clerk, world.checker, world.member, "F-1", papers=())
    post(client, f"/billing-files/{file_id}/reject", {"reason": "documents_missing"})
    decisions_before = FileDecision.objects.filter(billing_file_id=file_id).count()
    client.force_login(alice)
    body = {
        "complainant": "facility",
        "region": "MR-12",
        "subject": "Papers sent.",
        "billing_file_id": file_id,
    }
    complaint_id = post(client, "/complaints", body).json()["id"]

    client.force_login(world.clerk)
    refused = post(client, f"/complaints/{complaint_id}/answer", {"answer": "Yes", "uphold": True})
    client.force_login(alice)
    answered = post(
        client, f"/complaints/{complaint_id}/answer", {"answer": "Decided again.", "uphold": True}
    )
    again = post(client, f"/complaints/{complaint_id}/answer", {"answer": "Twice", "uphold": False})
    missing = post(client, "/complaints/999999/answer", {"answer": "?", "uphold": False})

    assert refused.status_code == 403
    assert answered.status_code == 200
    assert (answered.json()["status"], answered.json()["answer"]) == ("answered", "Decided again.")
    assert FileDecision.objects.filter(billing_file_id=file_id).count() == decisions_before + 1
    assert again.status_code == 409 and again.json()["field"] == "answer"
    assert missing.status_code == 404 and missing.json()["field"] == "complaint_id"
