"""Reading and writing catalog tables as CSV (UTF-8, comma-separated) or XLSX (first sheet)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import openpyxl
from django.utils.translation import gettext as _

from sanad.catalog.tables import LIST_SEPARATOR, Table
from sanad.common.errors import DomainError, ErrorCode

FORMATS = ("csv", "xlsx")


def format_of(filename: str) -> str:
    """The file's format, from its extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise DomainError(ErrorCode.INVALID, _("Use a .csv or .xlsx file."), field="file")
    return extension


def read_rows(content: bytes, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column: cell}) for each non-empty line after the header; the header is row 1."""
    rows = _csv_rows(content) if fmt == "csv" else _xlsx_rows(content)
    header: list[str] | None = None
    for number, cells in enumerate(rows, start=1):
        if header is None:
            header = [str(c or "").strip() for c in cells]
            continue
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        yield number, dict(zip(header, cells, strict=False))


def read_header(content: bytes, fmt: str) -> list[str]:
    rows = _csv_rows(content) if fmt == "csv" else _xlsx_rows(content)
    first = next(iter(rows), [])
    return [str(c or "").strip() for c in first]


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    # utf-8-sig: spreadsheets save CSV with a byte-order mark that would glue onto the first column's name.
    text = content.decode("utf-8-sig")
    yield from csv.reader(io.StringIO(text))


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error on a damaged file
        raise DomainError(
            ErrorCode.INVALID, _("The file is not a readable XLSX workbook."), field="file"
        ) from error
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, Decimal | datetime.date):
        return str(value)
    return value


def write_rows(table: Table, records: Iterable[dict[str, Any]], fmt: str) -> bytes:
    """The table's records as a file of `fmt`, with the header the importer reads back."""
    names = table.column_names
    lines = ([_cell(r.get(n)) for n in names] for r in records)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows(lines)
        return out.getvalue().encode("utf-8")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(table.name)
    sheet.append(names)
    for line in lines:
        # Money and codes go out as text so that a spreadsheet neither rounds nor reformats them.
        sheet.append([str(c) if not isinstance(c, str) else c for c in line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
