"""Whether an act, a drug or a device of the catalogue needs the fund's prior authorization on a day: the
engine's rule, read through `catalog.selectors.prior_approval` (the one place it lives), and the catalogue
kinds a coding's system names."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sanad.api.fhir.identifiers import identifier_system
from sanad.api.fhir.outcomes import FhirError
from sanad.catalog.selectors.prior_approval import item_versions_on, row_needs_prior_approval

KINDS = ("act", "drug", "device")


@dataclass(frozen=True, slots=True)
class CatalogueItem:
    kind: str
    code: str
    label: str
    authorization_required: bool


def kind_of_system(system: str | None) -> tuple[str, ...] | None:
    """The catalogue kinds a coding's system may name: one for the fund's own systems, every kind when
    no system is given, None for a system that is not the fund's."""
    if not system:
        return KINDS
    for kind in KINDS:
        if system == identifier_system(kind):
            return (kind,)
    return None


def _label(kind: str, row) -> str:
    if kind == "drug":
        return " ".join(part for part in (row.name, row.strength, row.form) if part)
    return row.label_fr


def catalogue_items(
    wanted: Sequence[tuple[tuple[str, ...], str, datetime.date]],
) -> list[CatalogueItem | None]:
    """For each (kinds, code, day): the first item of `kinds` whose code is `code` in force on `day`, with
    whether it needs prior authorization (None when the catalogue has none that day); one query per kind."""
    versions = {
        kind: item_versions_on(kind, [(code, day) for kinds, code, day in wanted if kind in kinds])
        for kind in KINDS
        if any(kind in kinds for kinds, _, _ in wanted)
    }
    found: list[CatalogueItem | None] = []
    for kinds, code, day in wanted:
        item = None
        for kind in kinds:
            row = versions[kind].get((code, day))
            if row is not None:
                item = CatalogueItem(kind, code, _label(kind, row), row_needs_prior_approval(kind, row))
                break
        found.append(item)
    return found


def concept_items(
    concepts: Sequence[tuple[Any, datetime.date, str]],
) -> list[CatalogueItem | None]:
    """The catalogue item each (productOrService, day of service, path) names by its first coding in the
    fund's systems (None for an absent concept), read in one query per kind; a FhirError at the path of the
    first concept with no such coding, or whose code the catalogue does not have that day."""
    asked: list[tuple[tuple[str, ...], str, datetime.date] | None] = []
    for concept, day, where in concepts:
        if concept is None:
            asked.append(None)
            continue
        coding = next(
            (c for c in concept.coding or [] if c.code and kind_of_system(c.system) is not None), None
        )
        if coding is None:
            message = _("Give the code of an act, a drug or a device of the fund's catalogue.")
            raise FhirError(400, "code-invalid", message, expression=where)
        asked.append((kind_of_system(coding.system) or KINDS, coding.code, day))
    found = iter(catalogue_items([ask for ask in asked if ask is not None]))
    items = [None if ask is None else next(found) for ask in asked]
    for item, ask, (_concept, day, where) in zip(items, asked, concepts, strict=True):
        if ask is not None and item is None:
            message = _("The code %(code)s is not in the fund's catalogue on %(day)s.") % {
                "code": ask[1],
                "day": day.isoformat(),
            }
            raise FhirError(400, "code-invalid", message, expression=where)
    return items
