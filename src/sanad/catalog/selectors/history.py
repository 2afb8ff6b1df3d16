"""The change history of catalog rows, read from the audit trail in one query."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanad.common.models import AuditEvent

# The last word of a catalog audit action (catalog.create, catalog.drugs.update…) and what it means.
ACTIONS: dict[str, Promise] = {"create": _("Created"), "update": _("Updated"), "close": _("Closed")}


@dataclass(frozen=True)
class Change:
    field: str
    label: str | Promise
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    who: str | None  # None: a command or a migration, not a person
    action: str | Promise
    object_id: str
    changes: list[Change]


def _shown(value: Any) -> Any:
    """A stored value as a page shows it: lists joined, yes or no for a flag."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def _same(old: Any, new: Any) -> bool:
    """Equal values; amounts are compared as numbers ("18.00" was stored, "18" was typed in a file)."""
    if old == new:
        return True
    if isinstance(old, str) and isinstance(new, str):
        try:
            return Decimal(old) == Decimal(new)
        except InvalidOperation:
            return False
    return False


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def _changes(model: type[models.Model], before: Any, after: Any) -> list[Change]:
    """The fields whose value differs; for a creation, the fields given a value."""
    before, after = before or {}, after or {}
    changes = []
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        if _same(old, new) or (not before and _empty(new)):
            continue
        try:
            label = model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            label = name
        changes.append(Change(name, label, _shown(old), _shown(new)))
    return changes


def catalog_history(*, model: type[models.Model], ids: Iterable[Any]) -> list[HistoryEntry]:
    """The audit events of the rows `ids` of `model`, newest first, each with its changes (one query)."""
    events = (
        AuditEvent.objects.filter(object_type=model._meta.label_lower, object_id__in=[str(i) for i in ids])
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return [
        HistoryEntry(
            at=event.at,
            who=(event.actor.get_full_name() or event.actor.get_username()) if event.actor else None,
            action=ACTIONS.get(event.action.rsplit(".", 1)[-1], event.action),
            object_id=event.object_id,
            changes=_changes(model, event.before, event.after),
        )
        for event in events
    ]
