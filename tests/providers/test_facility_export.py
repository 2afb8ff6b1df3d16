"""The facilities list exports (issue 14): CSV or XLSX with the page's filters, headers and cells in the
reader's language (labels, never the codes of a kind, a sector, a level, a region or a status), the whole
list read by key a chunk at a time; facility staff export only their own facility."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from sanad.common.export import BOM
from sanad.common.permissions import Role
from sanad.providers.models import FacilityStaff
from sanad.providers.statuses import FacilityNetworkStatus
from sanad.providers.views import facilities as facility_views

pytestmark = pytest.mark.django_db
URL = reverse("providers:facility_list")


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = "cnass-mr"


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def _csv(response) -> tuple[bytes, list[list[str]]]:
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _export_link(page: str, fmt: str) -> str:
    return re.search(rf'href="(\?[^"]*export={fmt})"', page).group(1).replace("&amp;", "&")


def test_the_export_links_keep_the_filters_and_the_csv_speaks_french(manager_client, make_facility):
    kept = make_facility(
        "health_centre", "public", name_fr="Centre de santé de Rosso", name_ar="المركز الصحي روصو"
    )
    make_facility("health_post", "public")
    make_facility("health_centre", "public", region="MR-12")

    page = manager_client.get(URL, {"kind": "health_centre", "region": "MR-06", "after": "X"})
    link = _export_link(page.content.decode(), "csv")
    assert "kind=health_centre" in link and "region=MR-06" in link and "after=" not in link
    response = manager_client.get(URL + link)

    assert 'filename="formations-sanitaires-' in response["Content-Disposition"]
    raw, rows = _csv(response)
    assert raw.startswith(BOM.encode("utf-8"))
    header, [row] = rows[0], rows[1:]
    with translation.override("fr"):
        assert header == [str(h) for h in facility_views.EXPORT_HEADER]
        assert row[8] == str(FacilityNetworkStatus.NONE.label)
    assert row[:8] == [
        kept.code,
        "Centre de santé de Rosso",
        "المركز الصحي روصو",
        "Centre de santé",
        "Public",
        "Centre de santé",
        "Trarza",
        "DRS du Trarza",
    ]
    text = raw.decode("utf-8-sig")
    for code in ("health_centre", "public", "MR-06", "none", "None"):
        assert code not in text


def test_the_xlsx_opens_in_arabic(manager_client, make_facility):
    facility = make_facility("health_centre", "public", network_status="active")

    response = manager_client.get(URL, {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ar")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, row = list(sheet.iter_rows(values_only=True))
    with translation.override("ar"):
        assert list(header) == [str(h) for h in facility_views.EXPORT_HEADER]
        assert row[8] == str(FacilityNetworkStatus.ACTIVE.label)
    assert sheet.sheet_view.rightToLeft
    assert row[0] == facility.code and row[6] == "اترارزة"
    assert "Code" not in header and "Health centre" not in row


def test_the_export_reads_the_whole_list_a_chunk_at_a_time(manager_client, make_facility, monkeypatch):
    posts = sorted(make_facility("health_post", "public").code for _ in range(5))
    make_facility("health_centre", "public")
    monkeypatch.setattr(facility_views, "EXPORT_CHUNK", 2)

    _, rows = _csv(manager_client.get(URL, {"kind": "health_post", "export": "csv"}))

    assert [row[0] for row in rows[1:]] == posts


def test_the_filters_survive_paging(manager_client, make_facility):
    # A page holds 25 facilities: the link to the next one keeps the filters.
    for _ in range(26):
        make_facility("health_post", "public")
    make_facility("health_centre", "public")

    page = manager_client.get(URL, {"kind": "health_post"}).content.decode()
    link = re.search(r'href="\?([^"]*)" rel="next"', page).group(1).replace("&amp;", "&")
    assert "kind=health_post" in link
    rest = manager_client.get(f"{URL}?{link}").context["page"].rows
    assert len(rest) == 1 and rest[0].kind == "health_post"


def test_facility_staff_export_only_their_own_facility(client, make_user, make_facility):
    own = make_facility("health_centre", "public")
    other = make_facility("health_centre", "public")
    clerk = make_user("clerk", Role.FACILITY_STAFF)
    FacilityStaff.objects.create(user=clerk, facility=own)
    client.force_login(clerk)

    raw, rows = _csv(client.get(URL, {"export": "csv"}))

    assert [row[0] for row in rows[1:]] == [own.code]
    assert other.code not in raw.decode("utf-8-sig")


def test_an_insured_person_exports_no_facility(client, make_user):
    client.force_login(make_user("fatima", Role.INSURED))
    assert client.get(URL, {"export": "csv"}).status_code == 403


def test_the_page_speaks_arabic(manager_client, make_facility):
    make_facility("health_centre", "public")

    page = manager_client.get(URL, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    with translation.override("ar"):
        for english in ("Export CSV", "Export XLSX", "Clear the filters"):
            assert translation.gettext(english) in page
            assert english not in page
