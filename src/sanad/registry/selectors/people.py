"""Reads of the register, scoped to the user who asks."""

from __future__ import annotations

import datetime
from typing import Any

from sanad.registry.models import Dependant, Member


def member_of_user(*, user: Any) -> Member | None:
    """The member record of an insured person's account, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.filter(user=user).prefetch_related("dependants").first()


def member_counts(*, today: datetime.date) -> dict[str, int]:
    """Members, dependants and members enrolled today: the counts the staff home pages show."""
    return {
        "members": Member.objects.count(),
        "dependants": Dependant.objects.count(),
        "enrolled_today": Member.objects.filter(enrolled_on=today).count(),
    }
