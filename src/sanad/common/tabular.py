"""Tabular files shared by every import: read CSV (UTF-8) or XLSX (first sheet) rows, read cells into
Python values (a bad cell raises `CellError`), and report row errors as a downloadable file.

Row numbers are those a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import openpyxl
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.errors import DomainError, ErrorCode

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class RowError:
    """What is wrong with one cell (or row, when `field` is empty): the rule broken and a message."""

    row: int
    field: str
    rule: str
    message: str | Promise

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "rule": self.rule, "message": str(self.message)}


class CellError(ValueError):
    def __init__(self, rule: str, message: str | Promise) -> None:
        super().__init__(str(message))
        self.rule = rule
        self.message = message


def format_of(filename: str) -> str:
    """The file's format, from its extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise DomainError(ErrorCode.INVALID, _("Use a .csv or .xlsx file."), field="file")
    return extension


def _header(cells: Sequence[Any]) -> list[str]:
    return [str(c or "").strip() for c in cells]


def read_table(content: bytes, fmt: str) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """The header, and (row number, {column: cell}) for each non-empty line after it, in one pass."""
    rows = iter(_csv_rows(content) if fmt == "csv" else _xlsx_rows(content))
    header = _header(next(rows, []))

    def body() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in enumerate(rows, start=2):
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            yield number, dict(zip(header, cells, strict=False))

    return header, body()


def read_rows(content: bytes, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column: cell}) for each non-empty line after the header; the header is row 1."""
    return read_table(content, fmt)[1]


def read_header(content: bytes, fmt: str) -> list[str]:
    return read_table(content, fmt)[0]


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    # utf-8-sig: spreadsheets save CSV with a byte-order mark that would glue onto the first column's name.
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(ErrorCode.INVALID, _("Save the CSV file as UTF-8."), field="file") from error
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


def write_table(
    header: Sequence[str], lines: Iterable[Sequence[Any]], fmt: str, sheet: str = "data"
) -> bytes:
    """A CSV (UTF-8) or XLSX file; in XLSX every cell is text, so a spreadsheet reformats nothing."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(lines)
        return out.getvalue().encode("utf-8")
    book = openpyxl.Workbook(write_only=True)
    page = book.create_sheet(sheet)
    page.append(list(header))
    for line in lines:
        page.append([c if isinstance(c, str) else str(c) for c in line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def errors_csv(errors: Iterable[RowError]) -> bytes:
    """The error report: one line per error (row, column, rule, message), for a spreadsheet."""
    header = [_("row"), _("column"), _("rule"), _("message")]
    lines = ([e.row, e.field, e.rule, str(e.message)] for e in errors)
    # With a byte-order mark, so that spreadsheets read accents and Arabic right.
    return b"\xef\xbb\xbf" + write_table(header, lines, "csv")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet turns a code such as 1203 into 1203.0
    return str(value).strip()


def read_str(value: Any) -> str:
    return cell_text(value)


def read_decimal(value: Any) -> Decimal:
    text = cell_text(value).replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError("number", gettext_lazy("Enter a number.")) from None
    if not number.is_finite() or number < 0:
        raise CellError("number", gettext_lazy("Enter a number of zero or more."))
    return number


def read_int(value: Any) -> int:
    number = read_decimal(value)
    if number != number.to_integral_value():
        raise CellError("integer", gettext_lazy("Enter a whole number."))
    return int(number)


def read_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(cell_text(value))
    except ValueError:
        raise CellError("date", gettext_lazy("Enter a date as YYYY-MM-DD.")) from None


def read_bool(value: Any) -> bool:
    text = cell_text(value).lower()
    if text in {"1", "true", "yes", "oui", "vrai", "x"}:
        return True
    if text in {"0", "false", "no", "non", "faux", ""}:
        return False
    raise CellError("boolean", gettext_lazy("Enter 1 or 0."))
