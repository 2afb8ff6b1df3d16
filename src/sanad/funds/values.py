"""Small value types of a fund profile: labels in three languages, clock lengths, money rules."""

from __future__ import annotations

import decimal
import sys
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    """A label in the three languages of Sanad."""

    fr: str
    ar: str
    en: str

    def get(self, language: str) -> str:
        """The label in `language` ("fr", "ar", "en", or a variant like "fr-ma"); French otherwise."""
        code = language.split("-")[0].lower()
        return getattr(self, code) if code in ("fr", "ar", "en") else self.fr

    def get_text(self, language: str | None = None) -> str:
        """The label in `language`, or in Django's active language when Django is running."""
        if language is None:
            # Look Django up without importing it: this module stays usable outside Django.
            translation = sys.modules.get("django.utils.translation")
            language = (translation.get_language() if translation else None) or "fr"
        return self.get(language)

    def __str__(self) -> str:
        return self.get_text()


@dataclass(frozen=True, slots=True, kw_only=True)
class Clock:
    """A deadline length: `amount` of `unit` (calendar_days, working_days or working_hours)."""

    amount: int
    unit: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Money:
    currency: str
    quantum: Decimal
    rounding: str
    # The largest amount one typed entry may carry (a billed line, a payment): a slip such as 1e9 is refused.
    max_entry: Decimal

    def quantize(self, amount: Decimal) -> Decimal:
        """An amount is rounded to the fund's quantum with the fund's rounding mode."""
        return amount.quantize(self.quantum, rounding=getattr(decimal, self.rounding))
