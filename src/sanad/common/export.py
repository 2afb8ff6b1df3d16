"""Every list page downloads as CSV or XLSX: the same filters as the page, headers and cells in the reader's
language, named after the list and the day.

A national list can hold a million rows: CSV is streamed (UTF-8 with a byte-order mark, so that a
spreadsheet reads accents and Arabic right) while the rows are read by key, a chunk at a time; an XLSX
workbook is built whole before it is sent, so it holds at most `XLSX_MAX_ROWS` rows and says so in its last
row when the list was longer. Dates are ISO in CSV and typed as dates in XLSX; amounts are numbers with
their cents; no cell holds an internal code (the views give labels).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any
from urllib.parse import quote

import openpyxl
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from sanad.common.paging import KeyPage
from sanad.common.tabular import CONTENT_TYPES, FORMATS

BOM = "\ufeff"
XLSX_MAX_ROWS = 10_000  # building a workbook holds it in memory: beyond this, the CSV has the whole list
EXPORT_CHUNK = 1_000  # rows read per query while an export walks a list by key
_CSV_LINES_PER_WRITE = 500
# The request parameters that move through a list rather than filter it: an export or a link to another
# page of the same list keeps every other parameter.
NOT_FILTERS = frozenset({"after", "before", "older", "newer", "export", "page"})
_MONEY_FORMAT = "#,##0.00"
# A text typed by someone (a name, an invoice number) that a spreadsheet would run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_format(params: QueryDict | dict[str, Any]) -> str | None:
    """The format asked for by `?export=csv` or `?export=xlsx`; None for the page itself."""
    value = str(params.get("export") or "").lower()
    return value if value in FORMATS else None


def filter_query(params: QueryDict) -> str:
    """The list's filters as a query string, without its paging cursors nor an export: what the links to
    the next page and to the exports carry."""
    kept = params.copy()
    for name in NOT_FILTERS:
        kept.pop(name, None)
    return kept.urlencode()


def export_links(params: QueryDict) -> dict[str, Any]:
    """What a list page's template needs to offer its exports with its current filters."""
    query = filter_query(params)
    joined = f"?{query}&" if query else "?"
    return {
        "export_csv": f"{joined}export=csv",
        "export_xlsx": f"{joined}export=xlsx",
        "export_xlsx_max": XLSX_MAX_ROWS,
    }


def rows_by_key(read_page: Callable[[str], KeyPage[Any]]) -> Iterator[Any]:
    """Every row of a keyset-paged list: `read_page(after)` gives the page after a cursor ("" at first)."""
    after = ""
    while True:
        page = read_page(after)
        yield from page.rows
        if not page.next_after:
            return
        after = page.next_after


def filename(title: str, fmt: str, *, day: datetime.date | None = None, plain: bool = False) -> str:
    """The list's name in the reader's language and the day: `adhésions-2026-04-10.csv`; `plain` keeps
    only ASCII letters (`adhesions-2026-04-10.csv`; `export-…` for a name in Arabic script)."""
    day = day or timezone.localdate()
    stem = slugify(str(title), allow_unicode=not plain) or "export"
    return f"{stem}-{day.isoformat()}.{fmt}"


def _disposition(title: str, fmt: str, day: datetime.date | None) -> str:
    """An attachment named in the reader's language (RFC 6266's `filename*`), with a name in plain letters
    for the software that reads only `filename`."""
    name, plain = filename(title, fmt, day=day), filename(title, fmt, day=day, plain=True)
    if name == plain:
        return content_disposition_header(True, name)
    return f"attachment; filename=\"{plain}\"; filename*=utf-8''{quote(name)}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="minutes")
            if timezone.is_aware(value)
            else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # shown as typed, never run
    # A Decimal keeps its cents; a lazy translation becomes its text in the reader's language.
    return str(value)


class _Line:
    """A file-like object whose `write` returns the line the CSV writer formatted (nothing is kept)."""

    def write(self, value: str) -> str:
        return value


def _csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]], language: str) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    iterator = iter(rows)
    yield (BOM + writer.writerow(header)).encode("utf-8")
    while True:
        # The rows are read and their labels translated while the response streams, after the view has
        # returned: in the language of the request, whatever the thread serves in between.
        with translation.override(language):
            lines = [
                writer.writerow([_text(c) for c in row]) for row in islice(iterator, _CSV_LINES_PER_WRITE)
            ]
        if not lines:
            return
        yield "".join(lines).encode("utf-8")


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = _MONEY_FORMAT
        return cell
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | int | float):
        return value
    text = str(value)
    if text.startswith("="):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # a text, never a formula
        return cell
    return text


def _xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str, language: str) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    # A sheet's name has at most 31 characters and none of []:*?/\
    sheet = book.create_sheet((str(title).translate(str.maketrans("", "", "[]:*?/\\")) or "export")[:31])
    sheet.freeze_panes = "A2"
    if language.startswith("ar"):
        sheet.sheet_view.rightToLeft = True
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    iterator = iter(rows)
    for row in islice(iterator, XLSX_MAX_ROWS):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    if next(iterator, None) is not None:
        count = number_format(XLSX_MAX_ROWS, force_grouping=True)
        note = WriteOnlyCell(
            sheet,
            value=_(
                "This file holds only the first %(count)s rows of the list: export it as CSV for them all."
            )
            % {"count": count},
        )
        note.font = bold
        sheet.append([note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_response(
    *,
    fmt: str,
    title: str | Promise,
    header: Sequence[str | Promise],
    rows: Iterable[Sequence[Any]],
    day: datetime.date | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """The download of a list: `header` the translated column names, `rows` the cells of each row (read
    lazily; labels rather than codes). CSV streams every row; XLSX holds the first `XLSX_MAX_ROWS`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    language = translation.get_language() or "fr"
    names = [_text(name) for name in header]  # in the request's language, before the response leaves
    if fmt == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            _csv_stream(names, rows, language), content_type=f"{CONTENT_TYPES['csv']}; charset=utf-8"
        )
    else:
        response = HttpResponse(_xlsx(names, rows, str(title), language), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = _disposition(str(title), fmt, day)
    # An export holds personal data: no shared cache keeps it.
    response["Cache-Control"] = "private, no-store"
    return response
