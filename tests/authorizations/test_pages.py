"""The pages per role: facility staff submit and follow their own requests (another facility's do not
exist for them), the medical adviser's queue by deadline and the decision; the confidential report is
shown to medical advisers only; no internal code on the pages, dates as dd/mm/yyyy."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.statuses import RequestStatus
from sanad.common.permissions import Role
from tests.authorizations.conftest import STAY, scan, submit

pytestmark = pytest.mark.django_db

PAPERS = ("request_form", "confidential_report")


@pytest.fixture
def pending(clerk, member, catalogue):
    """A complete stay request received now (page tests run on today's date)."""
    return submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS)


def detail(reference: str) -> str:
    return reverse("authorizations:request_detail", args=[reference])


def test_facility_staff_submit_a_request_through_the_pages(client, clerk, member, catalogue):
    client.force_login(clerk)
    start = client.get(
        reverse("authorizations:request_start"), {"registration_number": member.registration_number}
    )
    assert start.status_code == 200
    assert "Hospitalisation en médecine" in start.content.decode()
    url = (
        reverse("authorizations:request_new", args=["medical_stay"]) + f"?member={member.registration_number}"
    )
    form = client.get(url)
    assert form.status_code == 200
    page = form.content.decode()
    assert "Diagnostic (CIM-10)" in page and "Pli confidentiel" in page
    assert "Carte d'immatriculation" not in page  # the register holds it: not asked

    response = client.post(
        url,
        {
            "admission": "medical_stay",
            "field_diagnosis": "J18.9",
            "field_act_code": "HOSP-MED",
            "field_coefficient": "1",
            "field_admission_date": "2026-03-07",
            "field_expected_days": "5",
            "document_request_form": scan("form.pdf"),
            "document_confidential_report": scan("pli.pdf"),
        },
    )
    created = AuthorizationRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(created.reference)
    assert created.status == RequestStatus.PENDING
    shown = client.get(detail(created.reference)).content.decode()
    assert (
        "En attente de décision" in shown and timezone.localtime(created.due_at).strftime("%d/%m/%Y") in shown
    )


def test_a_value_out_of_bounds_is_shown_at_its_field(client, clerk, member):
    client.force_login(clerk)
    url = (
        reverse("authorizations:request_new", args=["medical_stay"]) + f"?member={member.registration_number}"
    )
    response = client.post(
        url,
        {
            "admission": "medical_stay",
            **{f"field_{k}": v for k, v in STAY.items()},
            "field_expected_days": "200",
        },
    )
    assert response.status_code == 400
    assert 'data-field="field_expected_days"' in response.content.decode()


def test_an_incomplete_request_is_shown_with_each_missing_paper(client, clerk, member):
    returned = submit(clerk, member, "medical_stay", "medical_stay", STAY, ("request_form",))
    client.force_login(clerk)
    page = client.get(detail(returned.reference)).content.decode()
    assert "Retournée incomplète" in page and "Pli confidentiel" in page and "manquant" in page


def test_facility_staff_see_their_own_requests_and_not_another_facilitys(client, clerk, other_clerk, pending):
    client.force_login(other_clerk)
    assert client.get(detail(pending.reference)).status_code == 404
    assert pending.reference not in client.get(reverse("authorizations:request_list")).content.decode()
    client.force_login(clerk)
    assert pending.reference in client.get(reverse("authorizations:request_list")).content.decode()


def test_another_facility_cannot_add_papers_nor_answer(client, other_clerk, pending):
    client.force_login(other_clerk)
    url = reverse("authorizations:request_documents", args=[pending.reference])
    assert client.post(url, {"document_request_form": scan()}).status_code == 404


def test_the_confidential_report_is_hidden_from_non_advisers(client, clerk, adviser, make_user, pending):
    secret = pending.documents.get(code="confidential_report")
    url = reverse("authorizations:request_document", args=[pending.reference, secret.pk])
    manager = make_user("mariem", Role.MANAGER)
    for reader in (clerk, manager):
        client.force_login(reader)
        assert client.get(url).status_code == 404
        page = client.get(detail(pending.reference)).content.decode()
        assert url not in page and 'id="confidential-hidden"' in page
    client.force_login(adviser)
    assert client.get(url).status_code == 200
    assert url in client.get(detail(pending.reference)).content.decode()


def test_the_advisers_queue_lists_the_soonest_due_first_with_past_due_marked(
    client, clerk, adviser, member, catalogue
):
    now = timezone.now()
    late = submit(
        clerk, member, "medical_stay", "medical_stay", STAY, PAPERS, now=now - datetime.timedelta(days=10)
    )
    fresh = submit(clerk, member, "medical_stay", "medical_stay", STAY, PAPERS, now=now)
    client.force_login(adviser)
    response = client.get(reverse("authorizations:queue"))
    rows = response.context["pending"]
    assert [row.request.pk for row in rows] == [late.pk, fresh.pk]
    assert rows[0].late and not rows[1].late
    assert f'class="late" data-reference="{late.reference}"' in response.content.decode()


def test_facility_staff_cannot_open_the_queue_nor_decide(client, clerk, pending):
    client.force_login(clerk)
    assert client.get(reverse("authorizations:queue")).status_code == 403
    url = reverse("authorizations:request_action", args=[pending.reference, "decide"])
    assert client.post(url, {"decide-kind": "approved"}).status_code == 403


def test_the_adviser_decides_beside_the_beneficiarys_rights_and_earlier_requests(
    client, clerk, adviser, member, pending
):
    earlier = submit(clerk, member, "medical_stay", "medical_stay", STAY, ("request_form",))
    client.force_login(adviser)
    page = client.get(detail(pending.reference)).content.decode()
    assert 'id="beneficiary"' in page and earlier.reference in page and "Couvert" in page
    response = client.post(
        reverse("authorizations:request_action", args=[pending.reference, "decide"]),
        {
            "decide-kind": "approved_with_reserve",
            "decide-conditions": "Sous réserve du compte rendu d'hospitalisation",
            "decide-item_kind_0": "act",
            "decide-item_code_0": "HOSP-MED",
            "decide-item_quantity_0": "5",
            "decide-valid_from": "2026-03-07",
            "decide-valid_to": "2026-04-05",
        },
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == RequestStatus.APPROVED_WITH_RESERVE
    client.force_login(clerk)
    shown = client.get(detail(pending.reference)).content.decode()
    assert "Accordé sous réserve" in shown and "07/03/2026" in shown and "05/04/2026" in shown
    assert "approved_with_reserve" not in shown.replace('data-decision="approved_with_reserve"', "")


def test_a_refusal_without_reason_is_sent_back_with_its_message(client, adviser, pending):
    client.force_login(adviser)
    response = client.post(
        reverse("authorizations:request_action", args=[pending.reference, "decide"]),
        {"decide-kind": "refused"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-field="reasons"' in page and "Indiquez au moins un motif de refus." in page


def test_the_adviser_asks_for_information_and_the_facility_answers(client, clerk, adviser, pending):
    client.force_login(adviser)
    client.post(
        reverse("authorizations:request_action", args=[pending.reference, "ask"]),
        {"ask-question": "Joindre la radio."},
    )
    pending.refresh_from_db()
    assert pending.status == RequestStatus.INFORMATION_REQUESTED
    client.force_login(clerk)
    assert "Joindre la radio." in client.get(detail(pending.reference)).content.decode()
    client.post(
        reverse("authorizations:request_answer", args=[pending.reference]), {"answer": "Radio jointe."}
    )
    pending.refresh_from_db()
    assert pending.status == RequestStatus.PENDING and pending.due_at is not None


def test_the_list_exports_as_csv_with_labels(client, clerk, pending):
    client.force_login(clerk)
    response = client.get(reverse("authorizations:request_list"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert (
        pending.reference in text
        and "Hospitalisation en médecine" in text
        and "En attente de décision" in text
    )
    assert "medical_stay" not in text


def test_the_pages_read_in_arabic(client, clerk, pending):
    client.force_login(clerk)
    client.cookies["django_language"] = "ar"
    page = client.get(detail(pending.reference), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "الاستشفاء في الطب" in page


def test_an_insured_person_sees_no_request(client, make_user, pending):
    client.force_login(make_user("amina", Role.INSURED))
    assert client.get(reverse("authorizations:request_list")).status_code == 403
    assert client.get(detail(pending.reference)).status_code == 403
