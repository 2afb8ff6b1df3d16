"""Supporting documents: scans of the checklist kept in step with the file's list of documents present, the
confidential medical envelope opened by medical advisers only, and the facility's answers to the fund's
requests for documents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanad.claims.models import BillingFile, FileDocument, InfoRequest
from sanad.claims.selectors.facility import document_can_open
from sanad.claims.services.documents import file_document_upload, info_request_answer
from sanad.claims.services.register import billing_file_create, care_sheet_open
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.scans import SCAN_MAX_BYTES
from tests.claims.desk.conftest import ON, family, pdf_scan, sheet


@pytest.fixture
def draft(clerk, centre, tariff):
    care_sheet = care_sheet_open(actor=clerk, sheet=sheet(family(), centre))
    return billing_file_create(actor=clerk, care_sheet_id=care_sheet.pk, invoice_number="F-1", on=ON)


@pytest.fixture
def envelope(clerk, draft):
    return file_document_upload(
        actor=clerk, billing_file_id=draft.pk, kind="medical_envelope", scan=pdf_scan()
    )


@pytest.fixture
def prescription(clerk, draft):
    return file_document_upload(actor=clerk, billing_file_id=draft.pk, kind="prescription", scan=pdf_scan())


def test_an_upload_adds_its_kind_to_the_documents_present(clerk, draft):
    png = SimpleUploadedFile("results.PNG", b"\x89PNG\r\n\x1a\n pixels", content_type="image/png")

    document = file_document_upload(actor=clerk, billing_file_id=draft.pk, kind="results", scan=png)
    file_document_upload(actor=clerk, billing_file_id=draft.pk, kind="prescription", scan=pdf_scan())
    file_document_upload(actor=clerk, billing_file_id=draft.pk, kind="results", scan=pdf_scan("page2.pdf"))

    draft.refresh_from_db()
    assert draft.documents == ["prescription", "results"]
    assert (document.kind, document.confidential, document.uploaded_by) == ("results", False, clerk)
    assert document.scan.name.endswith(".png") and "results" in document.scan.name
    assert AuditEvent.objects.filter(action="file_document_upload", object_id=str(draft.pk)).count() == 3


def test_the_medical_envelope_is_stored_confidential(envelope, draft):
    draft.refresh_from_db()

    assert envelope.confidential
    assert draft.documents == ["medical_envelope"]


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("scan.pdf", b"plain text pretending", "application/pdf"),  # the first bytes are not a PDF's
        ("scan.exe", b"%PDF-1.4", "application/pdf"),  # not a scan's name
        ("scan.pdf", b"%PDF-1.4", "text/html"),  # declared as something else
        ("scan.jpg", b"%PDF-1.4", "image/jpeg"),  # a PDF named as a photo
    ],
)
def test_a_scan_must_be_a_pdf_jpeg_or_png(clerk, draft, name, content, declared):
    with pytest.raises(DomainError) as caught:
        file_document_upload(
            actor=clerk,
            billing_file_id=draft.pk,
            kind="invoice",
            scan=SimpleUploadedFile(name, content, declared),
        )

    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID, "scan")
    assert not FileDocument.objects.exists()


def test_a_scan_larger_than_5_mb_is_refused(clerk, draft):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * SCAN_MAX_BYTES, content_type="application/pdf")

    with pytest.raises(DomainError) as caught:
        file_document_upload(actor=clerk, billing_file_id=draft.pk, kind="invoice", scan=big)

    assert caught.value.field == "scan"


def test_another_facility_does_not_file_documents_with_the_file(other_clerk, draft):
    with pytest.raises(DomainError) as caught:
        file_document_upload(actor=other_clerk, billing_file_id=draft.pk, kind="invoice", scan=pdf_scan())

    assert caught.value.code == ErrorCode.NOT_FOUND


def test_a_decided_file_takes_no_more_documents(clerk, draft):
    BillingFile.objects.filter(pk=draft.pk).update(status="validated")

    with pytest.raises(DomainError) as caught:
        file_document_upload(actor=clerk, billing_file_id=draft.pk, kind="invoice", scan=pdf_scan())

    assert caught.value.code == ErrorCode.CONFLICT


def test_who_opens_which_document(clerk, other_clerk, checker, adviser, envelope, prescription):
    for document in (envelope, prescription):
        document.refresh_from_db()

    assert [document_can_open(user, prescription) for user in (clerk, checker, adviser, other_clerk)] == [
        True,
        True,
        True,
        False,
    ]
    # The facility that filed the envelope may not re-open it, nor may a claims checker.
    assert [document_can_open(user, envelope) for user in (clerk, checker, adviser, other_clerk)] == [
        False,
        False,
        True,
        False,
    ]


def test_confidential_envelope_only_opened_by_a_medical_adviser(
    client, clerk, other_clerk, checker, adviser, envelope
):
    url = reverse("claims:document_open", args=[envelope.pk])
    answers = {}
    for user in (adviser, checker, clerk, other_clerk):
        client.force_login(user)
        response = client.get(url)
        answers[user.username] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF-")

    assert answers == {"vatimetou": 200, "khadija": 403, "salka": 403, "brahim": 404}


def test_a_plain_document_is_served_to_its_facility_and_fund_staff(
    client, clerk, other_clerk, checker, prescription
):
    url = reverse("claims:document_open", args=[prescription.pk])
    answers = {}
    for user in (clerk, checker, other_clerk):
        client.force_login(user)
        answers[user.username] = client.get(url).status_code

    assert answers == {"salka": 200, "khadija": 200, "brahim": 404}


def test_the_facility_answers_a_request_for_documents(clerk, checker, draft):
    request = InfoRequest.objects.create(
        billing_file=draft,
        asked_on=ON,
        asked_by=checker,
        documents=["operating_report"],
        message="Manque le CRO.",
    )

    info_request_answer(
        actor=clerk,
        request_id=request.pk,
        answer=" Compte rendu joint. ",
        kind="operating_report",
        scan=pdf_scan(),
        on=ON,
    )

    request.refresh_from_db()
    draft.refresh_from_db()
    assert (request.answered_on, request.answer) == (ON, "Compte rendu joint.")
    assert draft.documents == ["operating_report"]
    assert draft.attachments.get().kind == "operating_report"


def test_a_request_is_answered_once_and_not_empty(clerk, checker, draft):
    request = InfoRequest.objects.create(billing_file=draft, asked_on=ON, asked_by=checker)

    with pytest.raises(DomainError) as empty:
        info_request_answer(actor=clerk, request_id=request.pk, answer="  ", on=ON)
    info_request_answer(actor=clerk, request_id=request.pk, answer="Dossier complet.", on=ON)
    with pytest.raises(DomainError) as again:
        info_request_answer(actor=clerk, request_id=request.pk, answer="Encore", on=ON)

    assert (empty.value.code, empty.value.field) == (ErrorCode.REQUIRED, "answer")
    assert again.value.code == ErrorCode.CONFLICT


def test_another_facility_does_not_answer_the_request(other_clerk, checker, draft):
    request = InfoRequest.objects.create(billing_file=draft, asked_on=ON, asked_by=checker)

    with pytest.raises(DomainError) as caught:
        info_request_answer(actor=other_clerk, request_id=request.pk, answer="?", on=ON)

    request.refresh_from_db()
    assert caught.value.code == ErrorCode.NOT_FOUND
    assert request.answered_on is None
