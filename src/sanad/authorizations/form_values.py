"""A request's form, checked against its type in the fund profile: each field typed, bounded, required.

The pages and the API hand the raw values (text, or already typed) to the submitting service, which keeps
them as text in the request: integers and decimals as written, dates in ISO, choices by their code.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.types_authorizations import RequestCatalogue, RequestField, RequestType


def field_key(code: str) -> str:
    """The name of a form field on the pages and in errors: `field_<code>`."""
    return f"field_{code}"


def _bounds_error(field: RequestField) -> DomainError:
    low, high = field.minimum, field.maximum
    if low is not None and high is not None:
        message = _("Give a value between %(min)s and %(max)s.") % {
            "min": number_format(low),
            "max": number_format(high),
        }
    elif low is not None:
        message = _("Give a value of at least %(min)s.") % {"min": number_format(low)}
    else:
        message = _("Give a value of at most %(max)s.") % {"max": number_format(high)}
    return DomainError(ErrorCode.INVALID, message, field=field_key(field.code))


def _number(field: RequestField, raw: Any) -> str:
    text = str(raw).strip().replace(",", ".").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or (field.type == "integer" and number != number.to_integral_value()):
        message = _("Give a whole number.") if field.type == "integer" else _("Give a number.")
        raise DomainError(ErrorCode.INVALID, message, field=field_key(field.code))
    if (field.minimum is not None and number < field.minimum) or (
        field.maximum is not None and number > field.maximum
    ):
        raise _bounds_error(field)
    return str(int(number)) if field.type == "integer" else format(number, "f")


def _date(field: RequestField, raw: Any) -> str:
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    try:
        return datetime.date.fromisoformat(str(raw).strip()).isoformat()
    except ValueError:
        raise DomainError(ErrorCode.INVALID, _("Give a valid date."), field=field_key(field.code)) from None


def _one(field: RequestField, raw: Any) -> str:
    if field.type in ("integer", "decimal"):
        return _number(field, raw)
    if field.type == "date":
        return _date(field, raw)
    text = str(raw).strip()
    if field.type == "choice":
        if text not in {choice.code for choice in field.choices}:
            raise DomainError(
                ErrorCode.INVALID, _("Choose one of the values offered."), field=field_key(field.code)
            )
        return text
    if len(text) > field.max_length:
        raise DomainError(
            ErrorCode.INVALID,
            _("At most %(count)s characters.") % {"count": field.max_length},
            field=field_key(field.code),
        )
    return text


def values_clean(
    catalogue: RequestCatalogue, request_type: RequestType, raw: Mapping[str, Any]
) -> dict[str, str]:
    """The values of the type's fields, checked, as text; a field the type does not have is refused, a
    required field left empty names itself."""
    unknown = sorted(set(raw) - set(request_type.fields))
    if unknown:
        raise DomainError(ErrorCode.INVALID, _("This form has no such field."), field=field_key(unknown[0]))
    clean: dict[str, str] = {}
    for code in request_type.fields:
        field = catalogue.field(code)
        value = raw.get(code)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                raise DomainError(ErrorCode.REQUIRED, _("This value is required."), field=field_key(code))
            continue
        clean[code] = _one(field, value)
    return clean


def typed(field: RequestField, text: str) -> Any:
    """A value kept as text, back to its type: int, Decimal, date, or the text itself."""
    if field.type == "integer":
        return int(text)
    if field.type == "decimal":
        return Decimal(text)
    if field.type == "date":
        return datetime.date.fromisoformat(text)
    return text
