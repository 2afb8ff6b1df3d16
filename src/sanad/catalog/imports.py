"""Import of a catalog table: check every row first, then write all of them in one transaction, or none.

A row names a series (its table's key, e.g. an act code) and a start date. A row with the key and start
of an existing row replaces it; a row starting after an open-ended row of its series closes that row the
day before; any other overlap of validity periods is an error.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanad.catalog.crosschecks import reference_errors
from sanad.catalog.fileio import read_header, read_rows
from sanad.catalog.snapshot_window import recent_forget
from sanad.catalog.tables import TABLES, RowError, Table
from sanad.common.audit import audit_record, snapshot
from sanad.common.errors import DomainError, ErrorCode

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class ImportReport:
    table: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    closed: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    key: tuple[Any, ...]


@dataclass
class _Plan:
    creates: list[_Row] = field(default_factory=list)
    updates: list[tuple[Any, _Row]] = field(default_factory=list)
    closes: list[tuple[Any, datetime.date]] = field(default_factory=list)


def table_get(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise DomainError(
            ErrorCode.NOT_FOUND, _("Unknown table: %(name)s.") % {"name": name}, field="table"
        ) from None


def _existing(table: Table, keys: set[tuple[Any, ...]], lock: bool) -> dict[tuple[Any, ...], list[Any]]:
    """The stored rows of the series named in the file, by key (one query, filtered on the first key)."""
    first = table.key[0]
    query = table.model.objects.filter(**{f"{first}__in": {k[0] for k in keys}}).order_by("valid_from")
    if lock:
        query = query.select_for_update()
    found: dict[tuple[Any, ...], list[Any]] = {}
    for obj in query:
        key = tuple(getattr(obj, k) for k in table.key)
        if key in keys:
            found.setdefault(key, []).append(obj)
    return found


def _overlap(row_from, row_to, other_from, other_to) -> bool:
    return (other_to is None or row_from <= other_to) and (row_to is None or other_from <= row_to)


def _plan(table: Table, rows: list[_Row], lock: bool) -> tuple[_Plan, list[RowError]]:
    """What the import would do, and the overlap errors that forbid it."""
    plan, errors = _Plan(), []
    seen: dict[tuple[Any, ...], _Row] = {}
    for row in rows:
        start_key = (*row.key, row.values["valid_from"])
        if start_key in seen:
            message = _("The same series and start date are already on row %(row)s.") % {
                "row": seen[start_key].number
            }
            errors.append(RowError(row.number, "valid_from", "duplicate", message))
        seen[start_key] = row
    if errors:
        return plan, errors
    stored = _existing(table, {r.key for r in rows}, lock)
    by_key: dict[tuple[Any, ...], list[_Row]] = {}
    for row in rows:
        by_key.setdefault(row.key, []).append(row)
    for key, new_rows in by_key.items():
        kept = {obj.valid_from: obj for obj in stored.get(key, [])}
        for row in new_rows:
            replaced = kept.pop(row.values["valid_from"], None)
            if replaced is None:
                plan.creates.append(row)
            else:
                plan.updates.append((replaced, row))
        # (start, end, stored object or None, file row or None), in date order.
        series = sorted(
            [(o.valid_from, o.valid_to, o, None) for o in kept.values()]
            + [(r.values["valid_from"], r.values.get("valid_to"), None, r) for r in new_rows],
            key=lambda item: item[0],
        )
        for before, after in itertools.pairwise(series):
            if not _overlap(before[0], before[1], after[0], after[1]):
                continue
            stored_open = before[2] is not None and before[1] is None
            if stored_open and after[3] is not None:
                plan.closes.append((before[2], after[0] - ONE_DAY))
                continue
            culprit = after[3] or before[3]
            message = _("This period overlaps the row in force from %(date)s.") % {
                "date": (before if culprit is after[3] else after)[0]
            }
            errors.append(RowError(culprit.number, "valid_from", "overlap", message))
    return plan, errors


def _read(table: Table, content: bytes, fmt: str) -> tuple[list[_Row], list[RowError], int]:
    header = read_header(content, fmt)
    errors = [
        RowError(1, name, "missing_column", _("This column is missing."))
        for name in table.column_names
        if name not in header and any(c.name == name and c.required for c in table.columns)
    ]
    errors += [
        RowError(1, name, "unknown_column", _("This column is not part of the table."))
        for name in header
        if name and name not in table.column_names
    ]
    rows: list[_Row] = []
    count = 0
    for number, raw in read_rows(content, fmt):
        count += 1
        values, row_errors = table.read_row(number, raw)
        errors += row_errors
        if not row_errors:
            rows.append(_Row(number, values, tuple(values[k] for k in table.key)))
    return rows, errors, count


@transaction.atomic
def catalog_import(
    *, actor: Any, table: str, content: bytes, fmt: str, dry_run: bool = False
) -> ImportReport:
    """Every row is checked and the report lists each error; the rows are written only if none has one."""
    spec = table_get(table)
    rows, errors, count = _read(spec, content, fmt)
    # Against the rest of the catalog, so that the dry run reports these errors with the others.
    errors += reference_errors(table=spec.name, rows=[(row.number, row.values) for row in rows])
    report = ImportReport(table=spec.name, rows=count, errors=errors)
    if not errors:
        plan, report.errors = _plan(spec, rows, lock=not dry_run)
        report.created, report.updated, report.closed = len(plan.creates), len(plan.updates), len(plan.closes)
        if report.ok and not dry_run:
            _apply(spec, plan, actor)
            report.written = True
    report.errors.sort(
        key=lambda e: (e.row, spec.column_names.index(e.field) if e.field in spec.column_names else 0)
    )
    return report


def _apply(table: Table, plan: _Plan, actor: Any) -> None:
    names = table.column_names
    action = f"catalog.{table.name}"
    # Closing first: the new rows' periods then never overlap a stored one, even for a moment.
    for obj, end in plan.closes:
        before = snapshot(obj, ["valid_to"])
        obj.valid_to = end
        obj.save(update_fields=["valid_to"])
        audit_record(actor=actor, action=f"{action}.close", obj=obj, before=before, after={"valid_to": end})
    for obj, row in plan.updates:
        before = snapshot(obj, names)
        for name, value in row.values.items():
            setattr(obj, name, value)
        obj.save()
        audit_record(
            actor=actor, action=f"{action}.update", obj=obj, before=before, after=snapshot(obj, names)
        )
    created = table.model.objects.bulk_create([table.model(**row.values) for row in plan.creates])
    for obj in created:
        audit_record(actor=actor, action=f"{action}.create", obj=obj, after=snapshot(obj, names))
    recent_forget()  # rows created in bulk send no signal: the previews of this process read anew
