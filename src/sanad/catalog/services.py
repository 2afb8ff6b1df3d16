"""Writes to the catalog: each one atomic, locked and audited. Imports live in `imports.py`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from sanad.catalog.imports import ImportReport, catalog_import
from sanad.catalog.models import Act, KeyLetterValue
from sanad.catalog.tables import TABLES
from sanad.common.audit import audit_record, snapshot
from sanad.common.errors import DomainError, ErrorCode

__all__ = ["ImportReport", "act_revise", "catalog_import", "key_letter_value_set"]

ONE_DAY = datetime.timedelta(days=1)


def _supersede(
    *,
    actor: Any,
    model: type[models.Model],
    series: dict[str, Any],
    valid_from: datetime.date,
    fields: dict[str, Any],
) -> models.Model:
    """A new row of `series` from `valid_from`, open-ended; the row in force that day ends the day before.

    History is corrected by import, not here: a row starting on or after `valid_from` is a conflict.
    """
    rows = list(model.objects.select_for_update().filter(**series).order_by("valid_from"))
    if any(row.valid_from >= valid_from for row in rows):
        raise DomainError(
            ErrorCode.CONFLICT,
            _("A row of this series already starts on or after this date."),
            field="valid_from",
        )
    names = [*series, *fields, "valid_from", "valid_to"]
    current = rows[-1] if rows else None
    if current is not None and (current.valid_to is None or current.valid_to >= valid_from):
        before = snapshot(current, ["valid_to"])
        current.valid_to = valid_from - ONE_DAY
        current.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="catalog.close",
            obj=current,
            before=before,
            after={"valid_to": current.valid_to},
        )
    row = model.objects.create(**series, **fields, valid_from=valid_from, valid_to=None)
    audit_record(actor=actor, action="catalog.create", obj=row, after=snapshot(row, names))
    return row


@transaction.atomic
def key_letter_value_set(
    *,
    actor: Any,
    letter: str,
    value: Decimal,
    valid_from: datetime.date,
    sector: str = "",
    source: str = "",
    assumption: bool = False,
) -> KeyLetterValue:
    """A key letter takes a new value from a date; the previous value ends the day before."""
    if value < 0:
        raise DomainError(ErrorCode.INVALID, _("Enter a number of zero or more."), field="value")
    row = _supersede(
        actor=actor,
        model=KeyLetterValue,
        series={"letter": letter, "sector": sector},
        valid_from=valid_from,
        fields={"value": value, "source": source, "assumption": assumption},
    )
    assert isinstance(row, KeyLetterValue)
    return row


_ACT_FIELDS = [
    f.name
    for f in Act._meta.get_fields()
    if f.concrete and f.name not in {"id", "code", "valid_from", "valid_to"}
]


@transaction.atomic
def act_revise(*, actor: Any, code: str, valid_from: datetime.date, changes: dict[str, Any]) -> Act:
    """An act's new version from a date copies the version in force and applies `changes` to it."""
    unknown = set(changes) - set(_ACT_FIELDS)
    if unknown:
        raise DomainError(ErrorCode.INVALID, _("Unknown field: %(name)s.") % {"name": min(unknown)})
    current = Act.objects.filter(code=code).order_by("-valid_from").first()
    if current is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="code")
    fields = {name: getattr(current, name) for name in _ACT_FIELDS} | changes
    for name, _rule, message in TABLES["acts"].check({**fields, "valid_from": valid_from, "valid_to": None}):
        raise DomainError(ErrorCode.INVALID, message, field=name)
    row = _supersede(actor=actor, model=Act, series={"code": code}, valid_from=valid_from, fields=fields)
    assert isinstance(row, Act)
    return row
