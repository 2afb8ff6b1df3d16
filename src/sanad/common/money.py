"""Amounts as people read them: the reader's decimal mark and grouping, the currency's decimals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format

from sanad.funds.types import FundProfile


def money_places(profile: FundProfile) -> int:
    """How many decimals the fund's currency shows (its quantum: 0.01 → 2)."""
    exponent = profile.money.quantum.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def amount_text(value: Any, profile: FundProfile, *, currency: bool = True) -> Any:
    """An amount in the reader's format with the currency's decimals, and its currency ("1 500,00 MRU");
    anything not a figure as is."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return value
    if not number.is_finite():
        return value
    text = number_format(number, decimal_pos=money_places(profile), force_grouping=True)
    return f"{text} {profile.currency}" if currency else text
