"""Checks of an imported file against the rest of the catalog: the codes and key letters its rows name
must exist. One query per referenced table (in chunks), whatever the size of the file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.catalog.cells import RowError
from sanad.catalog.models import Act, Device, Drug, ItemKind, KeyLetterValue

CHUNK = 5000  # stays under SQLite's limit on query parameters
Rows = list[tuple[int, dict[str, Any]]]  # (row number in the file, values read)

ITEM_MODELS: dict[str, type[models.Model]] = {ItemKind.ACT: Act, ItemKind.DRUG: Drug, ItemKind.DEVICE: Device}
NO_SUCH_CODE = {
    ItemKind.ACT: _("No act of the catalog has this code."),
    ItemKind.DRUG: _("No drug of the catalog has this code."),
    ItemKind.DEVICE: _("No device of the catalog has this code."),
}


def _existing(model: type[models.Model], column: str, values: Iterable[str]) -> set[str]:
    """Which of `values` some row of `model` holds in `column`, whatever its period."""
    wanted = sorted(set(values))
    found: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        found.update(model.objects.filter(**{f"{column}__in": chunk}).values_list(column, flat=True))
    return found


def _acts(rows: Rows) -> list[RowError]:
    """An act priced by key letter needs a value of that letter for some period."""
    known = _existing(KeyLetterValue, "letter", (v["key_letter"] for _n, v in rows if v.get("key_letter")))
    return [
        RowError(
            number,
            "key_letter",
            "key_letter_value",
            _("The key letter %(letter)s has no value for any period: import its values first.")
            % {"letter": values["key_letter"]},
        )
        for number, values in rows
        if values.get("key_letter") and values["key_letter"] not in known
    ]


def _package(rows: Rows) -> list[RowError]:
    """A benefit-package entry names an act, a drug or a device of the catalog, of its kind."""
    known = {
        kind: _existing(model, "code", (v["code"] for _n, v in rows if v["kind"] == kind))
        for kind, model in ITEM_MODELS.items()
    }
    return [
        RowError(number, "code", "unknown_code", NO_SUCH_CODE[values["kind"]])
        for number, values in rows
        if values["code"] not in known[values["kind"]]
    ]


def _protocols(rows: Rows) -> list[RowError]:
    """A protocol's expected codes are acts or drugs of the catalog."""
    codes = {code for _n, v in rows for code in v["expected_codes"]}
    known = _existing(Act, "code", codes) | _existing(Drug, "code", codes)
    errors = []
    for number, values in rows:
        unknown = [code for code in values["expected_codes"] if code not in known]
        if unknown:
            message = _("These codes are neither an act nor a drug of the catalog: %(codes)s.") % {
                "codes": ", ".join(unknown)
            }
            errors.append(RowError(number, "expected_codes", "unknown_code", message))
    return errors


CHECKS: dict[str, Callable[[Rows], list[RowError]]] = {
    "acts": _acts,
    "benefit_package": _package,
    "protocols": _protocols,
}


def reference_errors(*, table: str, rows: Rows) -> list[RowError]:
    """The errors of the rows (already read without error) that name what the catalog does not hold."""
    check = CHECKS.get(table)
    return check(rows) if check and rows else []
