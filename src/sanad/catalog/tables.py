"""The importable tables: their columns and the rules a row must follow.

A file has one header line naming the columns; a row's errors carry its number in the file (the header is
row 1). How each cell is read is in `cells.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanad.catalog import models as m
from sanad.catalog.cells import (
    LIST_SEPARATOR,
    CellError,
    RowError,
    cell_text,
    choice,
    read_barcode,
    read_bool,
    read_date,
    read_decimal,
    read_icd10,
    read_icd10_list,
    read_int,
    read_kinds,
    read_list,
    read_rate,
    read_sector_or_all,
    read_str,
)
from sanad.common.vocabulary import Sector

__all__ = ["LIST_SEPARATOR", "TABLES", "Column", "RowError", "Table"]


def _none() -> None:
    return None


def _blank() -> str:
    return ""


@dataclass(frozen=True)
class Column:
    """A column: how its cell is read, whether it is required, and the value of an empty cell."""

    name: str
    read: Callable[[Any], Any]
    required: bool = False
    empty: Callable[[], Any] = _none


def plain(name: str, required: bool = False) -> Column:
    return Column(name, read_str, required, _blank)


def pick(name: str, choices: type[models.TextChoices], required: bool = False) -> Column:
    return Column(name, choice(choices), required, _blank)


def listing(name: str, read: Callable[[Any], list[str]], required: bool = False) -> Column:
    return Column(name, read, required, list)


DATED = [
    Column("valid_from", read_date, required=True),
    Column("valid_to", read_date),
    plain("source"),
    Column("assumption", read_bool, empty=bool),
]
CONSTRAINTS = [
    Column("min_age", read_int),
    Column("max_age", read_int),
    pick("sex", m.SexChoice),
    listing("facility_kinds", read_kinds),
    Column("min_level", read_int),
    Column("max_level", read_int),
    Column("max_per_day", read_int),
    Column("max_per_period", read_int),
    Column("period_days", read_int),
    Column("needs_prior_approval", read_bool, empty=bool),
]


def _check_dates(values: dict[str, Any]) -> list[tuple[str, str, Promise]]:
    end = values.get("valid_to")
    if end is not None and end < values["valid_from"]:
        return [("valid_to", "date_order", _("The end date is before the start date."))]
    return []


def _check_constraints(values: dict[str, Any]) -> list[tuple[str, str, Promise]]:
    errors = _check_dates(values)
    if (values.get("max_per_period") is None) != (values.get("period_days") is None):
        errors.append(
            ("period_days", "period_pair", _("Give the maximum per period and the period together."))
        )
    for low, high in (("min_age", "max_age"), ("min_level", "max_level")):
        if values.get(low) is not None and values.get(high) is not None and values[low] > values[high]:
            errors.append((high, "range", _("The maximum is below the minimum.")))
    return errors


def _check_act(values: dict[str, Any]) -> list[tuple[str, str, Promise]]:
    errors = _check_constraints(values)
    by_letter = bool(values.get("key_letter")) and values.get("coefficient") is not None
    by_package = not values.get("key_letter") and values.get("coefficient") is None
    if not (by_letter and values.get("package_price") is None) and not (
        by_package and values.get("package_price") is not None
    ):
        errors.append(
            (
                "package_price",
                "letter_or_package",
                _("Give either a key letter with a coefficient or a package price."),
            )
        )
    return errors


@dataclass(frozen=True)
class Table:
    """An importable table: its model, the columns that name one series of dated rows, and its columns."""

    name: str
    model: type[models.Model]
    key: tuple[str, ...]
    columns: list[Column]
    check: Callable[[dict[str, Any]], list[tuple[str, str, Promise]]] = _check_dates

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def read_row(self, number: int, raw: dict[str, Any]) -> tuple[dict[str, Any], list[RowError]]:
        """The row's values, or the error of each cell and then of the row's own rules."""
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        for column in self.columns:
            cell = raw.get(column.name)
            if cell_text(cell) == "":
                if column.required:
                    errors.append(RowError(number, column.name, "required", _("This value is required.")))
                else:
                    values[column.name] = column.empty()
                continue
            try:
                values[column.name] = column.read(cell)
            except CellError as error:
                errors.append(RowError(number, column.name, error.rule, error.message))
        if not errors:
            errors = [RowError(number, f, rule, msg) for f, rule, msg in self.check(values)]
        return values, errors


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "key_letters",
            m.KeyLetterValue,
            ("letter", "sector"),
            [
                plain("letter", True),
                Column("sector", read_sector_or_all, empty=_blank),
                Column("value", read_decimal, True),
                *DATED,
            ],
        ),
        Table(
            "acts",
            m.Act,
            ("code",),
            [
                plain("code", True),
                plain("label_fr", True),
                plain("label_ar"),
                pick("category", m.ActCategory, True),
                plain("grid"),
                plain("key_letter"),
                Column("coefficient", read_decimal),
                Column("package_price", read_decimal),
                *CONSTRAINTS,
                *DATED,
            ],
            _check_act,
        ),
        Table(
            "drugs",
            m.Drug,
            ("code",),
            [
                plain("code", True),
                Column("barcode", read_barcode, True),
                plain("name", True),
                plain("form"),
                plain("strength"),
                Column("public_price", read_decimal, True),
                Column("reimbursement_base", read_decimal, True),
                Column("direct_billing", read_bool, empty=bool),
                Column("long_term_only", read_bool, empty=bool),
                Column("costly", read_bool, empty=bool),
                *CONSTRAINTS,
                *DATED,
            ],
            _check_constraints,
        ),
        Table(
            "devices",
            m.Device,
            ("code",),
            [
                plain("code", True),
                plain("label_fr", True),
                plain("label_ar"),
                pick("category", m.DeviceCategory, True),
                Column("package_amount", read_decimal, True),
                *CONSTRAINTS,
                *DATED,
            ],
            _check_constraints,
        ),
        Table(
            "long_term_conditions",
            m.LongTermCondition,
            ("code",),
            [
                plain("code", True),
                plain("label_fr", True),
                plain("label_ar"),
                listing("icd10_codes", read_icd10_list, True),
                Column("coverage_rate", read_rate),
                *DATED,
            ],
        ),
        Table(
            "coverage_rates",
            m.CoverageRate,
            ("fund", "care_type", "sector"),
            [
                plain("fund", True),
                pick("care_type", m.CareTypeChoice, True),
                pick("sector", Sector, True),
                Column("rate", read_rate, True),
                *DATED,
            ],
        ),
        Table(
            "benefit_package",
            m.BenefitPackageEntry,
            ("fund", "code"),
            [plain("fund", True), plain("code", True), pick("kind", m.ItemKind, True), *DATED],
        ),
        Table(
            "protocols",
            m.TreatmentProtocol,
            ("diagnosis",),
            [
                Column("diagnosis", read_icd10, True),
                plain("label"),
                listing("expected_codes", read_list, True),
                *DATED,
            ],
        ),
    ]
}
