"""The register checks queue and the payment corrections waiting for approval (issue 14): each filter
narrows its list, keeps through the pages (by key, never the first 200 only) and into the exports, whose
headers and cells are in the reader's language with no internal code; every person named leads to the
member's page for those who read the register."""

from __future__ import annotations

import csv
import datetime
import functools
import io
import itertools
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sanad.common import permissions
from sanad.common.export import BOM
from sanad.common.permissions import Role
from sanad.registry.models import (
    Contribution,
    ContributionCorrection,
    CorrectionKind,
    CorrectionStatus,
    Dependant,
    Finding,
    Member,
)
from sanad.registry.quality import selectors as quality_selectors
from sanad.registry.quality import views as quality_views
from sanad.registry.quality.statuses import FindingKind
from sanad.registry.selectors import corrections as correction_selectors
from sanad.registry.views import corrections as correction_views

pytestmark = pytest.mark.django_db
FUND = "cnass-mr"
FINDINGS = reverse("registry:quality_queue")
CORRECTIONS = reverse("registry:correction_queue")
FOUND = datetime.date(2026, 11, 2)

_serial = itertools.count(1)


@pytest.fixture
def fund(settings) -> str:
    """One fund is enough here: the lists read no profile rule but its regions."""
    settings.SANAD_FUND = FUND
    return FUND


@pytest.fixture
def officer(fund, make_user):
    """Omar, an enrollment officer, clears the register's findings and approves the corrections."""
    return make_user("omar", Role.ENROLLMENT_OFFICER, first_name="Omar")


@pytest.fixture
def desk(client, officer):
    client.force_login(officer)
    return client


def person(first_name: str = "Aminetou", last_name: str = "Mint Ahmed", *, region: str = "MR-12") -> Member:
    number = next(_serial)
    return Member.objects.create(
        first_name=first_name,
        last_name=last_name,
        sex="F",
        birth_date=datetime.date(1986, 5, 4),
        registration_number=f"Q{number:08d}",
        population="national",
        nationality="MR",
        region=region,
        enrolled_on=datetime.date(2026, 10, 1),
    )


def finding(
    member: Member,
    *,
    kind: str = FindingKind.DUPLICATE_PERSON,
    blocking: bool = True,
    found_on: datetime.date = FOUND,
    other: Member | None = None,
    dependant: Dependant | None = None,
) -> Finding:
    return Finding.objects.create(
        kind=kind,
        blocking=blocking,
        member=member,
        other_member=other,
        dependant=dependant,
        params={"other": other.registration_number} if other else {},
        key=f"test:{next(_serial)}",
        found_on=found_on,
    )


def _rows(response, name: str) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(rf'{name}="(\d+)"', response.content.decode())]


def _findings(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<tr id="finding-(\d+)"', response.content.decode())]


def _csv(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _xlsx(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


def _walk(client, url: str, query: dict, read, kept: tuple[str, ...]) -> list[int]:
    """Every row of a list, following its "next page" links; each link keeps the filters `kept`."""
    seen: list[int] = []
    response = client.get(url, query)
    while True:
        seen += read(response)
        found = re.search(r'href="\?([^"]*)" rel="next"', response.content.decode())
        if not found:
            return seen
        link = found.group(1).replace("&amp;", "&")
        for name in kept:
            assert name in link, link
        response = client.get(f"{url}?{link}")


def _export_link(page: str, fmt: str) -> str:
    return re.search(rf'href="(\?[^"]*export={fmt})"', page).group(1).replace("&amp;", "&")


# ---- The register checks: each filter narrows ----------------------------------------------------------


def test_the_kind_and_blocking_or_not_narrow_the_findings(desk):
    twin = finding(person(), kind=FindingKind.DUPLICATE_PERSON)
    phone = finding(person(), kind=FindingKind.SHARED_PHONE, blocking=False)
    missing = finding(person(), kind=FindingKind.DOCUMENT_MISSING)

    assert _findings(desk.get(FINDINGS)) == [twin.pk, phone.pk, missing.pk]
    assert _findings(desk.get(FINDINGS, {"kind": "shared_phone"})) == [phone.pk]
    assert _findings(desk.get(FINDINGS, {"blocking": "yes"})) == [twin.pk, missing.pk]
    assert _findings(desk.get(FINDINGS, {"blocking": "no"})) == [phone.pk]
    assert _findings(desk.get(FINDINGS, {"blocking": "yes", "kind": "shared_phone"})) == []
    assert 'data-field="kind"' in desk.get(FINDINGS, {"kind": "nonsense"}).content.decode()


def test_the_members_region_narrows_the_findings_and_is_named(desk):
    inchiri = finding(person(region="MR-12"))
    finding(person(region="MR-01"))

    page = desk.get(FINDINGS, {"region": "MR-12"})

    assert _findings(page) == [inchiri.pk]
    html = page.content.decode()
    assert '<option value="MR-12" selected>Inchiri</option>' in html
    assert ">Inchiri</span>" in html and ">MR-12<" not in html


def test_the_days_found_narrow_the_findings(desk):
    early = finding(person(), found_on=datetime.date(2026, 10, 5))
    late = finding(person(), found_on=datetime.date(2026, 11, 20))

    assert _findings(desk.get(FINDINGS, {"found_from": "2026-11-01"})) == [late.pk]
    assert _findings(desk.get(FINDINGS, {"found_to": "2026-10-31"})) == [early.pk]
    both = {"found_from": "2026-10-05", "found_to": "2026-10-05"}
    assert _findings(desk.get(FINDINGS, both)) == [early.pk]
    backwards = {"found_from": "2026-11-01", "found_to": "2026-10-01"}
    assert 'data-field="found_to"' in desk.get(FINDINGS, backwards).content.decode()


def test_the_finding_filters_survive_paging(desk, monkeypatch):
    wanted = [
        finding(person(region="MR-12"), blocking=False, kind=FindingKind.SHARED_PHONE) for _ in range(3)
    ]
    finding(person(region="MR-01"), blocking=False, kind=FindingKind.SHARED_PHONE)
    finding(person(region="MR-12"))
    monkeypatch.setattr(
        quality_views, "finding_list", functools.partial(quality_selectors.finding_list, size=1)
    )

    seen = _walk(
        desk, FINDINGS, {"region": "MR-12", "blocking": "no"}, _findings, ("region=MR-12", "blocking=no")
    )

    assert seen == [f.pk for f in wanted]


def test_the_findings_csv_keeps_the_filters_and_speaks_french(desk):
    member = person("Aminetou", "Mint Ahmed", region="MR-12")
    other = person("Aminétou", "Mint Ahmed", region="MR-12")
    finding(member, other=other, found_on=datetime.date(2026, 11, 2))
    finding(person(region="MR-01"))

    page = desk.get(FINDINGS, {"region": "MR-12", "after": "junk"}).content.decode()
    link = _export_link(page, "csv")
    assert "region=MR-12" in link and "after=" not in link
    response = desk.get(FINDINGS + link)

    raw, rows = _csv(response)
    assert raw.startswith(BOM.encode("utf-8"))
    assert response["Content-Disposition"].startswith("attachment;")
    header, [row] = rows[0], rows[1:]
    with translation.override("fr"):
        assert header == [str(h) for h in quality_views.EXPORT_HEADER]
        assert row[0] == str(FindingKind.DUPLICATE_PERSON.label)
    cells = dict(zip(header, row, strict=True))
    assert cells["Bloque l'attestation"] == "Oui"
    assert cells["Numéro d'immatriculation"] == member.registration_number
    assert cells["Nom"] == "Aminetou Mint Ahmed"
    assert cells["Région"] == "Inchiri"
    assert cells["Autre assuré principal"] == "Aminétou Mint Ahmed"
    assert cells["Numéro d'immatriculation de l'autre assuré principal"] == other.registration_number
    assert cells["Détectée le"] == "2026-11-02"
    assert other.registration_number in cells["Détails"]
    text = raw.decode("utf-8-sig")
    for code in ("duplicate_person", "MR-12", "True", "False", "None", "open"):
        assert code not in text


def test_the_findings_xlsx_opens_in_arabic_with_dates_typed(desk):
    member = person(region="MR-12")
    finding(member, kind=FindingKind.SHARED_PHONE, blocking=False, found_on=datetime.date(2026, 11, 2))

    sheet = _xlsx(desk.get(FINDINGS, {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ar"))

    header, row = list(sheet.iter_rows(values_only=True))
    with translation.override("ar"):
        assert list(header) == [str(h) for h in quality_views.EXPORT_HEADER]
        assert row[0] == str(FindingKind.SHARED_PHONE.label)
        assert row[1] == translation.gettext("No")
    assert sheet.sheet_view.rightToLeft
    assert row[2] == member.registration_number and row[4] == "إينشيري"
    assert row[9] == datetime.datetime(2026, 11, 2)
    assert "Kind" not in header and "Type" not in header


def test_both_members_of_a_finding_lead_to_their_pages_for_readers_of_the_register(
    client, officer, monkeypatch
):
    member, other = person("Aminetou", "Mint Ahmed"), person("Mariem", "Mint Sidi")
    finding(member, other=other)
    to_member = reverse("registry:member_detail", args=[member.pk])
    to_other = reverse("registry:member_detail", args=[other.pk])
    client.force_login(officer)

    page = client.get(FINDINGS).content.decode()
    assert f'<a href="{to_member}" class="person">Aminetou Mint Ahmed</a>' in page
    assert f'<a href="{to_other}" class="person">Mariem Mint Sidi</a>' in page

    readers = permissions.CAPABILITIES["registry.view"] - {Role.ENROLLMENT_OFFICER}
    monkeypatch.setitem(permissions.CAPABILITIES, "registry.view", readers)
    page = client.get(FINDINGS).content.decode()
    assert "Aminetou Mint Ahmed" in page and "Mariem Mint Sidi" in page
    assert f'href="{to_member}"' not in page and f'href="{to_other}"' not in page


def test_the_findings_page_speaks_arabic(desk):
    finding(person())

    page = desk.get(FINDINGS, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    with translation.override("ar"):
        for english in ("Blocks the certificate", "Blocking or not", "All kinds", "Found from", "Export CSV"):
            assert translation.gettext(english) in page
            assert english not in page
        assert str(FindingKind.DUPLICATE_PERSON.label) in page
    assert ">MR-12<" not in page and "Same names and birth date" not in page


def test_the_findings_list_is_kept_from_counter_agents(client, alice):
    client.force_login(alice)
    assert client.get(FINDINGS).status_code == 403
    assert client.get(FINDINGS, {"export": "csv"}).status_code == 403


# ---- The payment corrections waiting for approval ------------------------------------------------------


def correction(
    member: Member,
    asked_by,
    *,
    kind: str = CorrectionKind.VOID,
    at: datetime.datetime | None = None,
    status: str = CorrectionStatus.PENDING,
) -> ContributionCorrection:
    number = next(_serial)
    contribution = Contribution.objects.create(
        member=member,
        method="cash",
        insured_share=Decimal("2500.00"),
        sponsor_share=Decimal("2500.00"),
        amount=Decimal("5000.00"),
        currency="MRU",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        paid_on=datetime.date(2026, 1, 5),
        receipt_number=f"R-Q-{number}",
    )
    made = ContributionCorrection.objects.create(
        contribution=contribution,
        kind=kind,
        status=status,
        reason="Saisi sur le mauvais assuré.",
        paid_on=datetime.date(2026, 1, 6) if kind == CorrectionKind.REDATE else None,
        refund_reference="RB-1" if kind == CorrectionKind.REFUND else "",
        requested_by=asked_by,
    )
    if at is not None:
        ContributionCorrection.objects.filter(pk=made.pk).update(requested_at=at)
        made.refresh_from_db()
    return made


def _corrections(response) -> list[int]:
    return _rows(response, "data-correction")


def _at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_the_kind_narrows_the_corrections_oldest_first(desk, alice):
    void = correction(person(), alice, kind=CorrectionKind.VOID, at=_at(datetime.date(2026, 11, 2)))
    redate = correction(person(), alice, kind=CorrectionKind.REDATE, at=_at(datetime.date(2026, 11, 1)))
    correction(person(), alice, status=CorrectionStatus.APPLIED)

    assert _corrections(desk.get(CORRECTIONS)) == [redate.pk, void.pk]
    assert _corrections(desk.get(CORRECTIONS, {"kind": "void"})) == [void.pk]
    assert _corrections(desk.get(CORRECTIONS, {"kind": "refund"})) == []
    assert 'data-field="kind"' in desk.get(CORRECTIONS, {"kind": "nonsense"}).content.decode()


def test_the_days_requested_are_the_funds_days(desk, alice, settings):
    settings.TIME_ZONE = "Africa/Casablanca"  # an hour ahead of UTC: 23:30 UTC is the next day there
    late_evening = correction(person(), alice, at=datetime.datetime(2026, 11, 2, 23, 30, tzinfo=datetime.UTC))
    morning = correction(person(), alice, at=_at(datetime.date(2026, 11, 2), hour=9))
    earlier = correction(person(), alice, at=_at(datetime.date(2026, 10, 20)))

    assert _corrections(desk.get(CORRECTIONS, {"requested_from": "2026-11-03"})) == [late_evening.pk]
    same_day = {"requested_from": "2026-11-02", "requested_to": "2026-11-02"}
    assert _corrections(desk.get(CORRECTIONS, same_day)) == [morning.pk]
    assert _corrections(desk.get(CORRECTIONS, {"requested_to": "2026-10-31"})) == [earlier.pk]
    backwards = {"requested_from": "2026-11-02", "requested_to": "2026-11-01"}
    assert 'data-field="requested_to"' in desk.get(CORRECTIONS, backwards).content.decode()


def test_the_corrections_page_by_key_with_their_filters(desk, alice, monkeypatch):
    day = datetime.date(2026, 11, 2)
    # Two asked within the same second: the id breaks the tie of the key.
    wanted = [
        correction(person(), alice, kind=CorrectionKind.REFUND, at=_at(day, minute=n // 2)) for n in range(4)
    ]
    correction(person(), alice, kind=CorrectionKind.VOID, at=_at(day))
    monkeypatch.setattr(
        correction_views, "correction_list", functools.partial(correction_selectors.correction_list, size=1)
    )

    seen = _walk(desk, CORRECTIONS, {"kind": "refund"}, _corrections, ("kind=refund",))

    assert seen == [c.pk for c in wanted]


def test_a_cursor_typed_by_hand_starts_the_lists_again(desk, alice):
    waiting = correction(person(), alice)
    found = finding(person())

    for cursor in ('["yesterday", "1"]', '["2026-11-02 10:00:00+00:00", "x"]', "[1]", "junk"):
        assert _corrections(desk.get(CORRECTIONS, {"after": cursor})) == [waiting.pk]
        assert _corrections(desk.get(CORRECTIONS, {"before": cursor})) == [waiting.pk]
        assert _findings(desk.get(FINDINGS, {"after": cursor})) == [found.pk]


def test_the_corrections_csv_keeps_the_filters_and_speaks_french(desk, alice):
    member = person("Aminetou", "Mint Ahmed")
    kept = correction(member, alice, kind=CorrectionKind.REDATE, at=_at(datetime.date(2026, 11, 2), 9, 15))
    correction(person(), alice, kind=CorrectionKind.VOID)

    page = desk.get(CORRECTIONS, {"kind": "redate"}).content.decode()
    response = desk.get(CORRECTIONS + _export_link(page, "csv"))

    raw, rows = _csv(response)
    assert raw.startswith(BOM.encode("utf-8"))
    header, [row] = rows[0], rows[1:]
    with translation.override("fr"):
        assert header == [str(h) for h in correction_views.EXPORT_HEADER]
        assert row[6] == str(CorrectionKind.REDATE.label)
    assert row[:6] == [
        member.registration_number,
        "Aminetou Mint Ahmed",
        kept.contribution.receipt_number,
        "2026-01-05",
        "5000.00",
        "MRU",
    ]
    assert row[7] == "2026-01-06" and row[9] == "Saisi sur le mauvais assuré."
    assert row[10] == "Alice" and row[11].startswith("2026-11-02T09:15")
    text = raw.decode("utf-8-sig")
    for code in ("redate", "pending", "True", "False", "None"):
        assert code not in text


def test_the_corrections_xlsx_opens_in_arabic_with_typed_cells(desk, alice):
    correction(person(), alice, kind=CorrectionKind.VOID, at=_at(datetime.date(2026, 11, 2), 9, 15))

    sheet = _xlsx(desk.get(CORRECTIONS, {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ar"))

    header, row = list(sheet.iter_rows(values_only=True))
    with translation.override("ar"):
        assert list(header) == [str(h) for h in correction_views.EXPORT_HEADER]
        assert row[6] == str(CorrectionKind.VOID.label)
    assert sheet.sheet_view.rightToLeft
    assert row[3] == datetime.datetime(2026, 1, 5) and row[4] == pytest.approx(5000)
    assert row[11] == datetime.datetime(2026, 11, 2, 9, 15)


def test_the_member_of_a_correction_leads_to_their_page_for_readers_of_the_register(
    client, officer, alice, monkeypatch
):
    member = person("Aminetou", "Mint Ahmed")
    correction(member, alice)
    to_member = reverse("registry:member_detail", args=[member.pk])
    client.force_login(officer)

    assert (
        f'<a href="{to_member}" class="person">Aminetou Mint Ahmed</a>'
        in client.get(CORRECTIONS).content.decode()
    )
    readers = permissions.CAPABILITIES["registry.view"] - {Role.ENROLLMENT_OFFICER}
    monkeypatch.setitem(permissions.CAPABILITIES, "registry.view", readers)
    page = client.get(CORRECTIONS).content.decode()
    assert "Aminetou Mint Ahmed" in page and to_member not in page


def test_the_corrections_page_speaks_arabic(desk, alice):
    correction(person(), alice)

    page = desk.get(CORRECTIONS, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    with translation.override("ar"):
        for english in ("All corrections", "Requested from", "Requested until", "Export XLSX"):
            assert translation.gettext(english) in page
            assert english not in page
        assert str(CorrectionKind.VOID.label) in page
    assert "Void (entered by mistake)" not in page


# ---- Every filter rides an index (PostgreSQL's plans) -------------------------------------------------

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's plans")


def _plans(run, table: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        list(run())
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or f'"{table}"' not in sql:
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
            transaction.set_rollback(True)
    return plans


@postgres_only
@pytest.mark.parametrize(
    "filters",
    [
        quality_selectors.FindingFilters(kind=FindingKind.SHARED_PHONE),
        quality_selectors.FindingFilters(blocking=True),
        quality_selectors.FindingFilters(region="MR-12"),
        quality_selectors.FindingFilters(found_from=FOUND, found_to=FOUND),
    ],
    ids=["kind", "blocking", "region", "found"],
)
def test_no_filter_of_the_findings_reads_a_table_whole(officer, filters):
    finding(person())

    plans = _plans(
        lambda: quality_selectors.finding_list(user=officer, filters=filters, today=FOUND).rows,
        Finding._meta.db_table,
    )

    assert plans
    for plan in plans:
        assert "Seq Scan" not in plan, plan


@postgres_only
@pytest.mark.parametrize(
    "filters",
    [
        correction_selectors.CorrectionFilters(),
        correction_selectors.CorrectionFilters(kind=CorrectionKind.REFUND),
        correction_selectors.CorrectionFilters(
            requested_from=datetime.date(2026, 11, 1), requested_to=datetime.date(2026, 11, 30)
        ),
    ],
    ids=["waiting", "kind", "requested"],
)
def test_no_filter_of_the_corrections_reads_a_table_whole(officer, alice, filters):
    correction(person(), alice)

    plans = _plans(
        lambda: correction_selectors.correction_list(user=officer, filters=filters).rows,
        ContributionCorrection._meta.db_table,
    )

    assert plans
    for plan in plans:
        assert "Seq Scan" not in plan, plan
