"""Bulk reads and writes of the claims runner without model instances: `= ANY` lists and id reservation,
COPY on PostgreSQL, `executemany` elsewhere (SQLite).

Model instances cost tens of microseconds each; a national day of files has hundreds of thousands of them.
The caller holds the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Model

_CENT = Decimal("0.01")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def table_of(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    # SQLite keeps decimals as integers or floats: back to the cents they were written with.
    return Decimal(str(value)).quantize(_CENT)


def fetch(sql: str, params: Sequence[Any], decimals: Sequence[int] = ()) -> list[tuple]:
    """All rows of a query, as tuples; the columns at `decimals` hold money (or coefficients, two decimal
    places), which SQLite gives back as numbers: they are made Decimals again there."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if decimals and not is_postgres():
        fix = [i in decimals for i in range(len(rows[0]))] if rows else []
        rows = [tuple(_decimal(v) if f else v for v, f in zip(row, fix, strict=True)) for row in rows]
    return rows


def column_of(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def in_list(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """`column` among `values` (integers, or strings of letters and digits): one array parameter on
    PostgreSQL, written as the array's text (much quicker than one value at a time), one parameter per
    value elsewhere."""
    if is_postgres():
        if all(isinstance(v, int) for v in values):
            return f"{column} = ANY(%s::bigint[])", ["{" + ",".join(map(str, values)) + "}"]
        if all(isinstance(v, str) and v.isalnum() for v in values):
            return f"{column} = ANY(%s::text[])", ["{" + ",".join(values) + "}"]
        return f"{column} = ANY(%s)", [list(values)]
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def days_before(query: str) -> str:
    """SQL for the date `query` (a subquery giving one date) gives, less a number of days (a parameter)."""
    if is_postgres():
        return f"({query}) - %s"
    return f"date(({query}), '-' || %s || ' days')"


_sequences: dict[str, str] = {}


def ids_reserve(model: type[Model], count: int) -> list[int]:
    """`count` fresh primary keys of `model`, so that rows referring to new rows need no query back."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if is_postgres():
            sequence = _sequences.get(table)
            if sequence is None:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = _sequences[table] = cursor.fetchone()[0]
            # The sequence named once: looked up on every row, its name would cost ten times the nextval.
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite writes one transaction at a time: the ids after the highest ever given are ours.
        cursor.execute(
            f"SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM {table_of(model)} "  # noqa: S608
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        start = (cursor.fetchone()[0] or 0) + 1
    return list(range(start, start + count))


def copy_escape(text: str) -> str:
    """A text value as COPY's text format reads it (backslash, tab and line ends escaped)."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def rows_insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert plain rows (values in the order of `columns`, field names) in one COPY or one executemany."""
    names = ", ".join(column_of(model, c) for c in columns)
    with connection.cursor() as cursor:
        if is_postgres():
            with cursor.cursor.copy(f"COPY {table_of(model)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table_of(model)} ({names}) VALUES ({marks})", list(rows))  # noqa: S608
