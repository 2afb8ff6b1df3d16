"""Reading and writing catalog tables as CSV (UTF-8, comma-separated) or XLSX (first sheet)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sanad.catalog.tables import LIST_SEPARATOR, Table
from sanad.common.tabular import FORMATS, format_of, read_header, read_rows, write_table

__all__ = ["FORMATS", "format_of", "read_header", "read_rows", "write_rows"]


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
    # Money and codes go out as text so that a spreadsheet neither rounds nor reformats them.
    lines = ([_cell(r.get(n)) for n in table.column_names] for r in records)
    return write_table(table.column_names, lines, fmt, sheet=table.name)
