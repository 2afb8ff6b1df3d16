"""The dashboards' pages (issue 20, §2): the overview, a page per area and per indicator, drawn from the
catalogue; every figure a link; filters validated next to their fields; every table exported with the
page's filters; no internal code on a French or Arabic page."""

# ruff: noqa: F811 - the fixtures imported from tests.reports.pages_data are requested by name
from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from sanad.common.permissions import Role
from sanad.reports.views.tables import COLUMN_NAMES
from tests.reports.pages_data import (  # noqa: F401 (fixtures)
    ANSWER,
    BILLED,
    MONTH,
    MONTH_PARAM,
    OVERDUE,
    REJECTED,
    TICKETS,
    bind,
    facilities,
    figures,
    test_indicators,
)
from tests.web.plain_words import offences, page_text

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def _get(client, name, *, language="fr", **params):
    kwargs = params.pop("kwargs", {})
    return client.get(reverse(f"reports:{name}", kwargs=kwargs), params, HTTP_ACCEPT_LANGUAGE=language)


def _text(response) -> str:
    return page_text(response.content.decode()).seen


def test_overview_shows_each_area_figure_in_the_readers_format(figures, manager_client):
    response = _get(manager_client, "overview", month=MONTH_PARAM)
    text = _text(response)

    assert response.status_code == 200
    assert "80,0 %" in text  # 4 of 5 answered within the clock
    assert "20,0" in text and "26,0" in text  # median and average hours
    assert "129 000,75 MRU" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Lignes rejetées par motif (essai)" in text
    assert "Tickets délivrés (essai)" in text
    # The state at the end of the month, not the sum of its days (9 then 4).
    overdue_row = response.content.decode().split(f'data-indicator="{OVERDUE}"')[1].split("</tr>")[0]
    assert ">4<" in overdue_row


def test_every_figure_links_to_its_list_or_its_page(figures, manager_client):
    html = _get(manager_client, "overview", month=MONTH_PARAM).content.decode()

    # The indicator with a list links there with the period; the others to their own page.
    assert f"/claims/fund/files/?received_from={MONTH.isoformat()}" in html
    assert reverse("reports:indicator", kwargs={"code": ANSWER}) + "?start=" in html


def test_the_overview_draws_twelve_months_of_clocks_and_money(figures, manager_client):
    html = _get(manager_client, "overview", month=MONTH_PARAM).content.decode()

    assert html.count('role="img"') == 3  # answer time, overdue now, billed
    assert f'id="trend-{BILLED}"' in html and f'id="trend-{TICKETS}"' not in html
    assert "<title>" in html and "aria-label=" in html


def test_a_role_sees_only_the_indicators_of_its_work(figures, client, make_user):
    officer = make_user("finance", Role.FINANCE_OFFICER)
    client.force_login(officer)
    text = _text(_get(client, "overview", month=MONTH_PARAM))

    assert "Montant facturé (essai)" in text
    assert "Demandes répondues dans le délai (essai)" not in text
    assert "Tickets délivrés (essai)" not in text
    assert _get(client, "indicator", kwargs={"code": TICKETS}).status_code == 404


def test_counter_agents_see_counters(figures, client, make_user):
    client.force_login(make_user("guichet", Role.COUNTER_AGENT))
    text = _text(_get(client, "overview", month=MONTH_PARAM))
    assert "Tickets délivrés (essai)" in text and "42" in text
    assert "Montant facturé (essai)" not in text


def test_facility_staff_see_only_their_facility(figures, client, make_user):
    _aleg, kaedi = figures
    staff = make_user("kaedi", Role.FACILITY_STAFF)
    bind(staff, kaedi)
    client.force_login(staff)

    response = _get(client, "overview", month=MONTH_PARAM, facility="HA01")
    text = _text(response).replace("\u202f", " ").replace("\xa0", " ")

    assert response.status_code == 200
    assert "4 000,25 MRU" in text
    assert "129 000,75" not in text and "125 000,50" not in text
    assert "HK02" in text  # the page names whose figures these are
    reasons = _text(_get(client, "area", kwargs={"area": "reasons"}, month=MONTH_PARAM))
    assert "Acte hors nomenclature" in reasons and "Pièce justificative manquante" not in reasons


def test_the_insured_may_not_open_the_dashboards(figures, client, make_user):
    client.force_login(make_user("assure", Role.INSURED))
    assert _get(client, "overview").status_code == 403


def test_area_page_breaks_each_indicator_down_by_key_and_its_page_by_facility(figures, manager_client):
    response = _get(manager_client, "area", kwargs={"area": "reasons"}, month=MONTH_PARAM)
    html = response.content.decode()
    text = _text(response)
    own = _get(manager_client, "indicator", kwargs={"code": REJECTED}, month=MONTH_PARAM)

    assert response.status_code == 200
    assert "Pièce justificative manquante" in text and "Acte hors nomenclature" in text
    assert f'id="key-{REJECTED}"' in html and f'id="facility-{REJECTED}"' not in html
    assert f'id="facility-{REJECTED}"' in own.content.decode()
    assert "HA01 Hôpital régional d'Aleg" in _text(own)
    # A reason's line leads to the indicator's page narrowed to that reason.
    assert "key=R01" in html


def test_unknown_area_or_indicator_is_a_404_page(figures, manager_client):
    assert manager_client.get("/reports/weather/").status_code == 404
    assert _get(manager_client, "indicator", kwargs={"code": "no_such_thing"}).status_code == 404


def test_indicator_page_shows_trend_and_breakdowns(figures, manager_client):
    response = _get(manager_client, "indicator", kwargs={"code": ANSWER}, month=MONTH_PARAM)
    html = response.content.decode()

    assert response.status_code == 200
    for table in ("trend", "key", "facility", "region"):
        assert f'id="{table}-{ANSWER}"' in html
    assert "Gorgol" in _text(response)  # MR-04 by its name


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "1990-01-01"}, "start"),
        ({"end": "2999-01-01"}, "end"),
        ({"month": "2026-13"}, "month"),
        ({"month": "n'importe"}, "month"),
        ({"start": "2026-03-10", "end": "2026-03-01"}, "end"),
        ({"region": "MR-99"}, "region"),
        ({"facility": "NOPE"}, "facility"),
        ({"start": "pas une date"}, "start"),
    ],
)
def test_a_bad_filter_is_an_error_next_to_its_field(figures, manager_client, params, field):
    response = _get(manager_client, "overview", **params)

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()


def test_a_bad_filter_is_explained_in_arabic_too(figures, manager_client):
    response = _get(manager_client, "overview", language="ar", region="MR-99")
    assert response.status_code == 400
    assert 'dir="rtl"' in response.content.decode()


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_totals_export_opens_and_matches_the_page(figures, manager_client):
    response = _get(manager_client, "overview", month=MONTH_PARAM, table="totals", export="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))

    header = rows[0]
    with translation.override("fr"):
        assert header[2] == str(COLUMN_NAMES["count"])
    by_label = {row[1]: row for row in rows[1:]}
    answer = by_label["Demandes répondues dans le délai (essai)"]
    billed = by_label["Montant facturé (essai)"]
    assert answer[2:8] == (5, None, 80.0, 1, 20.0, 26.0)
    assert billed[2:4] == (4, 129000.75)
    # No internal code in a cell: indicators and areas by their labels.
    cells = {str(c) for row in rows for c in row if c is not None}
    assert not cells & {ANSWER, BILLED, REJECTED, "clocks", "money"}


def test_a_breakdown_exports_with_the_pages_filters(figures, manager_client):
    response = _get(
        manager_client,
        "area",
        kwargs={"area": "reasons"},
        month=MONTH_PARAM,
        region="MR-01",
        table="key",
        code=REJECTED,
        export="csv",
    )
    rows = _csv_rows(response)

    assert rows[1:] == [["Pièce justificative manquante", "7"]]


def test_the_trend_exports_twelve_months(figures, manager_client):
    response = _get(
        manager_client,
        "indicator",
        kwargs={"code": BILLED},
        month=MONTH_PARAM,
        table="trend",
        code=BILLED,
        export="xlsx",
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    assert len(rows) == 13
    assert rows[-1][1:] == (4, Decimal("129000.75")) or rows[-1][1:] == (4, 129000.75)
    assert rows[-2][1:] in ((10, 300000), (10, 300000.0))


def test_every_table_offers_both_exports_with_the_filters(figures, manager_client):
    html = _get(manager_client, "indicator", kwargs={"code": BILLED}, month=MONTH_PARAM).content.decode()
    assert f"month={MONTH_PARAM}&amp;table=facility&amp;code={BILLED}&amp;export=xlsx" in html
    assert f"month={MONTH_PARAM}&amp;table=totals&amp;export=csv" in html


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("overview", {}),
        ("area", {"area": "clocks"}),
        ("area", {"area": "reasons"}),
        ("indicator", {"code": ANSWER}),
    ],
)
def test_pages_in_french_and_arabic_show_no_internal_code(figures, manager_client, language, name, kwargs):
    response = _get(manager_client, name, language=language, kwargs=kwargs, month=MONTH_PARAM)
    text = page_text(response.content.decode())

    assert response.status_code == 200
    # The test indicators' labels are plain French strings "(essai)"; the real catalogue's are checked in
    # every language by test_real_pages.py.
    assert not [o for o in offences(text, language) if "(essai)" not in o.context]
    for code in (ANSWER, BILLED, REJECTED, OVERDUE, TICKETS, "R01", "R02", "MR-01", "MR-04"):
        assert code not in text.seen


def test_arabic_pages_mirror_the_charts(figures, manager_client):
    html = _get(manager_client, "overview", language="ar", month=MONTH_PARAM).content.decode()
    assert 'direction="rtl"' in html
    assert 'lang="ar"' in html


def test_a_facility_is_chosen_by_its_code_or_by_its_code_and_name(figures, manager_client):
    for typed in ("HA01", "ha01", "HA01 Hôpital régional d'Aleg"):
        response = _get(manager_client, "overview", month=MONTH_PARAM, facility=typed)
        text = _text(response).replace("\u202f", " ").replace("\xa0", " ")
        assert response.status_code == 200
        assert "125 000,50 MRU" in text and "129 000,75" not in text


def test_the_links_to_other_pages_never_carry_one_indicators_key(figures, manager_client):
    html = _get(manager_client, "indicator", kwargs={"code": REJECTED}, month=MONTH_PARAM, key="R01").content
    overview_link = html.decode().split('class="breadcrumb"')[1].split("</p>")[0]
    assert "key=" not in overview_link
