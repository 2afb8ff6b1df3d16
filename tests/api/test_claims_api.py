"""/api/v1/claims/ for facilities' software: the whole path through the API, each error's mapping (400
naming the field, 403 for a wrong role, 404 for another facility's papers, 409 for duplicates and illegal
transitions), money as strings, and a facility never seeing another's files."""

from __future__ import annotations

import re

import pytest

from sanad.claims.models import BillingFile
from tests.api.claims_conftest import (
    API,
    IMMEDIATE,
    TODAY,
    billed_file,
    openapi_document,
    received_file,
    scan,
    sheet_body,
    submitted_batch,
)
from tests.claims.desk.conftest import AROUND_TODAY, family

MONEY = re.compile(r"^\d+\.\d{2}$")
JSON = "application/json"

pytestmark = pytest.mark.usefixtures("claims_world_rules")


def post(client, url: str, body: dict | None = None):
    return client.post(f"{API}{url}", body or {}, content_type=JSON)


def test_the_whole_path_from_the_care_sheet_to_the_decision(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client.force_login(world.clerk)
    sheet = post(client, "/care-sheets", sheet_body(world.member))
    assert sheet.status_code == 201
    assert sheet.json()["billed"] == "1000.00" and sheet.json()["lines"][0]["line_no"] == 1
    created = post(client, "/billing-files", {"care_sheet_id": sheet.json()["id"], "invoice_number": "F-1"})
    assert created.status_code == 201
    draft = created.json()
    assert draft["status"] == "draft" and draft["decision"] is None
    shares = (draft["preview_fund_share"], draft["preview_patient_share"])
    assert all(MONEY.match(share) for share in shares)
    upload = client.post(f"{API}/billing-files/{draft['id']}/documents", {"kind": "invoice", "scan": scan()})
    assert upload.status_code == 201 and upload.json()["kind"] == "invoice"
    batch = submitted_batch(client, [draft["id"]])
    assert (batch["status"], batch["count"], batch["billed"]) == ("submitted", 1, "1000.00")
    slip = client.get(f"{API}/batches/{batch['id']}/slip.pdf")
    assert slip.status_code == 200 and slip.content.startswith(b"%PDF-")

    client.force_login(world.checker)
    # The receipt starts the engine in the background once committed (here: at once).
    with django_capture_on_commit_callbacks(execute=True):
        received = post(client, f"/batches/{batch['id']}/receive", {"received_on": TODAY.isoformat()})
    assert received.status_code == 200 and received.json()["receipt_number"]
    receipt = client.get(f"{API}/batches/{batch['id']}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF-")

    client.force_login(world.clerk)
    decided = client.get(f"{API}/billing-files/{draft['id']}").json()
    assert (decided["status"], decided["received_on"]) == ("validated", TODAY.isoformat())
    decision = decided["decision"]
    assert decision["source"] == "engine" and decision["status"] == "accepted"
    assert (decision["billed"], decision["fund_share"], decision["patient_share"]) == (
        "1000.00",
        "900.00",
        "100.00",
    )
    [line] = decision["lines"]
    assert line["line_no"] == 1 and line["code"] == "CON-C"
    amounts = ("billed", "tariff", "base", "fund_share", "patient_share", "penalty")
    assert all(isinstance(line[name], str) and MONEY.match(line[name]) for name in amounts)
    assert all({"code", "rule", "params", "text"} <= set(finding) for finding in line["findings"])


def test_a_rejected_line_carries_its_reason_in_the_requests_language(client, world):
    client.force_login(world.clerk)
    file_id = received_file(client, world.clerk, world.checker, family(covered=None), "F-NC")

    french = client.get(f"{API}/billing-files/{file_id}").json()
    english = client.get(f"{API}/billing-files/{file_id}", HTTP_ACCEPT_LANGUAGE="en").json()

    assert french["status"] == "rejected"
    [line] = french["decision"]["lines"]
    assert (line["status"], line["fund_share"], line["patient_share"]) == ("rejected", "0.00", "1000.00")
    [finding] = line["findings"]
    assert (finding["code"], finding["rule"], finding["params"]) == (
        "no_rights",
        "rights",
        {"date": TODAY.isoformat()},
    )
    [in_english] = english["decision"]["lines"][0]["findings"]
    assert in_english["text"] == f"No open rights on {TODAY:%m/%d/%Y}."
    assert finding["text"] != in_english["text"]


# ---- 400: the field and the rule ------------------------------------------------------------------


def test_a_line_breaking_a_rule_is_a_400_naming_the_line_and_the_field(client, world):
    client.force_login(world.clerk)
    body = sheet_body(world.member)
    body["lines"].append(body["lines"][0] | {"code": "NOPE-1"})

    response = post(client, "/care-sheets", body)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and response.json()["field"] == "lines[1].code"
    assert response.json()["message"]


def test_a_field_the_schema_refuses_is_a_400_naming_it(client, world):
    client.force_login(world.clerk)
    body = sheet_body(world.member)
    del body["lines"][0]["billed"]

    missing = post(client, "/care-sheets", body)
    wrong = post(client, "/care-sheets", sheet_body(world.member, care_type="teleconsultation"))
    cents = sheet_body(world.member, billed="10.005")

    assert missing.status_code == 400
    assert missing.json() | {"message": ""} == {"code": "required", "field": "lines[0].billed", "message": ""}
    assert (wrong.status_code, wrong.json()["field"]) == (400, "care_type")
    assert post(client, "/care-sheets", cents).json()["field"] == "lines[0].billed"


def test_sheet_rules_name_the_requests_fields(client, world):
    client.force_login(world.clerk)
    bad_number = world.member.registration_number[:-1] + str(
        (int(world.member.registration_number[-1]) + 1) % 10
    )

    diagnosis = post(client, "/care-sheets", sheet_body(world.member, diagnosis="XYZ"))
    stay = post(client, "/care-sheets", sheet_body(world.member, care_type="inpatient"))
    number = post(client, "/care-sheets", sheet_body(world.member, registration_number=bad_number))
    referral = post(client, "/care-sheets", sheet_body(world.member, referral_out={"level": "health_post"}))

    assert (diagnosis.status_code, diagnosis.json()["field"]) == (400, "diagnosis")
    assert (stay.status_code, stay.json()["field"]) == (400, "admission_date")
    assert (number.status_code, number.json()["field"]) == (400, "registration_number")
    assert (referral.status_code, referral.json()["field"]) == (400, "referral_out.level")


def test_a_sheet_for_a_dependant_names_the_member_and_the_dependant(client, world):
    child = family(covered=AROUND_TODAY, dependants=[{"relationship": "child", "birth_date": TODAY}])
    dependant = child.dependants.get()
    client.force_login(world.clerk)

    response = post(client, "/care-sheets", sheet_body(child, dependant_id=dependant.pk))

    assert response.status_code == 201
    assert (response.json()["registration_number"], response.json()["dependant_id"]) == (
        child.registration_number,
        dependant.pk,
    )


def test_a_dependant_of_another_family_is_404(client, world):
    stranger = family(covered=AROUND_TODAY, dependants=[{"relationship": "spouse", "birth_date": TODAY}])
    client.force_login(world.clerk)

    response = post(
        client, "/care-sheets", sheet_body(world.member, dependant_id=stranger.dependants.get().pk)
    )

    assert (response.status_code, response.json()["field"]) == (404, "dependant_id")


def test_a_scan_that_is_not_a_pdf_or_an_image_is_a_400(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1", papers=())
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("invoice.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(f"{API}/billing-files/{draft['id']}/documents", {"kind": "invoice", "scan": fake})
    no_scan = client.post(f"{API}/billing-files/{draft['id']}/documents", {"kind": "invoice"})
    bad_kind = client.post(f"{API}/billing-files/{draft['id']}/documents", {"kind": "selfie", "scan": scan()})

    assert (response.status_code, response.json()["field"]) == (400, "scan")
    assert (no_scan.status_code, no_scan.json()["code"], no_scan.json()["field"]) == (400, "required", "scan")
    assert (bad_kind.status_code, bad_kind.json()["field"]) == (400, "kind")


# ---- 409: duplicates and illegal transitions ------------------------------------------------------


def test_a_duplicate_invoice_number_is_409(client, world):
    client.force_login(world.clerk)
    billed_file(client, world.member, "F-1")
    second = post(client, "/care-sheets", sheet_body(family(covered=AROUND_TODAY)))

    response = post(client, "/billing-files", {"care_sheet_id": second.json()["id"], "invoice_number": "F-1"})

    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and response.json()["field"] == "invoice_number"
    assert BillingFile.objects.count() == 1


def test_a_sheet_is_billed_once_409(client, world):
    client.force_login(world.clerk)
    first = billed_file(client, world.member, "F-1")

    again = post(
        client, "/billing-files", {"care_sheet_id": first["care_sheet"]["id"], "invoice_number": "F-2"}
    )

    assert (again.status_code, again.json()["field"]) == (409, "care_sheet_id")


def test_submitting_or_receiving_a_batch_twice_is_409(client, world):
    client.force_login(world.clerk)
    batch = submitted_batch(client, [billed_file(client, world.member, "F-1")["id"]])

    again = post(client, f"/batches/{batch['id']}/submit")
    client.force_login(world.checker)
    post(client, f"/batches/{batch['id']}/receive")
    twice = post(client, f"/batches/{batch['id']}/receive")

    assert (again.status_code, again.json()["code"]) == (409, "illegal_transition")
    assert (twice.status_code, twice.json()["code"]) == (409, "conflict")


def test_the_receipt_is_404_before_the_batch_is_received(client, world):
    client.force_login(world.clerk)
    batch = submitted_batch(client, [billed_file(client, world.member, "F-1")["id"]])

    assert client.get(f"{API}/batches/{batch['id']}/receipt.pdf").status_code == 404


# ---- Who sees what ----------------------------------------------------------------------------------


def test_another_facilitys_papers_are_404(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    batch = client.post(f"{API}/batches", {"group": "outpatient"}, content_type=JSON).json()
    sheet_id = draft["care_sheet"]["id"]
    client.force_login(world.other_clerk)

    assert client.get(f"{API}/billing-files/{draft['id']}").status_code == 404
    assert client.get(f"{API}/care-sheets/{sheet_id}").status_code == 404
    assert client.get(f"{API}/batches/{batch['id']}").status_code == 404
    assert client.get(f"{API}/batches/{batch['id']}/slip.pdf").status_code == 404
    upload = client.post(f"{API}/billing-files/{draft['id']}/documents", {"kind": "invoice", "scan": scan()})
    assert upload.status_code == 404
    bill = post(client, "/billing-files", {"care_sheet_id": sheet_id, "invoice_number": "X-1"})
    assert (bill.status_code, bill.json()["field"]) == (404, "care_sheet_id")
    own = client.post(f"{API}/batches", {"group": "outpatient"}, content_type=JSON).json()
    steal = post(client, f"/batches/{own['id']}/files", {"file_ids": [draft["id"]]})
    assert (steal.status_code, steal.json()["field"]) == (404, "file_ids")
    assert post(client, f"/batches/{batch['id']}/submit").status_code == 404


def test_a_facility_lists_only_its_own_files_by_key(client, world):
    client.force_login(world.other_clerk)
    hers = billed_file(client, family(covered=AROUND_TODAY), "H-1")
    client.force_login(world.clerk)
    mine = [billed_file(client, family(covered=AROUND_TODAY), f"F-{n}")["id"] for n in range(3)]

    first = client.get(f"{API}/billing-files?size=2").json()
    second = client.get(f"{API}/billing-files?size=2&after={first['next_after']}").json()
    drafts = client.get(f"{API}/billing-files?status=draft").json()

    seen = [item["id"] for item in first["items"] + second["items"]]
    assert seen == mine[::-1] and hers["id"] not in seen
    assert second["next_after"] is None
    assert {item["facility_code"] for item in drafts["items"]} == {"CS-001"}
    assert MONEY.match(first["items"][0]["preview_fund_share"])


def test_fund_staff_list_a_queue_by_facility(client, world):
    client.force_login(world.clerk)
    batch = submitted_batch(client, [billed_file(client, world.member, "F-1")["id"]])
    client.force_login(world.checker)
    post(client, f"/batches/{batch['id']}/receive")

    received = client.get(f"{API}/billing-files?status=received&facility=CS-001").json()
    none = client.get(f"{API}/billing-files?status=received&facility=HR-KIF").json()
    unknown = client.get(f"{API}/billing-files?status=received&facility=ZZ-000")
    no_status = client.get(f"{API}/billing-files")
    drafts = client.get(f"{API}/billing-files?status=draft")

    assert [item["invoice_number"] for item in received["items"]] == ["F-1"]
    assert none == {"items": [], "next_after": None}
    assert (unknown.status_code, unknown.json()["field"]) == (404, "facility")
    assert (no_status.status_code, no_status.json()["field"]) == (400, "status")
    assert (drafts.status_code, drafts.json()["field"]) == (400, "status")


def test_a_wrong_role_is_403(client, world, make_user):
    from sanad.common.permissions import Role

    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    batch = submitted_batch(client, [draft["id"]])

    assert post(client, f"/batches/{batch['id']}/receive").status_code == 403
    assert post(client, f"/billing-files/{draft['id']}/validate").status_code == 403
    client.force_login(world.checker)
    assert post(client, "/care-sheets", sheet_body(world.member)).status_code == 403
    assert post(client, "/batches", {"group": "outpatient"}).status_code == 403
    client.force_login(make_user("aicha", Role.INSURED))
    assert client.get(f"{API}/billing-files").status_code == 403


def test_anonymous_callers_are_refused(client, db):
    assert client.get(f"{API}/billing-files").status_code == 401


def test_the_confidential_envelope_is_listed_for_medical_advisers_only(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1", papers=("invoice", "medical_envelope"))

    own = client.get(f"{API}/billing-files/{draft['id']}").json()
    client.force_login(world.checker)
    checked = client.get(f"{API}/billing-files/{draft['id']}").json()
    client.force_login(world.adviser)
    reviewed = client.get(f"{API}/billing-files/{draft['id']}").json()

    assert [d["kind"] for d in own["documents"]] == ["invoice"] and own["confidential_withheld"] == 1
    assert checked["confidential_withheld"] == 1
    assert {d["kind"] for d in reviewed["documents"]} == {"invoice", "medical_envelope"}
    assert reviewed["confidential_withheld"] == 0


# ---- The OpenAPI document ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/care-sheets", "post"),
        ("/billing-files", "post"),
        ("/billing-files", "get"),
        ("/billing-files/{file_id}", "get"),
        ("/billing-files/{file_id}/documents", "post"),
        ("/billing-files/{file_id}/validate", "post"),
        ("/billing-files/{file_id}/reject", "post"),
        ("/billing-files/{file_id}/medical-review", "post"),
        ("/billing-files/{file_id}/info-requests", "post"),
        ("/billing-files/{file_id}/review", "post"),
        ("/batches", "post"),
        ("/batches/{batch_id}/files", "post"),
        ("/batches/{batch_id}/files/{file_id}", "delete"),
        ("/batches/{batch_id}/submit", "post"),
        ("/batches/{batch_id}/receive", "post"),
        ("/batches/{batch_id}/slip.pdf", "get"),
        ("/batches/{batch_id}/receipt.pdf", "get"),
        ("/complaints", "post"),
        ("/complaints/{complaint_id}", "get"),
    ],
)
def test_the_openapi_document_lists_every_claims_endpoint(client, db, path, method):
    document = openapi_document(client)

    operation = document["paths"][f"{API}{path}"][method]

    assert "400" in operation["responses"] and "404" in operation["responses"]


def test_money_is_a_string_in_the_openapi_document(client, db):
    schemas = openapi_document(client)["components"]["schemas"]

    assert schemas["DecisionOut"]["properties"]["fund_share"]["type"] == "string"
    assert schemas["BillingFileOut"]["properties"]["billed"]["pattern"] == r"^-?\d+\.\d{2}$"
