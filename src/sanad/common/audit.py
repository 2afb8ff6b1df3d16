"""The one helper every service calls to leave an audit event."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from sanad.common.models import AuditEvent


def _plain(value: Any) -> Any:
    """Make a value JSON-safe without losing precision (money stays an exact string)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, decimal.Decimal | datetime.date | datetime.datetime | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of a model instance, as a JSON-safe dict (for `before`/`after`)."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` on `obj`; call it inside the service's transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=_plain(before),
        after=_plain(after),
    )


def audit_record_many(
    *,
    actor: Any,
    action: str,
    changes: list[tuple[models.Model, dict[str, Any] | None, dict[str, Any] | None]],
) -> list[AuditEvent]:
    """Record `action` on many objects at once, one event per (object, before, after), in one insert."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=user,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                before=_plain(before),
                after=_plain(after),
            )
            for obj, before, after in changes
        ],
        batch_size=1000,
    )


def audit_read(
    *, actor: Any, action: str, obj: models.Model, what: dict[str, Any] | None = None
) -> AuditEvent:
    """Record that `actor` read `obj` (a confidential medical report, a person's full record): reading such
    data is itself audited, whoever reads it. `action` names what was read (e.g. `medical_report_read`)."""
    return audit_record(actor=actor, action=action, obj=obj, after=what)
