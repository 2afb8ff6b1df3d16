from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """A staff member by name (or login when the name is blank); a dash for no one."""
    if user is None:
        return "—"
    return str(user.get_full_name() or user.get_username())
