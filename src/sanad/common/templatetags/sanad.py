"""Template filters that turn the fund profile's codes into names in the reader's language."""

from typing import Any

from django import template
from django.utils.translation import get_language

from sanad.common import vocabulary
from sanad.funds import load_profile, profile_codes
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


@register.filter
def country_name(code: str) -> str:
    """`MR` → `Mauritanie` on a French page, `موريتانيا` on an Arabic one; an unknown code as is."""
    return vocabulary.country_name(code, (get_language() or "fr").split("-")[0])


@register.filter
def specialty_name(value: str) -> str:
    """A practitioner's specialty code → its name in the reader's language (free text as typed)."""
    return vocabulary.specialty_name(value)


@register.filter
def fund_name(code: str) -> str:
    """A fund's profile code (`cnass-mr`) → its short name (`CNASS`); an unknown code as is."""
    return load_profile(code).short_name if code in profile_codes() else code
