"""Measures computed from a request's form."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_M2 = Decimal("0.01")


def body_surface_area(*, height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """Body surface area by the Mosteller formula, √(height in cm × weight in kg / 3600), in m² to the
    hundredth: doses of chemotherapy are prescribed per m² (seed 002: "doses … en fonction du poids et de
    la taille (surface corporelle)")."""
    if height_cm <= 0 or weight_kg <= 0:
        raise ValueError("height and weight must be positive")
    return (height_cm * weight_kg / Decimal(3600)).sqrt().quantize(_M2, rounding=ROUND_HALF_UP)
