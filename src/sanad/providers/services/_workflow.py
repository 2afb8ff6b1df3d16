"""What both workflows' services share: the dated, audited move from one status to another."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.providers.statuses import step_check


def require_text(value: str, field: str) -> str:
    if not (value or "").strip():
        raise DomainError(ErrorCode.REQUIRED, field=field)
    return value.strip()


def require_date(value: date | None, field: str = "on") -> date:
    if value is None:
        raise DomainError(ErrorCode.REQUIRED, field=field)
    return value


def move(
    *,
    obj: models.Model,
    steps: dict,
    action: str,
    on: date,
    actor: Any,
    event_model: type[models.Model],
    event_fk: str,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> models.Model:
    """Check the step against the transition table and the date against the last step; write, log, audit."""
    require_date(on)
    current = obj.status  # type: ignore[attr-defined]
    target = step_check(steps, action, current)
    last = event_model.objects.filter(**{event_fk: obj}).order_by("-on", "-id").first()  # type: ignore[attr-defined]
    if last is not None and on < last.on:
        raise DomainError(
            ErrorCode.INVALID,
            _("The date cannot be before the previous step (%(date)s).") % {"date": last.on.isoformat()},
            field="on",
        )
    changes = {**(changes or {}), "status": target}
    before = {name: getattr(obj, name) for name in changes}
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(changes))
    event_model.objects.create(  # type: ignore[attr-defined]
        **{event_fk: obj},
        on=on,
        action=action,
        from_status=current,
        to_status=target,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action=action, obj=obj, before=before, after=changes)
    return obj
