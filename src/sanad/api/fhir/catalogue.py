"""Whether an act, a drug or a device of the catalogue needs the fund's prior authorization on a day: the
engine's rule, read through `catalog.selectors.prior_approval` (the one place it lives), and the catalogue
kinds a coding's system names."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sanad.api.fhir.identifiers import identifier_system
from sanad.catalog.selectors.prior_approval import item_version_on, row_needs_prior_approval

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


def catalogue_item(*, kinds: tuple[str, ...], code: str, day: datetime.date) -> CatalogueItem | None:
    """The first item of `kinds` whose code is `code` in force on `day`, with whether it needs prior
    authorization; None when the catalogue has none that day."""
    for kind in kinds:
        row = item_version_on(kind, code, day)
        if row is not None:
            return CatalogueItem(kind, code, _label(kind, row), row_needs_prior_approval(kind, row))
    return None
