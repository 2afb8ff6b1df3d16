"""The finance officer's pages, from a scope previewed to a run paid, and the manager's reading of them."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanad.common.permissions import Role
from sanad.payments.models import SettlementRun, Transfer
from sanad.payments.statuses import RunStatus
from tests.payments.bank_messages import debit_notification
from tests.payments.conftest import RECEIVED, validated_file

pytestmark = pytest.mark.django_db
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}
SCOPE = {
    "period_start": RECEIVED.isoformat(),
    "period_end": RECEIVED.isoformat(),
    "region": "",
    "facility_kind": "",
}


@pytest.fixture(autouse=True)
def _tasks_now(settings):
    settings.TASKS = IMMEDIATE


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def files(centre, rib_centre):
    validated_file(
        centre, billed="1000.00", fund_share="800.00", rejected_line=("150.00", "not_in_benefit_package")
    )
    validated_file(rib_centre, billed="250.00", fund_share="200.00")


def start_run(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("payments:run_prepare"), SCOPE)
    assert response.status_code == 302, response.content.decode()[:2000]
    return SettlementRun.objects.get()


def test_the_finance_officer_previews_a_run_then_starts_it_and_it_is_prepared(
    client, officer, files, django_capture_on_commit_callbacks
):
    logged_in(client, officer)
    preview = client.get(reverse("payments:run_prepare"), SCOPE)
    assert preview.status_code == 200
    assert 'id="preview-files">2<' in preview.content.decode()

    run = start_run(client, django_capture_on_commit_callbacks)

    assert (run.status, run.files, run.orders) == (RunStatus.PREPARED, 2, 2)
    page = client.get(reverse("payments:run_detail", args=[run.pk])).content.decode()
    assert 'id="four-eyes"' in page and 'id="run-approve"' not in page
    assert "CS-001" in page and "CS-002" in page


def test_from_a_run_prepared_to_its_orders_paid_through_the_pages(
    client, officer, approver, files, django_capture_on_commit_callbacks
):
    run = start_run(logged_in(client, officer), django_capture_on_commit_callbacks)
    other = logged_in(type(client)(), approver)
    assert other.post(reverse("payments:run_approve", args=[run.pk])).status_code == 302
    assert client.post(reverse("payments:bank_file_issue", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.SENT
    bank_file = run.bank_files.get()
    xml = client.get(reverse("payments:bank_file_download", args=[bank_file.pk, "xml"]))
    assert xml["Content-Type"] == "application/xml" and b"pain.001.001.09" in xml.content
    csv = b"".join(
        client.get(reverse("payments:bank_file_download", args=[bank_file.pk, "csv"])).streaming_content
    )
    assert all(t.end_to_end_id.encode() in csv for t in Transfer.objects.all())
    debits = [(t.end_to_end_id, t.amount) for t in Transfer.objects.all()]
    upload = SimpleUploadedFile("camt054.xml", debit_notification("CAMT-P1", debits), content_type="text/xml")

    response = client.post(reverse("payments:confirmations"), {"file": upload})

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.PAID
    assert "CAMT-P1" in client.get(reverse("payments:confirmations")).content.decode()


def test_the_run_report_downloads_as_pdf_and_xlsx_with_the_lines_rejected_by_reason(
    client, officer, files, django_capture_on_commit_callbacks
):
    run = start_run(logged_in(client, officer), django_capture_on_commit_callbacks)

    pdf = client.get(reverse("payments:run_report", args=[run.pk, "pdf"]))
    xlsx = client.get(reverse("payments:run_report", args=[run.pk, "xlsx"]))

    assert pdf.content.startswith(b"%PDF")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(book.worksheets) == 4
    reasons = list(book.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert reasons == [("Panier de soins", 1, 150)]
    files_sheet = list(book.worksheets[3].iter_rows(min_row=2, values_only=True))
    assert len(files_sheet) == 2


def test_the_runs_list_filters_and_exports(client, officer, files, django_capture_on_commit_callbacks):
    run = start_run(logged_in(client, officer), django_capture_on_commit_callbacks)

    page = client.get(reverse("payments:run_list"), {"status": "prepared"}).content.decode()
    empty = client.get(reverse("payments:run_list"), {"status": "paid"}).content.decode()
    export = client.get(reverse("payments:run_list"), {"export": "csv"})

    assert run.number in page and run.number not in empty
    assert run.number.encode() in b"".join(export.streaming_content)


def test_the_manager_reads_the_runs_but_neither_prepares_nor_approves_them(
    client, officer, manager, files, django_capture_on_commit_callbacks
):
    run = start_run(logged_in(client, officer), django_capture_on_commit_callbacks)
    reader = logged_in(type(client)(), manager)

    assert reader.get(reverse("payments:run_list")).status_code == 200
    page = reader.get(reverse("payments:run_detail", args=[run.pk]))
    assert page.status_code == 200 and 'id="run-approve"' not in page.content.decode()
    assert reader.get(reverse("payments:run_prepare")).status_code == 403
    assert reader.post(reverse("payments:run_approve", args=[run.pk])).status_code == 403


def test_staff_of_other_roles_see_no_payment_page(client, make_user):
    logged_in(client, make_user("omar", Role.CLAIMS_CHECKER))

    assert client.get(reverse("payments:run_list")).status_code == 403
