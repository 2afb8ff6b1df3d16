"""Corrections at the desk through /api/v1/claims/: a care sheet and its draft billing file are corrected or
cancelled until the file is submitted, a submitted batch is recalled until the fund receives it; refusals
name their field in the caller's language, another facility's papers are 404, the second of two people is
told who acted first (409), and a retry under the same Idempotency-Key changes nothing."""

from __future__ import annotations

import pytest

from sanad.api.idempotency import HEADER, REPLAYED
from sanad.claims.models import BillingFile, CareSheet
from sanad.common.models import AuditEvent
from tests.api.claims_conftest import API, billed_file, openapi_document, sheet_body, submitted_batch
from tests.claims.desk.conftest import AROUND_TODAY, family, staff_of

JSON = "application/json"

pytestmark = pytest.mark.usefixtures("claims_world_rules")


@pytest.fixture
def colleague(world, make_user):
    """Aïcha keeps the same desk as Salka."""
    return staff_of(make_user, "aicha", world.centre)


def correction(member, *, version: int | None = 1, **fields) -> dict:
    """The sheet as it should read: the consultation billed 800 and another diagnosis."""
    body = sheet_body(member, billed="800.00", **{"diagnosis": "E11.9", **fields})
    del body["registration_number"]
    return body | {"version": version}


def put(client, url: str, body: dict, **headers):
    return client.put(f"{API}{url}", body, content_type=JSON, **headers)


def post(client, url: str, body: dict | None = None, **headers):
    return client.post(f"{API}{url}", body or {}, content_type=JSON, **headers)


def patch(client, url: str, body: dict, **headers):
    return client.patch(f"{API}{url}", body, content_type=JSON, **headers)


# ---- Correct and cancel a care sheet ----------------------------------------------------------------


def test_a_care_sheet_is_corrected_whole_with_its_drafts_preview_again(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    sheet_id = draft["care_sheet"]["id"]
    assert (draft["care_sheet"]["version"], draft["preview_fund_share"]) == (1, "900.00")

    response = put(client, f"/care-sheets/{sheet_id}", correction(world.member))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["version"], body["diagnosis"], body["billed"]) == (
        "open",
        2,
        "E11.9",
        "800.00",
    )
    assert body["registration_number"] == world.member.registration_number
    # CNASS pays 90 % of outpatient care in the public sector: 720 of 800.
    assert client.get(f"{API}/billing-files/{draft['id']}").json()["preview_fund_share"] == "720.00"
    assert AuditEvent.objects.filter(action="care_sheet_edit", actor=world.clerk).count() == 1


def test_a_correction_breaking_a_rule_is_a_400_naming_the_line_and_changes_nothing(client, world):
    client.force_login(world.clerk)
    sheet = post(client, "/care-sheets", sheet_body(world.member)).json()
    wrong = correction(world.member)
    wrong["lines"][0]["code"] = "NOPE-1"

    response = put(client, f"/care-sheets/{sheet['id']}", wrong)

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("invalid", "lines[0].code")
    assert CareSheet.objects.get().version == 1


def test_a_care_sheet_is_cancelled_with_its_draft_and_kept(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    sheet_id = draft["care_sheet"]["id"]

    response = post(client, f"/care-sheets/{sheet_id}/cancel", {"reason": "Saisi deux fois", "version": 1})

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["cancel_reason"]) == ("cancelled", "Saisi deux fois")
    assert client.get(f"{API}/billing-files/{draft['id']}").json()["status"] == "cancelled"
    assert CareSheet.objects.filter(pk=sheet_id).exists()  # kept, never deleted


@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "Indiquez le motif de l'annulation."), ("ar", "اذكر سبب الإلغاء.")],
)
def test_a_cancellation_without_a_reason_is_refused_in_the_callers_language(client, world, language, message):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")

    by_sheet = post(
        client,
        f"/care-sheets/{draft['care_sheet']['id']}/cancel",
        {"reason": "  "},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    by_file = post(client, f"/billing-files/{draft['id']}/cancel", {}, HTTP_ACCEPT_LANGUAGE=language)

    for refused in (by_sheet, by_file):
        assert refused.status_code == 400
        assert refused.json() == {"code": "required", "field": "reason", "message": message}
    assert BillingFile.objects.get().status == "draft"


@pytest.mark.parametrize(
    ("language", "start"),
    [("fr", "Salka a corrigé cette feuille de soins le "), ("ar", "صحّح Salka ورقة العلاج هذه في ")],
)
def test_the_second_clerk_correcting_a_sheet_is_told_who_changed_it(
    client, world, colleague, language, start
):
    client.force_login(world.clerk)
    sheet = post(client, "/care-sheets", sheet_body(world.member)).json()
    assert put(client, f"/care-sheets/{sheet['id']}", correction(world.member)).status_code == 200
    client.force_login(colleague)

    late = put(
        client,
        f"/care-sheets/{sheet['id']}",
        correction(world.member, diagnosis="J06.9"),
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert late.status_code == 409
    assert (late.json()["code"], late.json()["field"]) == ("conflict", "version")
    assert late.json()["message"].startswith(start)
    assert CareSheet.objects.get().diagnosis == "E11.9"  # the first correction is not lost


def test_a_sheet_cancelled_by_a_colleague_names_them_and_the_reason(client, world, colleague):
    client.force_login(world.clerk)
    sheet = post(client, "/care-sheets", sheet_body(world.member)).json()
    post(client, f"/care-sheets/{sheet['id']}/cancel", {"reason": "Doublon"})
    client.force_login(colleague)

    late = put(client, f"/care-sheets/{sheet['id']}", correction(world.member, version=None))

    assert (late.status_code, late.json()["code"], late.json()["field"]) == (
        409,
        "illegal_transition",
        "status",
    )
    assert late.json()["message"].startswith("Salka a annulé cette feuille de soins le ")
    assert "Doublon" in late.json()["message"]


def test_a_submitted_file_is_no_longer_corrected_nor_cancelled(client, world, colleague):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    submitted_batch(client, [draft["id"]])
    client.force_login(colleague)

    cancel = post(client, f"/care-sheets/{draft['care_sheet']['id']}/cancel", {"reason": "Erreur"})
    edit = put(client, f"/care-sheets/{draft['care_sheet']['id']}", correction(world.member, version=None))
    renumber = patch(client, f"/billing-files/{draft['id']}", {"invoice_number": "F-9"})

    for refused in (cancel, edit, renumber):
        assert (refused.status_code, refused.json()["code"]) == (409, "illegal_transition")
    assert cancel.json()["message"].startswith("Salka a soumis ce dossier de facturation à la caisse le ")
    assert "rappelez son lot" in cancel.json()["message"]
    assert BillingFile.objects.get().status == "submitted"


# ---- Correct and cancel a draft billing file --------------------------------------------------------


def test_a_drafts_invoice_number_is_corrected_and_stays_unique(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    billed_file(client, family(covered=AROUND_TODAY), "F-2", papers=())

    renumbered = patch(client, f"/billing-files/{draft['id']}", {"invoice_number": "F-1bis", "version": 1})
    taken = patch(client, f"/billing-files/{draft['id']}", {"invoice_number": "F-2", "version": 2})

    assert renumbered.status_code == 200, renumbered.json()
    assert (renumbered.json()["invoice_number"], renumbered.json()["care_sheet"]["version"]) == ("F-1bis", 2)
    assert (taken.status_code, taken.json()["code"], taken.json()["field"]) == (
        409,
        "conflict",
        "invoice_number",
    )
    assert BillingFile.objects.get(pk=draft["id"]).invoice_number == "F-1bis"


def test_a_draft_billing_file_is_cancelled_with_its_sheet(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")

    response = post(client, f"/billing-files/{draft['id']}/cancel", {"reason": "Mauvais patient"})

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    assert (response.json()["care_sheet"]["status"], response.json()["care_sheet"]["cancel_reason"]) == (
        "cancelled",
        "Mauvais patient",
    )


# ---- Recall a submitted batch -----------------------------------------------------------------------


def test_a_submitted_batch_is_recalled_and_its_files_corrected_again(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    batch = submitted_batch(client, [draft["id"]])

    recalled = post(client, f"/batches/{batch['id']}/recall")
    corrected = put(client, f"/care-sheets/{draft['care_sheet']['id']}", correction(world.member))

    assert recalled.status_code == 200, recalled.json()
    assert (recalled.json()["status"], recalled.json()["submitted_on"], recalled.json()["count"]) == (
        "open",
        None,
        1,
    )
    assert client.get(f"{API}/billing-files/{draft['id']}").json()["status"] == "draft"
    assert corrected.status_code == 200


@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("fr", "Khadija a enregistré la réception de ce lot le "),
        ("ar", "سجّل Khadija استلام هذه الدفعة في "),
    ],
)
def test_a_batch_received_by_the_fund_is_no_longer_recalled_naming_who_received_it(
    client, world, language, start
):
    client.force_login(world.clerk)
    batch = submitted_batch(client, [billed_file(client, world.member, "F-1")["id"]])
    client.force_login(world.checker)
    receipt = post(client, f"/batches/{batch['id']}/receive").json()["receipt_number"]
    client.force_login(world.clerk)

    late = post(client, f"/batches/{batch['id']}/recall", HTTP_ACCEPT_LANGUAGE=language)

    assert late.status_code == 409
    assert (late.json()["code"], late.json()["field"]) == ("illegal_transition", "status")
    assert late.json()["message"].startswith(start) and receipt in late.json()["message"]
    assert BillingFile.objects.get().status == "received"


# ---- Who may ----------------------------------------------------------------------------------------


def test_another_facilitys_sheets_files_and_batches_are_404(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    sheet_id = draft["care_sheet"]["id"]
    batch = submitted_batch(client, [draft["id"]])
    client.force_login(world.other_clerk)

    answers = {
        "sheet_id": [
            put(client, f"/care-sheets/{sheet_id}", correction(world.member)),
            post(client, f"/care-sheets/{sheet_id}/cancel", {"reason": "Vol"}),
        ],
        "file_id": [
            patch(client, f"/billing-files/{draft['id']}", {"invoice_number": "X-1"}),
            post(client, f"/billing-files/{draft['id']}/cancel", {"reason": "Vol"}),
        ],
        "batch_id": [post(client, f"/batches/{batch['id']}/recall")],
    }

    for field, responses in answers.items():
        for response in responses:
            assert (response.status_code, response.json()["code"], response.json()["field"]) == (
                404,
                "not_found",
                field,
            )
    assert (BillingFile.objects.get().status, CareSheet.objects.get().version) == ("submitted", 1)


def test_fund_staff_do_not_correct_a_facilitys_papers(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    batch = submitted_batch(client, [draft["id"]])
    client.force_login(world.checker)

    assert (
        put(client, f"/care-sheets/{draft['care_sheet']['id']}", correction(world.member)).status_code == 403
    )
    assert post(client, f"/billing-files/{draft['id']}/cancel", {"reason": "Non"}).status_code == 403
    assert post(client, f"/batches/{batch['id']}/recall").status_code == 403


# ---- Idempotency-Key ---------------------------------------------------------------------------------


def test_a_correction_sent_twice_under_one_key_is_made_once(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    url = f"/care-sheets/{draft['care_sheet']['id']}"
    body = correction(world.member, version=None)

    first = put(client, url, body, HTTP_IDEMPOTENCY_KEY="fix-0001")
    again = put(client, url, body, HTTP_IDEMPOTENCY_KEY="fix-0001")

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again[REPLAYED] == "true"
    assert CareSheet.objects.get().version == 2
    assert AuditEvent.objects.filter(action="care_sheet_edit").count() == 1


def test_a_recall_and_a_cancellation_sent_twice_under_one_key_are_made_once(client, world):
    client.force_login(world.clerk)
    draft = billed_file(client, world.member, "F-1")
    batch = submitted_batch(client, [draft["id"]])

    recalls = [post(client, f"/batches/{batch['id']}/recall", HTTP_IDEMPOTENCY_KEY="recall-1") for _ in "12"]
    cancels = [
        post(
            client, f"/billing-files/{draft['id']}/cancel", {"reason": "Doublon"}, HTTP_IDEMPOTENCY_KEY="c-1"
        )
        for _ in "12"
    ]

    for first, again in (recalls, cancels):
        assert first.status_code == again.status_code == 200
        assert again.json() == first.json() and again[REPLAYED] == "true"
    assert AuditEvent.objects.filter(action="batch_recall").count() == 1
    assert AuditEvent.objects.filter(action="billing_file_cancel").count() == 1


# ---- The OpenAPI document ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/care-sheets/{sheet_id}", "put"),
        ("/care-sheets/{sheet_id}/cancel", "post"),
        ("/billing-files/{file_id}", "patch"),
        ("/billing-files/{file_id}/cancel", "post"),
        ("/batches/{batch_id}/recall", "post"),
    ],
)
def test_the_openapi_document_lists_each_correction_with_its_errors_and_key(client, db, path, method):
    document = openapi_document(client)

    operation = document["paths"][f"{API}{path}"][method]

    assert {"200", "400", "403", "404", "409", "422"} <= set(operation["responses"])
    assert HEADER in [p["name"] for p in operation["parameters"] if p["in"] == "header"]


def test_the_care_sheet_shows_its_status_and_version_in_the_openapi_document(client, db):
    schemas = openapi_document(client)["components"]["schemas"]

    assert {"status", "version", "cancel_reason"} <= set(schemas["CareSheetOut"]["properties"])
    assert "registration_number" not in schemas["CareSheetCorrectionIn"]["properties"]
    assert "version" in schemas["CareSheetCorrectionIn"]["properties"]
