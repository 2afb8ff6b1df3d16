"""The tariff of a line at the facility's desk: the catalog's tariff in force on the date of service, in
the facility's sector, for the quantity and coefficient billed; and the lines billed above it.

Billing above the tariff is allowed (the fund pays on the tariff, the patient pays the part above it,
adjudication/rules/valuation.py); the desk warns the clerk, it does not refuse.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from sanad.catalog.selectors.lookup import ItemTariff, item_tariff
from sanad.claims.models import CareSheet, CareSheetLine
from sanad.funds.active import active_profile


@dataclass(frozen=True, slots=True)
class LineHint:
    """What the desk shows beside a line: the item found (None: no such code that day), the line's tariff
    (None: no tariff that day) and the amount billed, in the fund's currency."""

    item: ItemTariff | None
    tariff: Decimal | None
    billed: Decimal | None
    currency: str

    @property
    def over(self) -> bool:
        """The amount billed exceeds the tariff in force."""
        return self.tariff is not None and self.billed is not None and self.billed > self.tariff

    @property
    def excess(self) -> Decimal | None:
        """How much the amount billed exceeds the tariff (None when it does not)."""
        if self.tariff is None or self.billed is None or self.billed <= self.tariff:
            return None
        return self.billed - self.tariff


def line_hint(
    *,
    kind: str,
    code: str,
    day: datetime.date,
    sector: str,
    quantity: int = 1,
    coefficient: Decimal | None = None,
    billed: Decimal | None = None,
    language: str = "fr",
) -> LineHint | None:
    """The tariff of a line (`ItemTariff.line_tariff`) and whether `billed` exceeds it; None when no code
    is typed."""
    if not code.strip():
        return None
    profile = active_profile()
    item = item_tariff(kind=kind, code=code, day=day, sector=sector, language=language)
    tariff = (
        None
        if item is None
        else item.line_tariff(quantity=quantity, coefficient=coefficient, quantum=profile.money.quantum)
    )
    return LineHint(item=item, tariff=tariff, billed=billed, currency=profile.currency)


def lines_over_tariff(*, care_sheet: CareSheet, language: str = "fr") -> list[tuple[CareSheetLine, LineHint]]:
    """The sheet's lines billed above their tariff in force on their date of service, in line order (one
    look-up per line: a sheet holds a few lines, at most the desk's limit)."""
    sector = care_sheet.facility.sector
    over = []
    for line in care_sheet.lines.order_by("line_no"):
        hint = line_hint(
            kind=line.kind,
            code=line.code,
            day=line.service_date,
            sector=sector,
            quantity=line.quantity,
            coefficient=line.coefficient,
            billed=line.billed,
            language=language,
        )
        if hint is not None and hint.over:
            over.append((line, hint))
    return over
