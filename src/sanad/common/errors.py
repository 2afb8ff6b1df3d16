"""The one domain error: a code (an enum with a translated label), the field at fault and a message."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErrorCode(models.TextChoices):
    INVALID = "invalid", _("The value is not valid.")
    REQUIRED = "required", _("This value is required.")
    NOT_FOUND = "not_found", _("Not found.")
    FORBIDDEN = "forbidden", _("You are not allowed to do this.")
    CONFLICT = "conflict", _("This conflicts with the current state.")
    ILLEGAL_TRANSITION = "illegal_transition", _("This change of status is not allowed.")
    TOO_MANY_REQUESTS = "too_many_requests", _("Too many requests: wait a moment and try again.")


class DomainError(Exception):
    """A rule was broken: pages show `message` next to `field`, the API answers 4xx with `code`."""

    def __init__(self, code: ErrorCode, message: str = "", *, field: str | None = None) -> None:
        self.code = code
        self.field = field
        self.message = str(message or code.label)
        super().__init__(self.message)

    def as_dict(self) -> dict[str, str | None]:
        return {"code": str(self.code.value), "field": self.field, "message": self.message}
