"""Corrections at the desk: a care sheet and its draft billing file are edited or cancelled until the file
is submitted, each with its audit event; nothing is deleted; and of two clerks correcting one sheet at once,
the second is told who changed it, what they decided and when (on the page and in the service)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.urls import reverse

from sanad.claims.models import Batch, BillingFile, CareSheet, CareSheetLine
from sanad.claims.services.batches import batch_create, batch_files_add, batch_submit
from sanad.claims.services.corrections import (
    billing_file_cancel,
    billing_file_edit,
    care_sheet_cancel,
    care_sheet_edit,
)
from sanad.claims.services.register import LineInput, billing_file_create, care_sheet_open
from sanad.claims.statuses import FileStatus, SheetStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.models import AuditEvent
from tests.claims.conftest import CARE_DAY, CONSULTATION
from tests.claims.desk.conftest import AROUND_TODAY, ON, TODAY, family, sheet, staff_of
from tests.claims.desk.test_pages import CONSULT, sheet_form


@pytest.fixture
def member(db):
    return family()


@pytest.fixture
def colleague(make_user, centre):
    """Aïcha keeps the same desk as Salka."""
    return staff_of(make_user, "aicha", centre)


@pytest.fixture
def opened(clerk, centre, shelf, member):
    """A consultation on CARE_DAY, opened by Salka."""
    return care_sheet_open(actor=clerk, sheet=sheet(member, centre))


@pytest.fixture
def drafted(clerk, opened):
    """The consultation billed: a draft file F-1."""
    return billing_file_create(actor=clerk, care_sheet_id=opened.pk, invoice_number="F-1", on=ON)


def corrected(member, centre, **changes):
    lines = [
        LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=CARE_DAY),
        LineInput(kind="act", code="LAB-NFS", billed=Decimal("400"), service_date=CARE_DAY),
    ]
    return sheet(member, centre, diagnosis="E11.9", lines=lines, **changes)


def submitted(clerk, drafted) -> Batch:
    batch = batch_create(actor=clerk, group="outpatient", on=ON)
    batch_files_add(actor=clerk, batch_id=batch.pk, file_ids=[drafted.pk])
    return batch_submit(actor=clerk, batch_id=batch.pk, on=ON)


# ---- Edit --------------------------------------------------------------------------------------------


def test_a_draft_is_edited_with_its_audit_event_and_its_preview_again(clerk, centre, member, opened, drafted):
    care_sheet_edit(actor=clerk, care_sheet_id=opened.pk, sheet=corrected(member, centre), version=1, on=ON)

    opened.refresh_from_db()
    drafted.refresh_from_db()
    assert (opened.diagnosis, opened.version) == ("E11.9", 2)
    assert [(line.line_no, line.code) for line in opened.lines.all()] == [(1, "CON-C"), (2, "LAB-NFS")]
    # CNASS pays 90 % of outpatient care in the public sector: 1,260 of 1,400.
    assert (drafted.preview_fund_share, drafted.preview_patient_share) == (
        Decimal("1260.00"),
        Decimal("140.00"),
    )
    event = AuditEvent.objects.get(action="care_sheet_edit", object_id=str(opened.pk))
    assert event.actor == clerk
    assert (event.before["diagnosis"], event.after["diagnosis"]) == ("J06.9", "E11.9")
    assert [line["code"] for line in event.before["lines"]] == ["CON-C"]
    assert [line["code"] for line in event.after["lines"]] == ["CON-C", "LAB-NFS"]
    assert (event.before["preview_fund_share"], event.after["preview_fund_share"]) == ("900.00", "1260.00")
    assert (event.before["version"], event.after["version"]) == (1, 2)


def test_an_edit_passes_every_rule_of_a_new_sheet_or_changes_nothing(clerk, centre, member, opened):
    wrong = replace(
        sheet(member, centre),
        lines=[LineInput(kind="act", code="NOPE", billed=CONSULTATION, service_date=CARE_DAY)],
    )

    with pytest.raises(DomainError) as caught:
        care_sheet_edit(actor=clerk, care_sheet_id=opened.pk, sheet=wrong, version=1)

    assert caught.value.field == "lines-0-code"
    opened.refresh_from_db()
    assert opened.version == 1 and [line.code for line in opened.lines.all()] == ["CON-C"]
    assert not AuditEvent.objects.filter(action="care_sheet_edit").exists()


def test_the_beneficiary_of_a_sheet_stays_whatever_the_correction_says(clerk, centre, member, opened):
    other = family()

    care_sheet_edit(actor=clerk, care_sheet_id=opened.pk, sheet=sheet(other, centre), version=1)

    opened.refresh_from_db()
    assert opened.member_id == member.pk


def test_the_second_clerk_correcting_a_sheet_is_told_who_changed_it(clerk, colleague, centre, member, opened):
    care_sheet_edit(actor=clerk, care_sheet_id=opened.pk, sheet=corrected(member, centre), version=1)

    with pytest.raises(DomainError) as caught:
        care_sheet_edit(actor=colleague, care_sheet_id=opened.pk, sheet=sheet(member, centre), version=1)

    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "version")
    assert caught.value.message.startswith("Salka a corrigé cette feuille de soins le ")
    opened.refresh_from_db()
    assert opened.diagnosis == "E11.9"  # the first correction is not lost


def test_another_facility_cannot_correct_the_sheet(other_clerk, centre, member, opened):
    with pytest.raises(DomainError) as caught:
        care_sheet_edit(actor=other_clerk, care_sheet_id=opened.pk, sheet=sheet(member, centre))

    assert caught.value.code == ErrorCode.FORBIDDEN


def test_the_invoice_number_of_a_draft_is_corrected_and_stays_unique(clerk, centre, member, opened, drafted):
    second = care_sheet_open(actor=clerk, sheet=sheet(member, centre))
    billing_file_create(actor=clerk, care_sheet_id=second.pk, invoice_number="F-2", on=ON)

    billing_file_edit(actor=clerk, file_id=drafted.pk, invoice_number="F-1bis", version=1)
    with pytest.raises(DomainError) as caught:
        billing_file_edit(actor=clerk, file_id=drafted.pk, invoice_number="F-2", version=2)

    drafted.refresh_from_db()
    assert drafted.invoice_number == "F-1bis"
    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "invoice_number")
    event = AuditEvent.objects.get(action="billing_file_edit", object_id=str(drafted.pk))
    assert (event.before["invoice_number"], event.after["invoice_number"]) == ("F-1", "F-1bis")


# ---- Cancel ------------------------------------------------------------------------------------------


def test_a_draft_is_cancelled_with_its_reason_and_kept(clerk, opened, drafted):
    billing_file_cancel(actor=clerk, file_id=drafted.pk, reason="Saisi deux fois", version=1)

    drafted.refresh_from_db()
    opened.refresh_from_db()
    assert drafted.status == FileStatus.CANCELLED
    assert (opened.status, opened.cancel_reason) == (SheetStatus.CANCELLED, "Saisi deux fois")
    assert CareSheetLine.objects.filter(care_sheet=opened).count() == 1  # nothing deleted
    file_event = AuditEvent.objects.get(action="billing_file_cancel", object_id=str(drafted.pk))
    sheet_event = AuditEvent.objects.get(action="care_sheet_cancel", object_id=str(opened.pk))
    assert (file_event.actor, file_event.before["status"], file_event.after) == (
        clerk,
        "draft",
        {"status": "cancelled", "reason": "Saisi deux fois"},
    )
    assert (sheet_event.before["status"], sheet_event.after["status"]) == ("open", "cancelled")


def test_a_sheet_never_billed_is_cancelled_and_can_no_longer_be_billed(clerk, colleague, opened):
    care_sheet_cancel(actor=clerk, care_sheet_id=opened.pk, reason="Mauvais patient")

    with pytest.raises(DomainError) as caught:
        billing_file_create(actor=colleague, care_sheet_id=opened.pk, invoice_number="F-9", on=ON)

    assert CareSheet.objects.get().status == SheetStatus.CANCELLED
    assert caught.value.message.startswith("Salka a annulé cette feuille de soins le ")
    assert "Mauvais patient" in caught.value.message
    assert not BillingFile.objects.exists()


def test_a_cancellation_says_why(clerk, opened):
    with pytest.raises(DomainError) as caught:
        care_sheet_cancel(actor=clerk, care_sheet_id=opened.pk, reason="  ")

    assert (caught.value.code, caught.value.field) == (ErrorCode.REQUIRED, "reason")
    assert CareSheet.objects.get().status == SheetStatus.OPEN


def test_cancel_refused_once_submitted(clerk, colleague, opened, drafted):
    submitted(clerk, drafted)

    with pytest.raises(DomainError) as caught:
        care_sheet_cancel(actor=colleague, care_sheet_id=opened.pk, reason="Erreur")
    with pytest.raises(DomainError) as edit:
        care_sheet_edit(actor=colleague, care_sheet_id=opened.pk, sheet=sheet(opened.member, opened.facility))

    assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert caught.value.message.startswith("Salka a soumis ce dossier de facturation à la caisse le ")
    assert "rappelez son lot" in caught.value.message
    assert edit.value.code == ErrorCode.ILLEGAL_TRANSITION
    drafted.refresh_from_db()
    assert drafted.status == FileStatus.SUBMITTED
    assert CareSheet.objects.get().status == SheetStatus.OPEN


def test_a_cancelled_draft_leaves_its_open_batch(clerk, opened, drafted):
    batch = batch_create(actor=clerk, group="outpatient", on=ON)
    batch_files_add(actor=clerk, batch_id=batch.pk, file_ids=[drafted.pk])

    care_sheet_cancel(actor=clerk, care_sheet_id=opened.pk, reason="Doublon")

    drafted.refresh_from_db()
    assert (drafted.status, drafted.batch_id) == (FileStatus.CANCELLED, None)
    event = AuditEvent.objects.get(action="batch_files_remove", object_id=str(batch.pk))
    assert event.after == {"files": [drafted.pk]}


# ---- Pages -------------------------------------------------------------------------------------------


@pytest.fixture
def today_sheet(clerk, centre, shelf):
    """A consultation today for a family covered around today (the pages work on today)."""
    member = family(covered=AROUND_TODAY)
    lines = [LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=TODAY)]
    return care_sheet_open(actor=clerk, sheet=sheet(member, centre, care_date=TODAY, lines=lines))


def test_the_correction_page_shows_the_sheet_and_saves_it(client, clerk, today_sheet):
    client.force_login(clerk)
    url = reverse("claims:sheet_edit", args=[today_sheet.pk])

    shown = client.get(url)
    saved = client.post(url, sheet_form([CONSULT | {"billed": "800"}], diagnosis="E11.9", version="1"))

    assert shown.status_code == 200
    page = shown.content.decode()
    assert 'name="version" value="1"' in page and 'value="J06.9"' in page and 'value="CON-C"' in page
    assert saved.status_code == 302
    today_sheet.refresh_from_db()
    assert (today_sheet.diagnosis, today_sheet.version) == ("E11.9", 2)
    assert today_sheet.lines.get().billed == Decimal("800.00")


def test_the_second_clerk_on_the_correction_page_is_told_who_changed_it(
    client, clerk, colleague, centre, today_sheet
):
    care_sheet_cancel(actor=clerk, care_sheet_id=today_sheet.pk, reason="Doublon", version=1)
    client.force_login(colleague)

    response = client.post(
        reverse("claims:sheet_edit", args=[today_sheet.pk]), sheet_form([CONSULT], version="1")
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Salka a annulé cette feuille de soins le " in page and "Doublon" in page


def test_the_cancel_form_cancels_a_sheet_and_refuses_once_submitted(client, clerk, colleague, today_sheet):
    drafted = billing_file_create(actor=clerk, care_sheet_id=today_sheet.pk, invoice_number="F-1")
    submitted(clerk, drafted)
    client.force_login(colleague)

    refused = client.post(
        reverse("claims:file_cancel", args=[drafted.pk]), {"reason": "Erreur de saisie", "version": "1"}
    )

    assert refused.status_code == 409
    assert "Salka a soumis ce dossier de facturation à la caisse le " in refused.content.decode()
    drafted.refresh_from_db()
    assert drafted.status == FileStatus.SUBMITTED


def test_the_cancel_form_keeps_the_sheet_with_its_reason(client, clerk, today_sheet):
    client.force_login(clerk)

    response = client.post(
        reverse("claims:sheet_cancel", args=[today_sheet.pk]), {"reason": "Erreur de saisie", "version": "1"}
    )
    page = client.get(reverse("claims:sheet_detail", args=[today_sheet.pk])).content.decode()

    assert response.status_code == 302
    assert 'data-status="cancelled"' in page and "Erreur de saisie" in page
    assert 'id="edit-sheet"' not in page and 'id="bill"' not in page
