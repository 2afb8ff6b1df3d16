"""The lists' downloads: CSV streamed with a byte-order mark, XLSX typed and bounded, both in the reader's
language and named after the list and the day."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.http import QueryDict, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy

from sanad.common import export
from sanad.common.paging import KeyPage

DAY = datetime.date(2026, 4, 10)
HEADER = (gettext_lazy("Status"), gettext_lazy("Date of care"), gettext_lazy("Billed"))


def _rows(count: int = 2):
    for n in range(count):
        yield [gettext_lazy("Validated"), datetime.date(2026, 3, n + 1), Decimal("1500.50") + n]


def _csv(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_streams_with_a_byte_order_mark_and_iso_dates():
    response = export.export_response(
        fmt="csv", title="Dossiers en retard", header=HEADER, rows=_rows(), day=DAY
    )

    assert isinstance(response, StreamingHttpResponse)
    raw, rows = _csv(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows == [
        ["Statut", "Date des soins", "Facturé"],
        ["Validé", "2026-03-01", "1500.50"],
        ["Validé", "2026-03-02", "1501.50"],
    ]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dossiers-en-retard-2026-04-10.csv"'


def test_the_csv_is_written_in_the_language_of_the_request_while_it_streams():
    with translation.override("ar"):
        response = export.export_response(fmt="csv", title="Files", header=HEADER, rows=_rows(1), day=DAY)
    # The rows are read after the view returned, while another language may be active in the thread.
    with translation.override("en"):
        _, rows = _csv(response)

    with translation.override("ar"):
        assert rows == [[str(h) for h in HEADER], [str(gettext_lazy("Validated")), "2026-03-01", "1500.50"]]
    assert rows[1][0] != "Validated"


def test_a_name_in_arabic_script_keeps_a_plain_fallback():
    response = export.export_response(fmt="xlsx", title="الملفات", header=HEADER, rows=[], day=DAY)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=\"export-2026-04-10.xlsx\"; filename*=utf-8''")
    assert "%D8%A7%D9%84" in disposition


def test_the_xlsx_opens_with_dates_and_amounts_typed_and_the_header_in_bold():
    response = export.export_response(fmt="xlsx", title="Files", header=HEADER, rows=_rows(), day=DAY)

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Statut", "Date des soins", "Facturé")
    assert rows[1] == ("Validé", datetime.datetime(2026, 3, 1), pytest.approx(1500.5))
    assert sheet["B2"].is_date and sheet["C2"].number_format == "#,##0.00"
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2" and not sheet.sheet_view.rightToLeft
    assert response["Content-Disposition"] == 'attachment; filename="files-2026-04-10.xlsx"'


def test_the_xlsx_reads_right_to_left_in_arabic():
    with translation.override("ar"):
        response = export.export_response(fmt="xlsx", title="Files", header=HEADER, rows=_rows(1), day=DAY)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    with translation.override("ar"):
        assert sheet["A1"].value == str(HEADER[0])


def test_the_xlsx_holds_at_most_its_cap_and_says_so(monkeypatch):
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 3)

    response = export.export_response(fmt="xlsx", title="Files", header=HEADER, rows=_rows(5), day=DAY)

    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert len(rows) == 1 + 3 + 1
    assert "3" in rows[-1][0] and "CSV" in rows[-1][0]
    full = list(
        openpyxl.load_workbook(
            io.BytesIO(export.export_response(fmt="xlsx", title="F", header=HEADER, rows=_rows(3)).content)
        )
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert len(full) == 1 + 3  # exactly the cap: nothing left out, no note


def test_yes_no_and_empty_cells_are_words_not_codes():
    rows = [[True, None, False]]
    _, csv_rows = _csv(
        export.export_response(fmt="csv", title="x", header=("a", "b", "c"), rows=rows, day=DAY)
    )
    assert csv_rows[1] == ["Oui", "", "Non"]


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        export.export_response(fmt="pdf", title="x", header=(), rows=[])


def test_the_links_keep_the_filters_and_drop_the_cursors():
    params = QueryDict("region=MR-12&q=ould+ahmed&after=%5B%222026-01-01%22%2C+%223%22%5D&export=csv")

    links = export.export_links(params)

    assert links["export_csv"] == "?region=MR-12&q=ould+ahmed&export=csv"
    assert links["export_xlsx"] == "?region=MR-12&q=ould+ahmed&export=xlsx"
    assert export.export_links(QueryDict(""))["export_csv"] == "?export=csv"
    assert export.export_format(params) == "csv"
    assert export.export_format(QueryDict("export=pdf")) is None


def test_rows_by_key_walks_every_page_once():
    pages = {
        "": KeyPage([1, 2], next_after="2"),
        "2": KeyPage([3, 4], next_after="4"),
        "4": KeyPage([5], None),
    }
    asked = []

    def read(after: str) -> KeyPage[int]:
        asked.append(after)
        return pages[after]

    assert list(export.rows_by_key(read)) == [1, 2, 3, 4, 5]
    assert asked == ["", "2", "4"]


def test_a_text_that_looks_like_a_formula_stays_a_text():
    rows = [['=HYPERLINK("http://x")', -3]]
    _, csv_rows = _csv(export.export_response(fmt="csv", title="x", header=("a", "b"), rows=rows, day=DAY))
    assert csv_rows[1] == ['\'=HYPERLINK("http://x")', "-3"]

    response = export.export_response(fmt="xlsx", title="x", header=("a", "b"), rows=rows, day=DAY)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["B2"].value == -3
