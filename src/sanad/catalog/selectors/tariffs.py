"""Reads of the catalog: the row in force on a date, prices, pages of acts, exports."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from sanad.catalog.models import Act, Drug, KeyLetterValue, in_force
from sanad.catalog.tables import Table
from sanad.common.paging import key_page

CENT = Decimal("0.01")


def key_letter_value_on(*, letter: str, day: datetime.date, sector: str) -> KeyLetterValue | None:
    """A key letter's value on a date is the sector's own value, else the value for every sector."""
    rows = KeyLetterValue.objects.filter(in_force(day), letter=letter, sector__in=[sector, ""])
    by_sector = {row.sector: row for row in rows}
    return by_sector.get(sector) or by_sector.get("")


def act_on(*, code: str, day: datetime.date) -> Act | None:
    """The version of an act in force on a date, or None."""
    return Act.objects.filter(in_force(day), code=code).first()


def act_price(*, act: Act, day: datetime.date, sector: str) -> Decimal | None:
    """An act's price is its package price, or its key letter's value on the date times its coefficient
    (None when the letter has no value that day), to the cent."""
    if act.package_price is not None:
        return act.package_price
    value = key_letter_value_on(letter=act.key_letter, day=day, sector=sector)
    if value is None or act.coefficient is None:
        return None
    return (value.value * act.coefficient).quantize(CENT)


def act_price_on(*, code: str, day: datetime.date, sector: str) -> Decimal | None:
    """The price of the act `code` in force on `day` in `sector`, or None if unknown or unpriced."""
    act = act_on(code=code, day=day)
    return None if act is None else act_price(act=act, day=day, sector=sector)


def drug_by_barcode(*, barcode: str, day: datetime.date) -> Drug | None:
    """The drug carrying `barcode` in force on `day`, or None."""
    return Drug.objects.filter(in_force(day), barcode=barcode).first()


@dataclass(frozen=True)
class ActPage:
    acts: list[Act]
    next_after: str | None


def act_page(
    *, day: datetime.date, search: str = "", category: str = "", after: str = "", size: int = 50
) -> ActPage:
    """Acts in force on `day`, by code, after the code `after` (keyset pagination: no OFFSET)."""
    query = Act.objects.filter(in_force(day))
    if search:
        query = query.filter(
            Q(code__istartswith=search) | Q(label_fr__icontains=search) | Q(label_ar__icontains=search)
        )
    if category:
        query = query.filter(category=category)
    page = key_page(query, key=("code",), after=after, size=size)
    return ActPage(acts=page.rows, next_after=page.next_after)


@dataclass(frozen=True)
class PricePeriod:
    """A stretch of days over which an act's price in a sector did not change."""

    start: datetime.date
    end: datetime.date | None
    sector: str
    price: Decimal | None
    act: Act
    letter_value: Decimal | None


def act_versions(*, code: str) -> list[Act]:
    """Every version of an act, oldest first."""
    return list(Act.objects.filter(code=code).order_by("valid_from"))


def act_price_history(*, code: str, versions: list[Act] | None = None) -> list[PricePeriod]:
    """Every price the act has had: each version of the act crossed with each value of its key letter."""
    if versions is None:
        versions = act_versions(code=code)
    letters = {v.key_letter for v in versions if v.key_letter}
    values = list(KeyLetterValue.objects.filter(letter__in=letters).order_by("sector", "valid_from"))
    periods: list[PricePeriod] = []
    for act in versions:
        if act.package_price is not None:
            periods.append(PricePeriod(act.valid_from, act.valid_to, "", act.package_price, act, None))
            continue
        for value in values:
            if value.letter != act.key_letter:
                continue
            start = max(act.valid_from, value.valid_from)
            ends = [d for d in (act.valid_to, value.valid_to) if d is not None]
            end = min(ends) if ends else None
            if end is not None and end < start:
                continue
            price = (value.value * act.coefficient).quantize(CENT) if act.coefficient is not None else None
            periods.append(PricePeriod(start, end, value.sector, price, act, value.value))
    periods.sort(key=lambda p: (p.sector, p.start))
    return periods


def table_records(*, table: Table) -> Iterator[dict[str, Any]]:
    """Every row of a table as {column: value}, in key and date order, streamed for export."""
    order = [*table.key, "valid_from"]
    yield from table.model.objects.order_by(*order).values(*table.column_names).iterator(chunk_size=2000)
