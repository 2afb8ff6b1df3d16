"""Pages of the catalog's lists, each filtered on indexed columns and paginated by key, and the versions
of one series (an act code, a drug code, a key letter in a sector…)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q

from sanad.catalog.crosschecks import ITEM_MODELS
from sanad.catalog.models import (
    BenefitPackageEntry,
    Device,
    Drug,
    KeyLetterValue,
    LongTermCondition,
    TreatmentProtocol,
    in_force,
)
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page

# The sector filter's value for the rows that hold every sector's default value (their sector is empty).
EVERY_SECTOR = "all"


def drug_page(
    *,
    day: datetime.date,
    search: str = "",
    direct_billing: bool = False,
    long_term_only: bool = False,
    costly: bool = False,
    after: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[Drug]:
    """Drugs in force on `day` by code; `search` is a code or barcode prefix or part of the name."""
    query = Drug.objects.filter(in_force(day))
    if search:
        query = query.filter(
            Q(code__istartswith=search) | Q(barcode__startswith=search) | Q(name__icontains=search)
        )
    flags = {"direct_billing": direct_billing, "long_term_only": long_term_only, "costly": costly}
    query = query.filter(**{name: True for name, wanted in flags.items() if wanted})
    return key_page(query, key=("code",), after=after, size=size)


def device_page(
    *, day: datetime.date, search: str = "", category: str = "", after: str = "", size: int = PAGE_SIZE
) -> KeyPage[Device]:
    query = Device.objects.filter(in_force(day))
    if search:
        query = query.filter(Q(code__istartswith=search) | Q(label_fr__icontains=search))
    if category:
        query = query.filter(category=category)
    return key_page(query, key=("code",), after=after, size=size)


def condition_page(
    *, day: datetime.date, search: str = "", after: str = "", size: int = PAGE_SIZE
) -> KeyPage[LongTermCondition]:
    query = LongTermCondition.objects.filter(in_force(day))
    if search:
        query = query.filter(Q(code__istartswith=search) | Q(label_fr__icontains=search))
    return key_page(query, key=("code",), after=after, size=size)


def package_page(
    *,
    fund: str,
    day: datetime.date,
    kind: str = "",
    search: str = "",
    after: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[BenefitPackageEntry]:
    """The fund's benefit package on `day`: the codes it covers, by code."""
    query = BenefitPackageEntry.objects.filter(in_force(day), fund=fund)
    if kind:
        query = query.filter(kind=kind)
    if search:
        query = query.filter(code__istartswith=search)
    return key_page(query, key=("code",), after=after, size=size)


def protocol_page(
    *, day: datetime.date, search: str = "", after: str = "", size: int = PAGE_SIZE
) -> KeyPage[TreatmentProtocol]:
    query = TreatmentProtocol.objects.filter(in_force(day))
    if search:
        query = query.filter(Q(diagnosis__istartswith=search) | Q(label__icontains=search))
    return key_page(query, key=("diagnosis",), after=after, size=size)


def key_letter_page(
    *,
    letter: str = "",
    sector: str = "",
    day: datetime.date | None = None,
    after: str = "",
    size: int = PAGE_SIZE,
) -> KeyPage[KeyLetterValue]:
    """Key-letter values with their validity; every period unless `day` asks for the values in force."""
    query = KeyLetterValue.objects.all()
    if letter:
        query = query.filter(letter=letter)
    if sector:
        query = query.filter(sector="" if sector == EVERY_SECTOR else sector)
    if day is not None:
        query = query.filter(in_force(day))
    return key_page(query, key=("letter", "sector", "valid_from"), after=after, size=size)


def series_versions(*, model: type[models.Model], **series: Any) -> list[Any]:
    """Every version of one series of a dated table, oldest first."""
    return list(model.objects.filter(**series).order_by("valid_from"))


def code_kinds(*, codes: list[str]) -> dict[str, str]:
    """{code: kind} for the codes known as an act, a drug or a device (one query per kind)."""
    found: dict[str, str] = {}
    for kind, model in ITEM_MODELS.items():
        for code in model.objects.filter(code__in=codes).values_list("code", flat=True).distinct():
            found.setdefault(code, kind)
    return found
