"""Keyset pagination: a page follows the last key seen (or precedes the first), never an OFFSET, so a page
deep in a national list costs what the first one costs.

The cursor is the key of a row: its value as text for a one-column key, a JSON list of the values for a
composite key. A cursor that does not parse, or whose values do not fit the key's columns (letters for
an id, a date that does not exist, a number beyond the column), starts at the beginning: the database never
sees it.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet

T = TypeVar("T")
PAGE_SIZE = 50
# The widest integer a database column holds (a 64-bit signed integer).
_BIGGEST = 2**63 - 1


@dataclass(frozen=True, slots=True)
class KeyPage(Generic[T]):
    rows: list[T]
    next_after: str | None  # cursor of the last row shown, when more rows follow
    prev_before: str | None = None  # cursor of the first row shown, when rows precede


def _cursor(row: Any, key: tuple[str, ...]) -> str:
    values = [str(getattr(row, name)) for name in key]
    return values[0] if len(key) == 1 else json.dumps(values, ensure_ascii=False)


def _decode(cursor: str, size: int) -> list[str] | None:
    if not cursor:
        return None
    if size == 1:
        return [cursor]
    try:
        values = json.loads(cursor)
    except ValueError:
        return None
    if not isinstance(values, list) or len(values) != size or not all(isinstance(v, str) for v in values):
        return None
    return values


def cursor_valid(cursor: str, size: int) -> bool:
    """Whether `cursor` is one that `key_page` gave for a key of `size` columns (or empty: the start)."""
    return not cursor or _decode(cursor, size) is not None


def _column(model: type[models.Model], name: str) -> models.Field | None:
    """The model field a key's column names, following relations (`facility__code`); None if unknown."""
    field: Any = None
    for part in name.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    if field is not None and field.is_relation:
        field = field.target_field
    return field


def _fits(field: models.Field | None, value: str) -> bool:
    """Whether a cursor's `value` is one the column could hold: a date for a date, an id within range."""
    if "\x00" in value:  # no column holds a NUL character
        return False
    if field is None:
        return True
    try:
        python = field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    if isinstance(python, int) and not isinstance(python, bool):
        return -_BIGGEST - 1 <= python <= _BIGGEST
    return python is not None


def _checked(query: QuerySet[Any], columns: tuple[str, ...], values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    if all(_fits(_column(query.model, name), value) for name, value in zip(columns, values, strict=True)):
        return values
    return None


def _beyond(key: tuple[str, ...], values: list[str], lookup: str) -> Q:
    """Rows whose key sorts after (`gt`) or before (`lt`) `values`: (a > x) or (a = x and b > y) or …"""
    branches = [
        Q(**{key[j]: values[j] for j in range(i)}, **{f"{name}__{lookup}": values[i]})
        for i, name in enumerate(key)
    ]
    return functools.reduce(operator.or_, branches)


def key_page(
    query: QuerySet[Any],
    *,
    key: str | Sequence[str] = "code",
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[Any]:
    """Up to `size` rows of `query` in `key` order after the cursor `after`, or else before `before`; the key
    must be unique within `query` (an index on it lets the database seek to the cursor)."""
    columns = (key,) if isinstance(key, str) else tuple(key)
    back = _checked(query, columns, _decode(before, len(columns)))
    if back is not None:
        descending = [f"-{name}" for name in columns]
        found = list(query.filter(_beyond(columns, back, "lt")).order_by(*descending)[: size + 1])
        rows = found[:size][::-1]
        earlier = len(found) > size and rows
        return KeyPage(
            rows,
            next_after=_cursor(rows[-1], columns) if rows else None,
            prev_before=_cursor(rows[0], columns) if earlier else None,
        )
    start = _checked(query, columns, _decode(after, len(columns)))
    if start is not None:
        query = query.filter(_beyond(columns, start, "gt"))
    found = list(query.order_by(*columns)[: size + 1])
    rows = found[:size]
    return KeyPage(
        rows,
        next_after=_cursor(rows[-1], columns) if len(found) > size else None,
        prev_before=_cursor(rows[0], columns) if start is not None and rows else None,
    )
