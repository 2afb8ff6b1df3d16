"""The checks of a facility's fields, one per field, shared by the pages (each error next to its field) and
the services (which check again before writing). Each returns the value to store or raises a DomainError
naming its field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from sanad.common.banking import bank_account_normalize
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.vocabulary import FacilityKind, Sector
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility

_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,31}")
_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9/.\- ]{0,63}")
_IDENTIFIER = re.compile(r"[A-Z0-9]{1,32}")


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _scripts(value: str) -> set[str]:
    """The scripts of the letters of `value`: "arabic", "latin" or "other"."""
    found = set()
    for char in value:
        if char.isalpha():
            name = unicodedata.name(char, "")
            found.add("arabic" if name.startswith("ARABIC") else "latin" if "LATIN" in name else "other")
    return found


def code_clean(value: Any) -> str:
    """A facility code has 2 to 32 capital letters, digits or hyphens; it is stored in capitals."""
    code = _text(value).upper()
    if not code:
        raise DomainError(ErrorCode.REQUIRED, field="code")
    if not _CODE.fullmatch(code):
        raise DomainError(
            ErrorCode.INVALID,
            _("A code has 2 to 32 letters, digits or hyphens, and starts with a letter or a digit."),
            field="code",
        )
    return code


def name_fr_clean(value: Any) -> str:
    """The name in French is required and written in Latin letters."""
    name = _text(value)
    if not name:
        raise DomainError(ErrorCode.REQUIRED, field="name_fr")
    scripts = _scripts(name)
    if "latin" not in scripts or "arabic" in scripts:
        raise DomainError(ErrorCode.INVALID, _("Write the French name in Latin letters."), field="name_fr")
    if len(name) > 200:
        raise DomainError(ErrorCode.INVALID, _("At most 200 characters."), field="name_fr")
    return name


def name_ar_clean(value: Any) -> str:
    """The name in Arabic may be left empty; given, it is written in Arabic letters."""
    name = _text(value)
    if not name:
        return ""
    if _scripts(name) != {"arabic"}:
        raise DomainError(ErrorCode.INVALID, _("Write the Arabic name in Arabic letters."), field="name_ar")
    if len(name) > 200:
        raise DomainError(ErrorCode.INVALID, _("At most 200 characters."), field="name_ar")
    return name


def _choice(value: Any, allowed, field: str, message: str) -> str:
    choice = _text(value)
    if not choice:
        raise DomainError(ErrorCode.REQUIRED, field=field)
    if choice not in allowed:
        raise DomainError(ErrorCode.INVALID, message, field=field)
    return choice


def kind_clean(value: Any) -> str:
    return _choice(value, FacilityKind.values, "kind", _("Choose a kind of facility from the list."))


def sector_clean(value: Any) -> str:
    return _choice(value, Sector.values, "sector", _("Choose a sector from the list."))


def level_clean(value: Any, profile: FundProfile) -> str:
    """The level is one of the profile's care pyramid."""
    levels = {level.code for level in profile.care_pyramid.levels}
    return _choice(value, levels, "level", _("Choose a level of the care pyramid from the list."))


def region_clean(value: Any, profile: FundProfile) -> str:
    """The region is one of the profile's country."""
    regions = {region.code for region in profile.regions}
    return _choice(value, regions, "region", _("Choose a region from the list."))


def health_directorate_clean(value: Any) -> str:
    name = _text(value)
    if len(name) > 200:
        raise DomainError(ErrorCode.INVALID, _("At most 200 characters."), field="health_directorate")
    return name


def regulator_registration_clean(value: Any) -> str:
    """The regulator's registration number: letters, digits, spaces and / . - only, at most 64."""
    number = _text(value).upper()
    if number and not _REFERENCE.fullmatch(number):
        raise DomainError(
            ErrorCode.INVALID,
            _("Letters, digits, spaces and the signs / . - only, at most 64."),
            field="regulator_registration",
        )
    return number


def provider_identifier_clean(value: Any) -> str:
    """The provider identifier (INPE): letters and digits only, at most 32."""
    identifier = _text(value).upper().replace(" ", "")
    if identifier and not _IDENTIFIER.fullmatch(identifier):
        raise DomainError(
            ErrorCode.INVALID, _("Letters and digits only, at most 32."), field="provider_identifier"
        )
    return identifier


def facility_code_free(code: str, *, exclude: int | None = None) -> None:
    """A facility code belongs to one facility only, whatever its case: the other one is named."""
    other = Facility.objects.filter(code__iexact=code).exclude(pk=exclude).first()
    if other is not None:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("The code %(code)s is already that of %(name)s.") % {"code": other.code, "name": other.name_fr},
            field="code",
        )


def _flag(value: Any) -> bool:
    return bool(value)


# Each field a manager sets, and its check; level and region need the fund profile.
CHECKS: dict[str, Callable[..., Any]] = {
    "code": code_clean,
    "name_fr": name_fr_clean,
    "name_ar": name_ar_clean,
    "kind": kind_clean,
    "sector": sector_clean,
    "level": level_clean,
    "region": region_clean,
    "health_directorate": health_directorate_clean,
    "mission_curative": _flag,
    "mission_preventive": _flag,
    "mission_rehabilitation": _flag,
    "bank_account": bank_account_normalize,
    "regulator_registration": regulator_registration_clean,
    "provider_identifier": provider_identifier_clean,
}
_WITH_PROFILE = frozenset({"level", "region"})


def field_clean(name: str, value: Any, profile: FundProfile) -> Any:
    """The value of field `name` as stored, or a DomainError naming the field."""
    check = CHECKS[name]
    return check(value, profile) if name in _WITH_PROFILE else check(value)


def fields_clean(fields: dict[str, Any], profile: FundProfile) -> dict[str, Any]:
    """Every field checked; unknown fields are refused. Raises the first error found."""
    unknown = sorted(set(fields) - set(CHECKS))
    if unknown:
        raise DomainError(ErrorCode.INVALID, _("These fields cannot be set here."), field=unknown[0])
    return {name: field_clean(name, value, profile) for name, value in fields.items()}
