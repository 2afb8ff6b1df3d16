"""The file lists' filters and exports (issue 14): the fund's queues by facility, amount billed, date of
care and papers awaited; the reception of batches; the facility's own files. Each filter narrows the list,
keeps through the pages and into the exports, whose headers and cells are in the reader's language; the
beneficiary leads to the member's page for those who read the register; a facility sees only its files."""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sanad.claims.models import Batch, BillingFile, InfoRequest
from sanad.claims.selectors import fund_lists
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register
from sanad.claims.statuses import BatchStatus, FileStatus
from sanad.claims.views import desk_lists, fund_reception, review_queues
from sanad.common.export import BOM
from sanad.common.permissions import Role
from sanad.providers.models import FacilityStaff
from sanad.registry.models import Dependant
from tests.claims.conftest import CARE_DAY, RECEIVED, agreed_centre, make_member

pytestmark = pytest.mark.django_db

SMALL = Decimal("1000.00")
LARGE = Decimal("30000.00")


@pytest.fixture
def sebkha(db):
    return agreed_centre("CS-002", "Centre de santé de Sebkha", "MR-13", "DRS de Nouakchott-Sud")


@pytest.fixture
def register(tariff):
    """`register(facility, member, …)`: a file received by the fund, moved to `status`."""
    serial = iter(range(1, 10_000))

    def make(
        facility,
        member,
        *,
        billed=SMALL,
        day=CARE_DAY,
        status=FileStatus.ADMIN_CHECK,
        dependant=None,
    ) -> BillingFile:
        sheet = CareSheetInput(
            facility_id=facility.pk,
            member_id=None if dependant else member.pk,
            dependant_id=dependant.pk if dependant else None,
            care_type="outpatient",
            care_date=day,
            lines=[LineInput(kind="act", code="CON-C", billed=billed, service_date=day)],
        )
        billing_file = billing_file_register(
            actor=None, sheet=sheet, invoice_number=f"FL-{next(serial):04d}", received_on=RECEIVED
        )
        BillingFile.objects.filter(pk=billing_file.pk).update(status=status)
        billing_file.refresh_from_db()
        return billing_file

    return make


@pytest.fixture
def finance(make_user):
    """Moussa pays the facilities: he reads every file but not the register."""
    return make_user("moussa", Role.FINANCE_OFFICER, first_name="Moussa")


@pytest.fixture
def desk_clerk(make_user, centre):
    user = make_user("fatimetou", Role.FACILITY_STAFF, first_name="Fatimetou")
    FacilityStaff.objects.create(user=user, facility=centre)
    return user


def _listed(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-file="(\d+)"', response.content.decode())]


def _csv(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _xlsx(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(book.worksheets[0].iter_rows(values_only=True))


# ---- The fund's queues: each filter narrows ------------------------------------------------------------


def test_the_amount_billed_narrows_the_queue(client, checker, centre, register):
    member = make_member()
    small = register(centre, member, billed=SMALL)
    large = register(centre, member, billed=LARGE)
    client.force_login(checker)
    url = reverse("claims:fund_check_queue")

    assert set(_listed(client.get(url))) == {small.pk, large.pk}
    assert _listed(client.get(url, {"billed_min": "5000"})) == [large.pk]
    assert _listed(client.get(url, {"billed_max": "5 000,00"})) == [small.pk]
    assert _listed(client.get(url, {"billed_min": "1000", "billed_max": "1000"})) == [small.pk]
    refused = client.get(url, {"billed_min": "5000", "billed_max": "10"})
    assert 'data-field="billed_max"' in refused.content.decode()


def test_a_facility_by_code_or_name_narrows_the_queue(client, checker, centre, sebkha, register):
    member = make_member()
    here = register(centre, member)
    there = register(sebkha, member)
    client.force_login(checker)
    url = reverse("claims:fund_check_queue")

    assert _listed(client.get(url, {"facility": "cs-002"})) == [there.pk]
    by_name = client.get(url, {"facility": "Teyarett"})
    assert _listed(by_name) == [here.pk]
    assert "CS-001 · Centre de santé de Teyarett" in by_name.content.decode()
    unknown = client.get(url, {"facility": "Nowhere"})
    assert _listed(unknown) == [] and 'id="facilities-matched"' in unknown.content.decode()


def test_the_date_of_care_narrows_the_queue(client, checker, centre, register):
    member = make_member()
    march = register(centre, member, day=CARE_DAY)
    february = register(centre, member, day=CARE_DAY - datetime.timedelta(days=30))
    client.force_login(checker)
    url = reverse("claims:fund_check_queue")

    assert _listed(client.get(url, {"care_from": "2026-03-01"})) == [march.pk]
    assert _listed(client.get(url, {"care_to": "2026-02-28"})) == [february.pk]
    with_facility = {"care_from": "2026-02-01", "care_to": "2026-02-28", "facility": "CS-001"}
    assert _listed(client.get(url, with_facility)) == [february.pk]


def test_waiting_for_papers_keeps_the_files_whose_request_is_unanswered(client, checker, centre, register):
    member = make_member()
    asked = register(centre, member)
    answered = register(centre, member)
    register(centre, member)
    InfoRequest.objects.create(billing_file=asked, asked_on=RECEIVED, asked_by=checker)
    InfoRequest.objects.create(
        billing_file=answered, asked_on=RECEIVED, asked_by=checker, answered_on=RECEIVED, answer="Jointe."
    )
    client.force_login(checker)

    page = client.get(reverse("claims:fund_check_queue"), {"papers": "on"})

    assert _listed(page) == [asked.pk]
    assert 'data-papers="asked"' in page.content.decode()


def test_the_overdue_list_narrows_by_amount_within_its_step(client, manager, centre, register):
    member = make_member()
    today = timezone.localdate()
    late_small = register(centre, member, status=FileStatus.MEDICAL_REVIEW)
    late_large = register(centre, member, billed=LARGE, status=FileStatus.MEDICAL_REVIEW)
    on_time = register(centre, member, billed=LARGE, status=FileStatus.MEDICAL_REVIEW)
    BillingFile.objects.filter(pk__in=[late_small.pk, late_large.pk]).update(
        due_on=today - datetime.timedelta(1)
    )
    BillingFile.objects.filter(pk=on_time.pk).update(due_on=today + datetime.timedelta(3))
    client.force_login(manager)

    page = client.get(reverse("claims:fund_overdue"), {"status": "medical_review", "billed_min": "20000"})

    assert _listed(page) == [late_large.pk]
    # The tabs of the other steps keep the amount typed.
    assert "billed_min=20000&amp;status=admin_check" in page.content.decode()


# ---- Paging and exports keep the filters ---------------------------------------------------------------


def test_the_filters_survive_paging(client, checker, centre, sebkha, register, monkeypatch):
    member = make_member()
    wanted = [register(sebkha, member, billed=LARGE) for _ in range(3)]
    register(centre, member, billed=LARGE)
    register(sebkha, member, billed=SMALL)
    monkeypatch.setattr(
        review_queues, "billing_file_list", functools.partial(fund_lists.billing_file_list, size=1)
    )
    client.force_login(checker)
    url = reverse("claims:fund_check_queue")

    seen = []
    response = client.get(url, {"facility": "CS-002", "billed_min": "20000"})
    while True:
        seen += _listed(response)
        found = re.search(r'href="\?([^"]*)" rel="next"', response.content.decode())
        if not found:
            break
        query = found.group(1).replace("&amp;", "&")
        assert "facility=CS-002" in query and "billed_min=20000" in query
        response = client.get(f"{url}?{query}")

    assert seen == [f.pk for f in wanted]


def test_the_export_links_keep_the_filters_and_the_csv_holds_only_the_filtered_files(
    client, checker, centre, sebkha, register
):
    member = make_member()
    kept = register(sebkha, member, billed=LARGE)
    register(centre, member, billed=LARGE)
    client.force_login(checker)
    url = reverse("claims:fund_check_queue")

    page = client.get(url, {"facility": "CS-002", "after": "junk"}).content.decode()
    link = re.search(r'href="(\?[^"]*export=csv)"', page).group(1).replace("&amp;", "&")
    assert "facility=CS-002" in link and "after=" not in link
    response = client.get(url + link)

    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{timezone.localdate():%Y-%m-%d}.csv" in response["Content-Disposition"]
    raw, rows = _csv(response)
    assert raw.startswith(BOM.encode("utf-8"))
    assert [row[0] for row in rows[1:]] == [kept.invoice_number]


def test_the_csv_export_speaks_french_with_labels_not_codes(client, checker, centre, register):
    member = make_member()
    asked = register(centre, member, billed=Decimal("1234.50"))
    InfoRequest.objects.create(billing_file=asked, asked_on=RECEIVED, asked_by=checker)
    client.force_login(checker)

    raw, rows = _csv(client.get(reverse("claims:fund_check_queue"), {"export": "csv"}))

    header, [row] = rows[0], rows[1:]
    with translation.override("fr"):
        assert header == [str(h) for h in review_queues.EXPORT_HEADER]
    assert "Numéro de facture" in header and "Invoice number" not in header
    cells = dict(zip(header, row, strict=True))
    assert cells["Numéro de facture"] == asked.invoice_number
    facility = (cells["Code de la formation sanitaire"], cells["Formation sanitaire"])
    assert facility == ("CS-001", "Centre de santé de Teyarett")
    assert cells["Statut"] == "Contrôle administratif"
    assert cells["Date des soins"] == "2026-03-10"
    assert cells["Facturé"] == "1234.50"
    assert cells["Numéro d'immatriculation"] == member.registration_number
    assert cells["Pièces"] == "Demandées, sans réponse"
    text = raw.decode("utf-8-sig")
    for code in ("admin_check", "outpatient", "True", "False", "None"):
        assert code not in text


def test_the_xlsx_export_opens_with_typed_dates_and_amounts_in_arabic(client, checker, centre, register):
    member = make_member()
    billing_file = register(centre, member, billed=Decimal("1234.50"))
    client.force_login(checker)

    response = client.get(reverse("claims:fund_check_queue"), {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ar")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    header, row = _xlsx(response)
    with translation.override("ar"):
        assert list(header) == [str(h) for h in review_queues.EXPORT_HEADER]
        assert row[11] == str(FileStatus.ADMIN_CHECK.label)
    assert "Invoice number" not in header and "Numéro de facture" not in header
    assert row[0] == billing_file.invoice_number
    assert row[5] == datetime.datetime(2026, 3, 10)  # a date cell, not a text
    assert row[9] == pytest.approx(1234.5)


def test_the_name_leads_to_the_member_page_for_readers_of_the_register_only(
    client, manager, finance, centre, register
):
    member = make_member()
    child = Dependant.objects.create(
        member=member,
        first_name="Sidi",
        last_name="Ould Ahmed",
        sex="M",
        birth_date=datetime.date(2015, 3, 3),
        relationship="child",
    )
    late = register(centre, member, dependant=child)
    BillingFile.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(2))
    page = reverse("registry:member_detail", args=[member.pk])

    client.force_login(manager)
    shown = client.get(reverse("claims:fund_overdue")).content.decode()
    assert f'<a href="{page}" class="person">Sidi Ould Ahmed</a>' in shown
    client.force_login(finance)
    shown = client.get(reverse("claims:fund_overdue")).content.decode()
    assert "Sidi Ould Ahmed" in shown and page not in shown


def test_a_queue_page_costs_the_same_queries_with_every_filter(client, checker, centre, register):
    member = make_member()
    filters = {"facility": "CS-001", "billed_min": "1", "care_from": "2026-01-01", "papers": "on"}
    files = [register(centre, member)]
    InfoRequest.objects.create(billing_file=files[0], asked_on=RECEIVED, asked_by=checker)
    client.force_login(checker)
    with CaptureQueriesContext(connection) as one:
        assert len(_listed(client.get(reverse("claims:fund_check_queue"), filters))) == 1
    for _ in range(4):
        files.append(register(centre, make_member()))
        InfoRequest.objects.create(billing_file=files[-1], asked_on=RECEIVED, asked_by=checker)

    with CaptureQueriesContext(connection) as five:
        assert len(_listed(client.get(reverse("claims:fund_check_queue"), filters))) == 5

    assert len(five.captured_queries) == len(one.captured_queries)


# ---- The reception of batches ---------------------------------------------------------------------------


def _batch(facility, number: str, submitted_on: datetime.date) -> Batch:
    return Batch.objects.create(
        facility=facility,
        number=number,
        group="outpatient",
        status=BatchStatus.SUBMITTED,
        submitted_on=submitted_on,
    )


def test_the_reception_narrows_by_facility_and_day_and_exports(client, checker, centre, sebkha, register):
    here = _batch(centre, "B-1", datetime.date(2026, 4, 1))
    there = _batch(sebkha, "B-2", datetime.date(2026, 4, 3))
    billing_file = register(sebkha, make_member(), billed=LARGE, status=FileStatus.SUBMITTED)
    BillingFile.objects.filter(pk=billing_file.pk).update(batch=there)
    client.force_login(checker)
    url = reverse("claims:batch_queue")

    def batches(**query) -> list[int]:
        return [int(pk) for pk in re.findall(r'data-batch="(\d+)"', client.get(url, query).content.decode())]

    assert batches() == [here.pk, there.pk]
    assert batches(facility="Sebkha") == [there.pk]
    assert batches(submitted_from="2026-04-02") == [there.pk]
    assert batches(submitted_to="2026-04-02") == [here.pk]
    _, rows = _csv(client.get(url, {"facility": "CS-002", "export": "csv"}))
    assert rows[1:] == [
        ["2026-04-03", "B-2", "CS-002", "Centre de santé de Sebkha", "Soins ambulatoires", "1", "30000.00"]
    ]


# ---- The facility's own files --------------------------------------------------------------------------


def test_the_facility_list_narrows_by_amount_and_papers_and_shows_only_its_files(
    client, desk_clerk, checker, centre, sebkha, register
):
    member = make_member()
    small = register(centre, member, status=FileStatus.RECEIVED)
    large = register(centre, member, billed=LARGE, status=FileStatus.RECEIVED)
    elsewhere = register(sebkha, member, billed=LARGE, status=FileStatus.RECEIVED)
    InfoRequest.objects.create(billing_file=small, asked_on=RECEIVED, asked_by=checker)
    InfoRequest.objects.create(billing_file=elsewhere, asked_on=RECEIVED, asked_by=checker)
    client.force_login(desk_clerk)
    url = reverse("claims:desk_files")

    assert _listed(client.get(url)) == [large.pk, small.pk]
    assert _listed(client.get(url, {"billed_min": "20000"})) == [large.pk]
    assert _listed(client.get(url, {"papers": "on"})) == [small.pk]
    assert _listed(client.get(url, {"status": "validated"})) == []
    # No parameter opens another facility's files, in the page or in its export.
    assert _listed(client.get(url, {"facility": "CS-002", "facility_ids": elsewhere.facility_id})) == [
        large.pk,
        small.pk,
    ]
    _, rows = _csv(client.get(url, {"export": "csv"}))
    assert [row[0] for row in rows[1:]] == [large.invoice_number, small.invoice_number]
    assert client.get(reverse("claims:fund_check_queue")).status_code == 403
    assert client.get(reverse("claims:batch_queue")).status_code == 403


def test_the_facility_export_keeps_its_filters_and_speaks_french(client, desk_clerk, centre, register):
    member = make_member()
    register(centre, member, status=FileStatus.RECEIVED)
    large = register(centre, member, billed=LARGE, status=FileStatus.RECEIVED)
    client.force_login(desk_clerk)

    response = client.get(reverse("claims:desk_files"), {"billed_min": "20000", "export": "xlsx"})

    header, *rows = _xlsx(response)
    with translation.override("fr"):
        assert list(header) == [str(h) for h in desk_lists.EXPORT_HEADER]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Numéro de facture"] == large.invoice_number
    assert (row["Type de soins"], row["Statut"]) == ("Ambulatoire", "Reçu")
    assert row["Date des soins"] == datetime.datetime(2026, 3, 10)


def test_the_reception_export_header_is_translated(client, checker):
    client.force_login(checker)
    header, *rows = _xlsx(client.get(reverse("claims:batch_queue"), {"export": "xlsx"}))
    with translation.override("fr"):
        assert list(header) == [str(h) for h in fund_reception.EXPORT_HEADER]
    assert rows == []


# ---- Every filter rides an index (PostgreSQL's plans) -------------------------------------------------

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's plans")


def _plans(run) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        list(run())
    plans = []
    for query in captured.captured_queries:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
            transaction.set_rollback(True)
    return plans


@postgres_only
@pytest.mark.parametrize(
    "filters",
    [
        fund_lists.FileFilters(billed_min=Decimal("10"), billed_max=Decimal("50000")),
        fund_lists.FileFilters(care_from=datetime.date(2026, 1, 1), care_to=datetime.date(2026, 3, 31)),
        fund_lists.FileFilters(papers_waiting=True),
        fund_lists.FileFilters(facility_ids=(1, 2), care_from=datetime.date(2026, 1, 1), papers_waiting=True),
        fund_lists.FileFilters(overdue_on=datetime.date(2026, 5, 1), billed_min=Decimal("1")),
    ],
    ids=["amount", "care", "papers", "facility", "overdue"],
)
def test_no_filter_of_the_queues_reads_a_table_whole(checker, centre, register, filters):
    register(centre, make_member())

    plans = _plans(
        lambda: (
            fund_lists.billing_file_list(user=checker, status=FileStatus.ADMIN_CHECK, filters=filters).rows
        )
    )

    assert plans
    for plan in plans:
        assert "Seq Scan" not in plan, plan


@postgres_only
def test_the_facility_list_and_the_reception_read_no_table_whole(desk_clerk, checker, centre, register):
    register(centre, make_member(), status=FileStatus.RECEIVED)
    filters = fund_lists.FileFilters(
        billed_min=Decimal("1"), care_from=datetime.date(2026, 1, 1), papers_waiting=True
    )
    batches = fund_lists.BatchFilters(submitted_from=datetime.date(2026, 1, 1), facility_ids=(centre.pk,))

    plans = _plans(lambda: fund_lists.billing_file_list_facility(user=desk_clerk, filters=filters).rows)
    plans += _plans(lambda: fund_lists.batch_list_reception(user=checker, filters=batches).rows)

    for plan in plans:
        assert "Seq Scan" not in plan, plan


@pytest.mark.parametrize("name", ["claims:fund_check_queue", "claims:batch_queue"])
def test_the_filters_and_exports_speak_arabic_on_an_arabic_page(client, checker, name):
    client.force_login(checker)

    page = client.get(reverse(name), {"facility": "CS"}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    with translation.override("ar"):
        for english in ("Facility (code or name)", "Export CSV", "Export XLSX", "Clear the filters"):
            assert translation.gettext(english) in page
            assert english not in page
    assert "No facility has this code or name." not in page and "Filter" not in page
