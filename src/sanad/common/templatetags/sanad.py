"""Template filters that turn the fund profile's codes into names in the reader's language."""

from typing import Any

from django import template
from django.utils.translation import get_language

from sanad.funds.active import active_profile

register = template.Library()


@register.filter
def region_name(code: str) -> str:
    """`MR-04` → `Gorgol` (or its Arabic name on an Arabic page); an unknown code is shown as is."""
    try:
        return active_profile().region(code).name.get_text()
    except KeyError:
        return code


@register.filter
def level_name(code: str) -> str:
    """A care-pyramid level code → its label in the reader's language."""
    try:
        return active_profile().care_pyramid.level(code).label.get_text()
    except KeyError:
        return code


@register.filter
def local_name(named: Any) -> str:
    """A facility's (or any `name_fr`/`name_ar` object's) name in the reader's language: the Arabic name on
    an Arabic page when there is one, the French name otherwise; nothing for no facility."""
    if named is None:
        return ""
    arabic = getattr(named, "name_ar", "")
    if arabic and (get_language() or "").startswith("ar"):
        return str(arabic)
    return str(named.name_fr)
