"""Template filters that turn the fund profile's codes into names in the reader's language."""

from django import template

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
