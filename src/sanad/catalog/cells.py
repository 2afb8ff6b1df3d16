"""How a cell of an imported file is read into a Python value; a bad cell raises `CellError`.

Cells are text (CSV) or typed values (XLSX); lists are separated by `|`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanad.catalog.validators import ean13_is_valid, icd10_is_valid
from sanad.common.vocabulary import FacilityKind, Sector

LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    rule: str
    message: str | Promise

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "rule": self.rule, "message": str(self.message)}


class CellError(ValueError):
    def __init__(self, rule: str, message: str | Promise) -> None:
        super().__init__(str(message))
        self.rule = rule
        self.message = message


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet turns a code such as 1203 into 1203.0
    return str(value).strip()


def read_str(value: Any) -> str:
    return cell_text(value)


def read_decimal(value: Any) -> Decimal:
    text = cell_text(value).replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError("number", _("Enter a number.")) from None
    if not number.is_finite() or number < 0:
        raise CellError("number", _("Enter a number of zero or more."))
    return number


def read_int(value: Any) -> int:
    number = read_decimal(value)
    if number != number.to_integral_value():
        raise CellError("integer", _("Enter a whole number."))
    return int(number)


def read_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(cell_text(value))
    except ValueError:
        raise CellError("date", _("Enter a date as YYYY-MM-DD.")) from None


def read_bool(value: Any) -> bool:
    text = cell_text(value).lower()
    if text in {"1", "true", "yes", "oui", "vrai", "x"}:
        return True
    if text in {"0", "false", "no", "non", "faux", ""}:
        return False
    raise CellError("boolean", _("Enter 1 or 0."))


def read_list(value: Any) -> list[str]:
    return [part.strip() for part in cell_text(value).split(LIST_SEPARATOR) if part.strip()]


def choice(choices: type[models.TextChoices]) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        text = cell_text(value)
        if text not in choices.values:
            raise CellError("choice", _("Choose one of: %(values)s.") % {"values": ", ".join(choices.values)})
        return text

    return read


def read_barcode(value: Any) -> str:
    text = cell_text(value)
    if not ean13_is_valid(text):
        raise CellError("ean13", _("Enter a 13-digit EAN-13 barcode with a correct check digit."))
    return text


def read_icd10(value: Any) -> str:
    text = cell_text(value).upper()
    if not icd10_is_valid(text):
        raise CellError("icd10", _("Enter an ICD-10 code (for example E11 or E11.9)."))
    return text


def read_icd10_list(value: Any) -> list[str]:
    codes = read_list(value)
    bad = [c for c in codes if not icd10_is_valid(c)]
    if bad or not codes:
        raise CellError(
            "icd10", _("Enter ICD-10 codes separated by |; not valid: %(codes)s.") % {"codes": ", ".join(bad)}
        )
    return [c.upper() for c in codes]


def read_kinds(value: Any) -> list[str]:
    kinds = read_list(value)
    if any(k not in FacilityKind.values for k in kinds):
        raise CellError("choice", _("Choose among: %(values)s.") % {"values": ", ".join(FacilityKind.values)})
    return kinds


def read_rate(value: Any) -> Decimal:
    rate = read_decimal(value)
    if rate > 1:
        raise CellError("rate", _("Enter a rate between 0 and 1."))
    return rate


def read_sector_or_all(value: Any) -> str:
    text = cell_text(value)
    if text and text not in Sector.values:
        raise CellError("choice", _("Choose one of: %(values)s.") % {"values": ", ".join(Sector.values)})
    return text
