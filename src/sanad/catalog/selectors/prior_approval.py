"""Whether an act, a drug or a device of the catalogue needs the fund's prior approval on a day: the one
rule the engine applies (`adjudication.rules.prior_approval.needs_prior_approval`, seeds 002 and 004) and
the interfaces that tell facilities beforehand (FHIR eligibility, Claim), read from one place.

The catalogue row says so, or the item's category is in the profile's `prior_approval.all_sectors` (what
`catalog.engine_rules.profile_rules` gives the engine; the sector-only lists are not given to it, so they
are not applied here either). A drug's category is the engine's (`drug_category`, which
`catalog.snapshot.reference_snapshot` uses too): `costly_long_term_drug` when it is costly and reserved to
long-term conditions, else `drug`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import connection

from sanad.adjudication.rules.prior_approval import needs_prior_approval
from sanad.catalog.crosschecks import ITEM_MODELS
from sanad.funds.active import active_profile


def drug_category(*, costly: bool, long_term_only: bool) -> str:
    """The engine's category of a drug (seed 002: costly drugs of long-term conditions need approval)."""
    return "costly_long_term_drug" if costly and long_term_only else "drug"


def item_category(kind: str, row: Any) -> str:
    """The category the engine gives a catalogue row of `kind`."""
    if kind == "drug":
        return drug_category(costly=row.costly, long_term_only=row.long_term_only)
    return row.category


def item_version_on(kind: str, code: str, day: datetime.date) -> Any | None:
    """The version of the item `code` of `kind` in force on `day`, or None."""
    return item_versions_on(kind, [(code, day)]).get((code, day))


# What the rule (`row_needs_prior_approval`, `item_category`) and the interfaces (an item's label) read of a
# row: only these are loaded (reading the other columns, the JSON of its constraints among them, cost more
# than the query; another field would be read from the database when first asked).
_COMMON = ("id", "code", "valid_from", "valid_to", "needs_prior_approval")
_COLUMNS = {
    "act": (*_COMMON, "category", "label_fr"),
    "device": (*_COMMON, "category", "label_fr"),
    "drug": (*_COMMON, "costly", "long_term_only", "name", "strength", "form"),
}


def item_versions_on(
    kind: str, wanted: Iterable[tuple[str, datetime.date]]
) -> dict[tuple[str, datetime.date], Any]:
    """The version in force of each (code, day) of `kind` that the catalogue has, read in one query (the
    fields of `_COLUMNS`)."""
    wanted = set(wanted)
    if not wanted:
        return {}
    latest = max(day for _, day in wanted)
    versions: dict[str, list[Any]] = {}
    codes = sorted({code for code, _ in wanted})
    # Written as SQL: the ORM spent about 1 ms building this one-line query, for 0.1 ms of reading (the
    # FHIR eligibility check asks it on every call).
    model = ITEM_MODELS[kind]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in _COLUMNS[kind])
    sql = (
        f"SELECT {columns} FROM {quote(model._meta.db_table)} "  # noqa: S608 - names from the model
        f"WHERE {quote('code')} IN ({', '.join(['%s'] * len(codes))}) AND {quote('valid_from')} <= %s "
        f"ORDER BY {quote('valid_from')} DESC"
    )
    rows: Iterable[Any] = model.objects.raw(sql, [*codes, latest])
    for row in rows:
        versions.setdefault(row.code, []).append(row)
    found = {}
    for code, day in wanted:
        for row in versions.get(code, ()):
            if row.valid_from <= day and (row.valid_to is None or day <= row.valid_to):
                found[(code, day)] = row
                break
    return found


def row_needs_prior_approval(kind: str, row: Any) -> bool:
    """Whether the catalogue row `row` of `kind` needs prior approval under the active profile."""
    categories = frozenset(active_profile().prior_approval.all_sectors)
    return needs_prior_approval(row.needs_prior_approval, item_category(kind, row), categories)


def item_needs_prior_approval(kind: str, code: str, day: datetime.date) -> bool | None:
    """Whether the item `code` of `kind` ("act", "drug" or "device") needs prior approval on `day`; None
    when the catalogue has no such item in force that day."""
    row = item_version_on(kind, code, day)
    return None if row is None else row_needs_prior_approval(kind, row)
