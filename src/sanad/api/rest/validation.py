"""A request the schema refuses, told in the caller's language: the field at fault and the rule it breaks.

Pydantic words its refusals in English ("Field required", "Input should be a valid integer"); the API's
one handler of validation errors (`api.py`) rewrites them here from the error's type and context, in the
language of the request (Accept-Language), as the guards at the door word theirs: "lines[0].billed: this
value is required." A refusal our own validators raise (`PydanticCustomError`, from `common.guards`) is
already in plain words and in the caller's language: it is kept as it is, with the field's name before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

Rule = Callable[[Mapping[str, Any]], str]


def field_name(location: tuple) -> str | None:
    """A request's field from where the validator found it: ("body", "data", "lines", 1, "code") is
    "lines[1].code"; ("query", "status") is "status"."""
    parts = list(location[2:] if location and location[0] in ("body", "form", "file") else location[1:])
    if location and location[0] in ("form", "file") and not parts:
        parts = list(location[1:])
    field = ""
    for part in parts:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return field or None


def _choices(ctx: Mapping[str, Any]) -> str:
    # Pydantic lists them in English ("'a', 'b' or 'c'"): the values alone, as the API spells them.
    values = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    return ", ".join(values) or str(ctx.get("expected", ""))


def _length(ctx: Mapping[str, Any]) -> str:
    return str(ctx.get("min_length", ctx.get("max_length", "")))


def _text_too_short(ctx: Mapping[str, Any]) -> str:
    if ctx.get("min_length") == 1:
        return _("this value may not be empty.")
    return _("the text is too short: at least %(count)s characters.") % {"count": _length(ctx)}


def _too_few(ctx: Mapping[str, Any]) -> str:
    if ctx.get("min_length") == 1:
        return _("at least one item is expected.")
    return _("too few items: at least %(count)s.") % {"count": _length(ctx)}


def _limit(message: str) -> Rule:
    return lambda ctx: message % {"limit": next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), "")}


def _rules() -> dict[str, Rule]:
    """The rule of each pydantic error type, in the active language (built at each refusal)."""
    required = _("this value is required.")
    whole = _("a whole number is expected.")
    number = _("a number is expected.")
    text = _("a text is expected.")
    date = _("a date is expected, written YYYY-MM-DD.")
    moment = _("a date and time is expected, written YYYY-MM-DDTHH:MM:SS.")
    boolean = _("true or false is expected.")
    listed = _("a list is expected.")
    thing = _("an object with its fields is expected.")
    table: dict[str, Rule] = {
        "missing": lambda ctx: required,
        "string_too_short": _text_too_short,
        "string_too_long": lambda ctx: (
            _("the text is too long: at most %(count)s characters.") % {"count": _length(ctx)}
        ),
        "string_pattern_mismatch": lambda ctx: _("the value is not in the expected form."),
        "enum": lambda ctx: _("one of these values is expected: %(values)s.") % {"values": _choices(ctx)},
        "literal_error": lambda ctx: (
            _("one of these values is expected: %(values)s.") % {"values": _choices(ctx)}
        ),
        "greater_than": _limit(_("the value must be more than %(limit)s.")),
        "greater_than_equal": _limit(_("the value must be at least %(limit)s.")),
        "less_than": _limit(_("the value must be less than %(limit)s.")),
        "less_than_equal": _limit(_("the value must be at most %(limit)s.")),
        "too_short": _too_few,
        "too_long": lambda ctx: _("too many items: at most %(count)s.") % {"count": _length(ctx)},
        "decimal_max_digits": lambda ctx: (
            _("too many digits: at most %(count)s.") % {"count": ctx.get("max_digits", "")}
        ),
        "decimal_max_places": lambda ctx: (
            _("too many decimals: at most %(count)s.") % {"count": ctx.get("decimal_places", "")}
        ),
        "decimal_whole_digits": lambda ctx: (
            _("too many digits before the decimal point: at most %(count)s.")
            % {"count": ctx.get("whole_digits", "")}
        ),
        "extra_forbidden": lambda ctx: _("this field is not expected."),
        "json_invalid": lambda ctx: _("the request body is not valid JSON."),
    }
    kinds = (
        (whole, ("int_parsing", "int_type", "int_from_float", "int_parsing_size")),
        (number, ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number")),
        (text, ("string_type", "string_unicode", "bytes_type")),
        (date, ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact")),
        (moment, ("datetime_parsing", "datetime_type", "datetime_from_date_parsing")),
        (boolean, ("bool_parsing", "bool_type")),
        (listed, ("list_type", "tuple_type", "set_type")),
        (thing, ("dict_type", "model_type", "model_attributes_type", "dataclass_type")),
    )
    for rule, types in kinds:
        table |= {kind: (lambda ctx, rule=rule: rule) for kind in types}
    return table


def validation_rule(error: Mapping[str, Any]) -> str:
    """The rule a value broke, in the active language, from pydantic's error (its type and context)."""
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and ctx.get("error"):
        return str(ctx["error"])  # our validators' own words
    rule = _rules().get(kind)
    if rule is not None:
        return rule(ctx)
    if kind == "invalid":  # PydanticCustomError("invalid", …) of common.guards: already in plain words
        return str(error.get("msg", "")) or _("the value is not valid.")
    return _("the value is not valid.")


def validation_message(error: Mapping[str, Any]) -> tuple[str | None, str]:
    """The field at fault and the message telling it: "lines[0].billed: this value is required."."""
    location = tuple(error.get("loc", ()))
    field = field_name(location)
    if field is None and location and location[0] == "body" and error.get("type") == "missing":
        return None, _("The request has no body: send a JSON object.")
    rule = validation_rule(error)
    if field is None:
        return None, rule[:1].upper() + rule[1:]
    return field, _("%(field)s: %(rule)s") % {"field": field, "rule": rule}
