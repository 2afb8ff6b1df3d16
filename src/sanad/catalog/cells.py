"""How a cell of an imported file is read into a Python value; a bad cell raises `CellError`.

Cells are text (CSV) or typed values (XLSX); lists are separated by `|`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.catalog.validators import ean13_is_valid, icd10_is_valid
from sanad.common.tabular import (
    CellError,
    RowError,
    cell_text,
    read_bool,
    read_date,
    read_decimal,
    read_int,
    read_str,
)
from sanad.common.vocabulary import FacilityKind, Sector

__all__ = [
    "LIST_SEPARATOR",
    "CellError",
    "RowError",
    "cell_text",
    "read_bool",
    "read_date",
    "read_decimal",
    "read_int",
    "read_str",
]

LIST_SEPARATOR = "|"


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
