"""What the automatic rules read of the catalogue on a day: drugs of the long-term list, treatment
protocols, long-term conditions and reference prices (read only; the catalogue app writes them)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q

from sanad.catalog.models import Drug, LongTermCondition, TreatmentProtocol, in_force
from sanad.catalog.selectors.lookup import item_tariff


def _category(code: str) -> str:
    return code.split(".")[0]


def diagnosis_matches(diagnosis: str, codes: list[str]) -> bool:
    """An ICD-10 diagnosis belongs to a list when the list names it or its three-character category."""
    wanted = {diagnosis.upper(), _category(diagnosis.upper())}
    return any(str(code).upper() in wanted for code in codes)


def conditions_covering(*, codes: frozenset[str], diagnosis: str, day: datetime.date) -> list[str]:
    """Of the long-term conditions `codes`, those in force on `day` that group `diagnosis`."""
    if not codes or not diagnosis:
        return []
    rows = LongTermCondition.objects.filter(in_force(day), code__in=codes).values_list("code", "icd10_codes")
    return sorted(code for code, icd10 in rows if diagnosis_matches(diagnosis, list(icd10 or ())))


def long_term_drug(*, code: str, day: datetime.date) -> Drug | None:
    """The drug `code` in force on `day` when it is on the long-term list (reserved to long-term
    conditions)."""
    return Drug.objects.filter(in_force(day), code=code, long_term_only=True).first()


def protocol_allows(*, diagnosis: str, code: str, day: datetime.date) -> bool:
    """A treatment protocol in force for the diagnosis (or its category) expects `code`."""
    rows = TreatmentProtocol.objects.filter(
        in_force(day), diagnosis__in={diagnosis.upper(), _category(diagnosis.upper())}
    ).values_list("expected_codes", flat=True)
    return any(code in (expected or ()) for expected in rows)


def reference_price(
    *, kind: str, code: str, quantity: int, day: datetime.date, sector: str
) -> Decimal | None:
    """The catalogue's reference price of `quantity` units of the act or device `code` on `day` in the
    facility's sector; None when the catalogue has no such item or no price that day."""
    item = item_tariff(kind=kind, code=code, day=day, sector=sector)
    return None if item is None else item.line_tariff(quantity=quantity)


# The catalogue's reading of each group of drugs the profile may send to the fund's pharmacy.
_PHARMACY_GROUPS = {
    "outside_direct_billing": Q(direct_billing=False),
    "costly": Q(costly=True),
    "long_term_only": Q(long_term_only=True),
}


def fund_pharmacy_drugs(*, codes: list[str], groups: tuple[str, ...], day: datetime.date) -> set[str]:
    """Of the drugs `codes`, those in force on `day` in one of the profile's fund-pharmacy `groups`."""
    if not codes or not groups:
        return set()
    wanted = Q()
    for group in groups:
        wanted |= _PHARMACY_GROUPS[group]
    return set(Drug.objects.filter(in_force(day), wanted, code__in=codes).values_list("code", flat=True))
