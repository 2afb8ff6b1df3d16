"""Frequency and quantity limits per day and per period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sanad.adjudication.codes import Reason
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import HistoryLine
from sanad.adjudication.reference import CatalogItem

RULE = "frequency"

#: (code, service date, quantity) of a line already counted in the file being decided.
Counted = tuple[str, date, int]


def _used(
    code: str, first: date, last: date, history: Sequence[HistoryLine], earlier: Sequence[Counted]
) -> int:
    used = 0
    for h in history:
        if h.code == code and first <= h.service_date <= last:
            used += h.quantity
    for c, d, q in earlier:
        if c == code and first <= d <= last:
            used += q
    return used


def frequency_allowance(
    item: CatalogItem,
    day: date,
    quantity: int,
    history: Sequence[HistoryLine],
    earlier: Sequence[Counted],
) -> tuple[int, Finding | None]:
    """A code may be billed at most ``max_per_day`` units a day and ``max_per_period`` units in any
    ``period_days`` days, counting lines already paid (history) and earlier lines of the same file; the
    units above the limit are not covered (the line is reduced, or rejected when nothing is left).

    Source: catalogue limits (NGAP/NABM, dialysis sessions per week in 002_*), as real funds apply them.
    Returns the quantity still allowed (at most ``quantity``) and the finding when it is less.
    """
    allowed = quantity
    result: Finding | None = None
    code = item.code
    per_day = item.max_per_day
    if per_day is not None:
        used = _used(code, day, day, history, earlier)
        left = max(0, per_day - used)
        if left < allowed:
            allowed = left
            result = finding(Reason.DAILY_LIMIT_EXCEEDED, RULE, code=code, limit=per_day, used=used, date=day)
    per_period, days = item.max_per_period, item.period_days
    if per_period is not None and days is not None:
        used = _used(code, day - timedelta(days=days - 1), day, history, earlier)
        left = max(0, per_period - used)
        if left < allowed:
            allowed = left
            result = finding(
                Reason.PERIOD_LIMIT_EXCEEDED,
                RULE,
                code=code,
                limit=per_period,
                days=days,
                used=used,
                date=day,
            )
    return allowed, result
