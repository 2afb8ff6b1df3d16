"""The figures a backup promises and a restore must give back: rows per table and the money totals.

Read through a plain DB-API cursor, so that the same code counts the live database (inside the dump's
snapshot), a SQLite copy, and a restored database that Django is not configured for.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps

# The money of the fund: contributions paid (registry), amounts billed and the fund's share decided
# (claims). Each column is summed over every row, whatever its status: a restore must give back all rows.
MONEY_COLUMNS = {
    "registry.Contribution": ("amount", "insured_share", "sponsor_share"),
    "claims.CareSheetLine": ("billed",),
    "claims.FileDecision": ("billed", "fund_share", "patient_share", "penalty"),
    "claims.LineOutcome": ("billed", "fund_share", "patient_share", "penalty"),
}
CENT = Decimal("0.01")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables_list(cursor: Any, vendor: str) -> list[str]:
    """The tables of the database (of the current schema on PostgreSQL), by name."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(row[0] for row in cursor.fetchall())


def _money_sum(cursor: Any, vendor: str, table: str, column: str) -> Decimal:
    if vendor == "postgresql":
        # numeric arithmetic is exact on PostgreSQL.
        cursor.execute(f"SELECT COALESCE(SUM({_quote(column)}), 0)::text FROM {_quote(table)}")  # noqa: S608
        return Decimal(cursor.fetchone()[0]).quantize(CENT)
    # SQLite sums decimals as floats: add them up here, each read back as the decimal it was written as.
    cursor.execute(f"SELECT {_quote(column)} FROM {_quote(table)} WHERE {_quote(column)} IS NOT NULL")  # noqa: S608
    total = Decimal(0)
    for (value,) in cursor:
        total += Decimal(str(value))
    return total.quantize(CENT)


def figures_read(cursor: Any, vendor: str) -> dict[str, dict[str, Any]]:
    """`{"tables": {table: rows}, "money": {"table.column": "total"}}` of the database behind `cursor`."""
    tables = tables_list(cursor, vendor)
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    money = {}
    for label, columns in MONEY_COLUMNS.items():
        try:
            model = apps.get_model(label)
        except LookupError:  # an app this installation does not have
            continue
        table = model._meta.db_table
        if table not in counts:
            continue
        for name in columns:
            column = model._meta.get_field(name).column
            money[f"{table}.{column}"] = str(_money_sum(cursor, vendor, table, column))
    return {"tables": counts, "money": money}


def figures_compare(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """The differences between two sets of figures, one plain sentence each (empty: equal)."""
    problems = []
    for kind in ("tables", "money"):
        want, got = expected.get(kind, {}), found.get(kind, {})
        for key in sorted(set(want) | set(got)):
            if want.get(key) != got.get(key):
                problems.append(f"{kind} {key}: expected {want.get(key)}, found {got.get(key)}")
    return problems
