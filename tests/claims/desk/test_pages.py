"""The desk's pages: the care sheet form with its rows of lines, the sheet and its PDF, billing it, the
facility's list of files and a file's page; another facility finds none of them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.claims.models import BillingFile, CareSheet, InfoRequest
from sanad.claims.pdf_sheet import care_sheet_html
from sanad.claims.selectors.facility import facility_file_page
from sanad.claims.services import billing_files_adjudicate
from sanad.claims.services.documents import file_document_upload
from sanad.claims.services.register import (
    LineInput,
    billing_file_create,
    billing_file_register,
    care_sheet_open,
)
from sanad.common.pdf import html_document
from sanad.providers.models import Practitioner
from tests.claims.conftest import CONSULTATION
from tests.claims.desk.conftest import AROUND_TODAY, TODAY, family, pdf_scan, sheet
from tests.paper_layout import label_sides

LAB = {"kind": "act", "code": "LAB-NFS", "coefficient": "", "quantity": "1", "billed": "400.00"}
CONSULT = {"kind": "act", "code": "CON-C", "coefficient": "", "quantity": "1", "billed": "1000.00"}


@pytest.fixture
def member(db):
    return family(covered=AROUND_TODAY)


def sheet_form(lines: list[dict], **fields) -> dict[str, str]:
    data = {
        "care_date": TODAY.isoformat(),
        "care_type": "outpatient",
        "diagnosis": "J06.9",
        "practitioner": str(Practitioner.objects.get(name="Dr Sidi Mohamed").pk),
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    } | fields
    for index, line in enumerate(lines):
        for name, value in ({"service_date": TODAY.isoformat()} | line).items():
            data[f"lines-{index}-{name}"] = value
    return data


def new_sheet_url(member, dependant=None) -> str:
    url = f"{reverse('claims:sheet_new')}?member={member.registration_number}"
    return url + (f"&dependant={dependant.pk}" if dependant else "")


def opened_today(clerk, centre, member):
    lines = [
        LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=TODAY),
        LineInput(kind="act", code="LAB-NFS", billed=Decimal("400"), service_date=TODAY),
    ]
    return care_sheet_open(actor=clerk, sheet=sheet(member, centre, care_date=TODAY, lines=lines))


def test_the_clerk_opens_a_care_sheet_with_two_lines(client, clerk, centre, shelf, member):
    client.force_login(clerk)
    assert client.get(new_sheet_url(member)).status_code == 200

    response = client.post(new_sheet_url(member), sheet_form([CONSULT, LAB]))

    care_sheet = CareSheet.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:sheet_detail", args=[care_sheet.pk])
    assert (care_sheet.member, care_sheet.practitioner_name) == (member, "Dr Sidi Mohamed")
    assert [line.code for line in care_sheet.lines.all()] == ["CON-C", "LAB-NFS"]


def test_a_sheet_for_a_dependant_names_the_dependant(client, clerk, centre, shelf):
    member = family(
        covered=AROUND_TODAY, dependants=[{"relationship": "child", "birth_date": datetime.date(2018, 3, 3)}]
    )
    child = member.dependants.get()
    client.force_login(clerk)

    client.post(
        new_sheet_url(member, child), sheet_form([CONSULT], practitioner="", practitioner_other="Dr Aïcha")
    )

    care_sheet = CareSheet.objects.get()
    assert (care_sheet.member, care_sheet.dependant, care_sheet.practitioner_name) == (
        None,
        child,
        "Dr Aïcha",
    )


def test_a_line_error_is_shown_in_its_row_and_nothing_is_saved(client, clerk, centre, shelf, member):
    client.force_login(clerk)

    response = client.post(new_sheet_url(member), sheet_form([CONSULT, LAB | {"code": "NOPE-1"}]))

    assert response.status_code == 400
    assert 'data-field="lines-1-code"' in response.content.decode()
    assert not CareSheet.objects.exists()


def test_a_removed_row_bills_nothing(client, clerk, centre, shelf, member):
    client.force_login(clerk)

    client.post(new_sheet_url(member), sheet_form([CONSULT, LAB | {"code": "NOPE-1", "DELETE": "on"}]))

    assert [line.code for line in CareSheet.objects.get().lines.all()] == ["CON-C"]


def test_a_sheet_error_is_shown_next_to_its_field(client, clerk, centre, shelf, member):
    client.force_login(clerk)

    response = client.post(new_sheet_url(member), sheet_form([CONSULT], diagnosis="ZZZ"))

    assert response.status_code == 400
    assert 'data-field="diagnosis"' in response.content.decode()


def test_the_added_row_is_named_after_the_last_one(client, clerk):
    client.force_login(clerk)

    html = client.get(reverse("claims:sheet_line"), {"index": 2}).content.decode()

    assert 'name="lines-2-code"' in html and 'name="lines-2-DELETE"' in html
    assert 'id="id_lines-TOTAL_FORMS"' in html and 'value="3"' in html
    assert "index=3" in html


def test_the_clerk_bills_the_sheet_and_sees_the_preview(client, clerk, centre, shelf, member):
    care_sheet = opened_today(clerk, centre, member)
    client.force_login(clerk)

    response = client.post(
        reverse("claims:file_create", args=[care_sheet.pk]), {"invoice_number": "F-2026-9"}
    )

    billing_file = BillingFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:desk_file", args=[billing_file.pk])
    page = client.get(response["Location"])
    preview = page.context["preview"]
    assert preview.decision.billed == Decimal("1400.00")
    assert preview.decision.fund_share + preview.decision.patient_share == preview.decision.billed
    assert 'id="preview-lines"' in page.content.decode()
    assert billing_file.preview_fund_share + billing_file.preview_patient_share == Decimal("1400.00")


def test_a_taken_invoice_number_is_shown_next_to_its_field(client, clerk, centre, shelf, member):
    first = opened_today(clerk, centre, member)
    billing_file_create(actor=clerk, care_sheet_id=first.pk, invoice_number="F-1", on=TODAY)
    second = opened_today(clerk, centre, member)
    client.force_login(clerk)

    response = client.post(reverse("claims:file_create", args=[second.pk]), {"invoice_number": "F-1"})

    assert response.status_code == 400
    assert 'data-field="invoice_number"' in response.content.decode()
    assert BillingFile.objects.count() == 1


def test_the_care_sheet_pdf_is_in_the_readers_language(client, clerk, centre, shelf, member):
    care_sheet = opened_today(clerk, centre, member)
    client.force_login(clerk)

    response = client.get(reverse("claims:sheet_pdf", args=[care_sheet.pk]))
    with translation.override("ar"):
        arabic = care_sheet_html(CareSheet.objects.select_related("facility", "member").get())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'dir="rtl"' in arabic and "منت أحمد" in arabic  # the beneficiary's name in Arabic
    document = html_document(arabic)
    assert len(document.pages) == 1
    assert set(label_sides(document)) == {"right"}  # each label to the right of its value, as Arabic reads


def test_another_facility_finds_none_of_the_sheet_the_file_or_its_documents(
    client, clerk, other_clerk, centre, shelf, member, checker
):
    care_sheet = opened_today(clerk, centre, member)
    billing_file = billing_file_create(
        actor=clerk, care_sheet_id=care_sheet.pk, invoice_number="F-1", on=TODAY
    )
    document = file_document_upload(
        actor=clerk, billing_file_id=billing_file.pk, kind="invoice", scan=pdf_scan()
    )
    request = InfoRequest.objects.create(billing_file=billing_file, asked_on=TODAY, asked_by=checker)
    client.force_login(other_clerk)

    answers = [
        client.get(reverse("claims:sheet_detail", args=[care_sheet.pk])).status_code,
        client.get(reverse("claims:sheet_pdf", args=[care_sheet.pk])).status_code,
        client.post(reverse("claims:file_create", args=[care_sheet.pk]), {"invoice_number": "X"}).status_code,
        client.get(reverse("claims:desk_file", args=[billing_file.pk])).status_code,
        client.post(
            reverse("claims:document_upload", args=[billing_file.pk]), {"kind": "invoice"}
        ).status_code,
        client.post(reverse("claims:info_answer", args=[billing_file.pk, request.pk]), {}).status_code,
        client.get(reverse("claims:document_open", args=[document.pk])).status_code,
        client.get(new_sheet_url(member)).status_code,  # the register is shared: any facility may treat her
    ]

    assert answers == [404, 404, 404, 404, 404, 404, 404, 200]
    assert client.get(reverse("claims:desk_files")).context["page"].rows == []


def test_the_file_page_files_a_document_and_answers_a_request(client, clerk, checker, centre, shelf, member):
    care_sheet = opened_today(clerk, centre, member)
    billing_file = billing_file_create(
        actor=clerk, care_sheet_id=care_sheet.pk, invoice_number="F-1", on=TODAY
    )
    request = InfoRequest.objects.create(
        billing_file=billing_file, asked_on=TODAY, asked_by=checker, message="?"
    )
    client.force_login(clerk)

    uploaded = client.post(
        reverse("claims:document_upload", args=[billing_file.pk]),
        {"kind": "prescription", "scan": pdf_scan()},
    )
    answered = client.post(
        reverse("claims:info_answer", args=[billing_file.pk, request.pk]),
        {f"answer-{request.pk}-answer": "Ordonnance jointe.", f"answer-{request.pk}-kind": ""},
    )
    refused = client.post(
        reverse("claims:document_upload", args=[billing_file.pk]),
        {"kind": "invoice", "scan": pdf_scan("notes.txt")},
    )

    assert (uploaded.status_code, answered.status_code, refused.status_code) == (302, 302, 400)
    assert 'data-field="scan"' in refused.content.decode()
    billing_file.refresh_from_db()
    request.refresh_from_db()
    assert billing_file.documents == ["prescription"]
    assert (request.answered_on, request.answer) == (TODAY, "Ordonnance jointe.")
    history = client.get(reverse("claims:desk_file", args=[billing_file.pk])).context["history"]
    assert [step.action for step in history] == [
        "care_sheet_open",
        "billing_file_create",
        "file_document_upload",
        "info_request_answer",
    ]


def test_the_file_page_shows_the_decision_with_its_reasons(client, clerk, centre, tariff):
    uncovered = family(covered=None)
    received = billing_file_register(
        actor=None,
        sheet=sheet(
            uncovered,
            centre,
            care_date=TODAY,
            lines=[LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=TODAY)],
        ),
        invoice_number="P-1",
        received_on=TODAY,
    )
    billing_files_adjudicate(actor=None, file_ids=[received.pk], on=TODAY)
    client.force_login(clerk)

    page = client.get(reverse("claims:desk_file", args=[received.pk]))

    assert page.context["file"].status == "rejected"
    [(outcome, texts)] = page.context["decision_lines"]
    assert outcome.status == "rejected" and texts
    assert 'id="decision"' in page.content.decode()


def test_the_file_list_filters_by_status_and_month_of_care(client, clerk, centre, shelf, member):
    last_month = TODAY.replace(day=1) - datetime.timedelta(days=1)
    earlier = billing_file_register(
        actor=None,
        sheet=sheet(
            member,
            centre,
            care_date=last_month,
            lines=[LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=last_month)],
        ),
        invoice_number="P-1",
        received_on=TODAY,
    )
    draft = billing_file_create(
        actor=clerk, care_sheet_id=opened_today(clerk, centre, member).pk, invoice_number="F-1", on=TODAY
    )
    client.force_login(clerk)

    def listed(**query) -> list[int]:
        return [f.pk for f in client.get(reverse("claims:desk_files"), query).context["page"].rows]

    assert listed() == [draft.pk, earlier.pk]
    assert listed(status="draft") == [draft.pk]
    assert listed(month=f"{last_month:%Y-%m}") == [earlier.pk]
    assert listed(status="received", month=f"{TODAY:%Y-%m}") == []


def test_the_file_list_pages_by_key_newest_first(clerk, centre, tariff, member):
    files = [
        billing_file_register(
            actor=None, sheet=sheet(member, centre), invoice_number=f"P-{n}", received_on=TODAY
        )
        for n in range(5)
    ]
    ids = [f.pk for f in reversed(files)]

    first = facility_file_page(user=clerk, size=2)
    second = facility_file_page(user=clerk, older=first.older, size=2)
    third = facility_file_page(user=clerk, older=second.older, size=2)
    back = facility_file_page(user=clerk, newer=second.newer, size=2)

    assert [f.pk for f in first.rows] == ids[:2] and first.newer is None
    assert [f.pk for f in second.rows] == ids[2:4]
    assert [f.pk for f in third.rows] == ids[4:] and third.older is None
    assert [f.pk for f in back.rows] == ids[:2]
    assert facility_file_page(user=clerk, older="not-a-key", size=2).rows == first.rows
