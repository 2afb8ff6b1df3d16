"""Reimbursement of insured persons who paid a private facility first (issue 7, item 5): filed at a branch
counter or online, received the day it is handed in, decided by the engine, paid to the insured."""

import dataclasses
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sanad.claims.models import FileDecision, FileDocument
from sanad.claims.selectors.complaints import reimbursement_file_get
from sanad.claims.services import LineInput, billing_files_adjudicate
from sanad.claims.services.reimbursements import reimbursement_register
from sanad.claims.statuses import Channel, FileStatus, SubmittedVia
from sanad.claims.views.reimbursements import _decision_context
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from sanad.common.pdf import html_document
from sanad.notifications.models import Message
from sanad.notifications.texts import ClaimTemplate
from tests.claims.complaints.conftest import (
    CARE_DAY,
    CONSULTATION,
    FUND_SHARE,
    TODAY,
    receipt_scan,
    sheet_for,
)


def _file(
    actor, clinic, *, member=None, dependant=None, via=SubmittedVia.BRANCH, number="RC-778", scans=None
):
    return reimbursement_register(
        actor=actor,
        sheet=sheet_for(clinic, member=member, dependant=dependant),
        receipt_number=number,
        scans=[receipt_scan()] if scans is None else scans,
        submitted_via=via,
        on=TODAY,
        branch="MA-06",
    )


def test_a_reimbursement_filed_at_a_branch_is_received_that_day_and_paid_to_the_insured(
    alice, family, clinic, tariff
):
    billing_file = _file(alice, clinic, member=family)

    billing_file.refresh_from_db()
    assert (billing_file.channel, billing_file.submitted_via) == (Channel.REIMBURSEMENT, SubmittedVia.BRANCH)
    assert billing_file.invoice_number == "RC-778"
    assert billing_file.received_on == TODAY
    # CNSS's processing clock: 30 calendar days from the day received.
    assert billing_file.due_on == TODAY + datetime.timedelta(days=30)
    assert billing_file.status == FileStatus.VALIDATED
    decision = FileDecision.objects.get(billing_file=billing_file, is_current=True)
    assert decision.payee == "insured"
    assert (decision.billed, decision.fund_share, decision.currency) == (CONSULTATION, FUND_SHARE, "MAD")
    [scan] = FileDocument.objects.filter(billing_file=billing_file)
    assert (scan.kind, scan.confidential, scan.uploaded_by) == ("receipt", False, alice)
    event = AuditEvent.objects.get(action="reimbursement_register", object_id=str(billing_file.pk))
    assert event.actor == alice
    assert event.after["branch"] == "MA-06"


def test_an_insured_person_files_online_for_a_dependant_and_the_engine_pays_them(
    fatima, family, clinic, tariff
):
    son = family.dependants.get()

    billing_file = _file(fatima, clinic, dependant=son, via=SubmittedVia.SELF_SERVICE)

    billing_file.refresh_from_db()
    assert billing_file.submitted_via == SubmittedVia.SELF_SERVICE
    assert billing_file.created_by == fatima
    assert billing_file.care_sheet.dependant == son
    decision = FileDecision.objects.get(billing_file=billing_file, is_current=True)
    assert (decision.payee, decision.fund_share) == ("insured", FUND_SHARE)


def test_an_insured_person_cannot_file_for_another_family(karim, family, clinic, tariff):
    with pytest.raises(DomainError) as error:
        _file(karim, clinic, member=family, via=SubmittedVia.SELF_SERVICE)

    assert (error.value.code, error.value.field) == (ErrorCode.FORBIDDEN, "beneficiary")


def test_only_care_paid_to_a_private_facility_is_reimbursed(alice, family, centre, tariff):
    with pytest.raises(DomainError) as error:
        _file(alice, centre, member=family)

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID, "facility")


def test_there_is_no_reimbursement_where_the_profile_pays_every_facility_directly(
    settings, alice, family, clinic, tariff
):
    settings.SANAD_FUND = "cnass-mr"  # insured_reimbursed_for = [] (seed 000: tiers payant)

    with pytest.raises(DomainError) as error:
        _file(alice, clinic, member=family)

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID, "facility")
    assert error.value.message.startswith("Cette caisse paie directement les formations sanitaires")


def test_the_scan_of_the_facilitys_receipt_is_required(alice, family, clinic, tariff):
    with pytest.raises(DomainError) as error:
        _file(alice, clinic, member=family, scans=[])

    assert (error.value.code, error.value.field) == (ErrorCode.REQUIRED, "scan_receipt")


def test_facility_staff_cannot_file_at_the_counter(clerk, family, clinic, tariff):
    with pytest.raises(DomainError) as error:
        _file(clerk, clinic, member=family)

    assert error.value.code == ErrorCode.FORBIDDEN


def test_the_same_receipt_of_a_facility_is_filed_once(alice, family, clinic, tariff):
    _file(alice, clinic, member=family)

    with pytest.raises(DomainError) as error:
        _file(alice, clinic, member=family)

    assert (error.value.code, error.value.field) == (ErrorCode.CONFLICT, "invoice_number")


def test_a_code_outside_the_catalog_is_refused_on_its_line(alice, family, clinic, tariff):
    bad = LineInput(kind="act", code="NOPE", billed=CONSULTATION, service_date=CARE_DAY)

    with pytest.raises(DomainError) as error:
        reimbursement_register(
            actor=alice,
            sheet=dataclasses.replace(sheet_for(clinic, member=family), lines=[bad]),
            receipt_number="RC-1",
            scans=[receipt_scan()],
            submitted_via=SubmittedVia.BRANCH,
            on=TODAY,
        )

    assert error.value.field == "lines-0-code"


# ---- Pages ------------------------------------------------------------------------------------------------


def _form_data(beneficiary: str, facility_code: str, number: str = "RC-900") -> dict:
    return {
        "beneficiary": beneficiary,
        "facility": facility_code,
        "receipt_number": number,
        "care_type": "outpatient",
        "care_date": CARE_DAY.isoformat(),
        "diagnosis": "J06.9",
        "scan_receipt": SimpleUploadedFile("receipt.jpg", b"\xff\xd8\xff receipt", "image/jpeg"),
        "scan_prescription": SimpleUploadedFile("ordonnance.pdf", b"%PDF-1.4 rx", "application/pdf"),
        "lines-TOTAL_FORMS": "4",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "30",
        "lines-0-kind": "act",
        "lines-0-code": "CON-C",
        "lines-0-quantity": "1",
        "lines-0-billed": "150.00",
        **{f"lines-{i}-kind": "act" for i in (1, 2, 3)},
        **{f"lines-{i}-quantity": "1" for i in (1, 2, 3)},
    }


def test_the_counter_finds_the_member_files_and_prints_the_receipt(client, alice, family, clinic, tariff):
    client.force_login(alice)

    found = client.get(
        reverse("claims:reimbursement_start"), {"registration_number": family.registration_number}
    )
    assert found.status_code == 302
    page = found["Location"]
    assert client.get(page).status_code == 200

    done = client.post(page, _form_data(f"M{family.pk}", clinic.code))

    assert done.status_code == 302, done.content.decode()[:2000]
    detail = client.get(done["Location"])
    assert detail.status_code == 200
    billing_file = detail.context["file"]
    assert billing_file.submitted_via == SubmittedVia.BRANCH
    assert detail.context["decision"].payee == "insured"
    assert {d.kind for d in billing_file.attachments.all()} == {"receipt", "prescription"}
    pdf = client.get(reverse("claims:reimbursement_receipt", args=[billing_file.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_form_shows_a_broken_rule_next_to_its_field(client, alice, family, clinic, tariff):
    client.force_login(alice)
    url = reverse("claims:reimbursement_new", args=[family.registration_number])

    public = client.post(url, {**_form_data(f"M{family.pk}", "NO-SUCH"), "lines-0-code": "NOPE"})

    assert public.status_code == 400
    assert "facility" in public.context["form"].errors
    wrong_code = client.post(url, {**_form_data(f"M{family.pk}", clinic.code), "lines-0-code": "NOPE"})
    assert wrong_code.status_code == 400
    assert "code" in wrong_code.context["lines"].forms[0].errors


def test_the_insured_files_online_and_sees_the_amount_to_be_reimbursed(
    client, fatima, family, clinic, tariff
):
    client.force_login(fatima)
    son = family.dependants.get()

    done = client.post(reverse("claims:my_reimbursement_new"), _form_data(f"D{son.pk}", clinic.code))

    assert done.status_code == 302
    detail = client.get(done["Location"])
    assert detail.status_code == 200
    assert detail.context["file"].submitted_via == SubmittedVia.SELF_SERVICE
    assert detail.context["decision"].fund_share == FUND_SHARE
    assert b'id="to-reimburse"' in detail.content
    listing = client.get(reverse("claims:my_files"))
    assert [row["file"].pk for row in listing.context["rows"]] == [detail.context["file"].pk]


def test_counter_staff_pages_are_closed_to_insured_persons_and_facilities(client, fatima, clerk, family):
    for user in (fatima, clerk):
        client.force_login(user)
        assert client.get(reverse("claims:reimbursement_start")).status_code == 403
    client.force_login(clerk)
    assert client.get(reverse("claims:my_files")).status_code == 403


def test_the_insured_sees_only_their_familys_files(
    client, fatima, karim, family, neighbour, direct_file, checker
):
    theirs = direct_file(family)
    son_file = direct_file(family)
    mine = direct_file(neighbour)
    billing_files_adjudicate(actor=checker, file_ids=[theirs.pk, mine.pk, son_file.pk], on=TODAY)
    client.force_login(karim)

    listing = client.get(reverse("claims:my_files"))

    assert [row["file"].pk for row in listing.context["rows"]] == [mine.pk]
    assert client.get(reverse("claims:my_file_detail", args=[mine.pk])).status_code == 200
    client.force_login(fatima)
    listing = client.get(reverse("claims:my_files"))
    assert {row["file"].pk for row in listing.context["rows"]} == {theirs.pk, son_file.pk}


def test_a_facility_channel_file_is_never_shown_to_another_insured(client, karim, family, direct_file):
    theirs = direct_file(family)
    client.force_login(karim)

    assert client.get(reverse("claims:my_file_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("claims:reimbursement_receipt", args=[theirs.pk])).status_code == 404
    assert theirs.pk not in [row["file"].pk for row in client.get(reverse("claims:my_files")).context["rows"]]


def test_an_insured_person_cannot_print_another_familys_reimbursement_receipt(
    client, alice, karim, family, clinic, tariff
):
    billing_file = _file(alice, clinic, member=family)
    client.force_login(karim)

    assert client.get(reverse("claims:reimbursement_receipt", args=[billing_file.pk])).status_code == 404


def test_the_insured_is_told_by_sms_that_the_file_was_received_and_what_will_be_reimbursed(
    alice, family, clinic, tariff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        billing_file = _file(alice, clinic, member=family)

    messages = {m.template: m for m in Message.objects.filter(object_id=str(billing_file.pk))}
    assert set(messages) == {ClaimTemplate.FILE_RECEIVED, ClaimTemplate.FILE_VALIDATED_INSURED}
    assert {(m.recipient, m.language, m.member_id) for m in messages.values()} == {
        (family.phone, "fr", family.pk)
    }
    assert "105.00 MAD" in messages[ClaimTemplate.FILE_VALIDATED_INSURED].text


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_receipt_of_the_filing_fits_one_page_in_french_and_arabic(
    language, alice, family, clinic, tariff
):
    billing_file = _file(alice, clinic, member=family)

    with translation.override(language):
        html = render_to_string(
            "claims/reimbursements/receipt_pdf.html",
            _decision_context(reimbursement_file_get(pk=billing_file.pk)),
        )

    assert ('dir="rtl"' in html) == (language == "ar")
    assert family.registration_number in html
    assert billing_file.invoice_number in html and "MAD" in html
    assert len(html_document(html).pages) == 1
