"""Reads of the provider network, scoped to the user who asks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from sanad.providers.models import Facility


def facility_of_user(*, user: Any) -> Facility | None:
    """The facility a facility staff account is bound to, or None."""
    staff = getattr(user, "facility_staff", None) if getattr(user, "is_authenticated", False) else None
    return staff.facility if staff is not None else None


def facility_counts_by_level() -> dict[str, int]:
    """How many facilities stand at each level of the care pyramid."""
    rows = Facility.objects.values("level").annotate(n=Count("id")).order_by()
    return {row["level"]: row["n"] for row in rows}


def facility_count() -> int:
    return Facility.objects.count()
