"""The figures of each role's home page, read through the apps' selectors."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count

from sanad.common.models import AuditEvent
from sanad.common.permissions import Role, primary_role
from sanad.funds.active import active_profile
from sanad.providers.selectors import facility_count, facility_counts_by_level, facility_of_user
from sanad.registry.selectors import member_counts, member_of_user


def _pyramid() -> list[dict[str, Any]]:
    """Facilities per level, in the order of the fund's care pyramid."""
    counts = facility_counts_by_level()
    return [
        {"label": level.label.get_text(), "count": counts.get(level.code, 0)}
        for level in active_profile().care_pyramid.levels
    ]


def _users_by_role() -> list[dict[str, Any]]:
    rows = get_user_model().objects.values("groups__name").annotate(n=Count("id")).order_by()
    counts = {row["groups__name"]: row["n"] for row in rows}
    return [{"label": role.label, "count": counts.get(role.value, 0)} for role in Role]


def home_context(*, user: Any, today: datetime.date) -> tuple[Role | None, dict[str, Any]]:
    role = primary_role(user)
    context: dict[str, Any] = {"today": today}
    if role in (Role.COUNTER_AGENT, Role.ENROLLMENT_OFFICER, Role.MEDICAL_ADVISER, Role.CLAIMS_CHECKER):
        context["members"] = member_counts(today=today)
        context["pyramid"] = _pyramid()
    elif role == Role.FACILITY_STAFF:
        context["facility"] = facility_of_user(user=user)
    elif role == Role.FINANCE_OFFICER:
        context["facilities"] = facility_count()
        context["pyramid"] = _pyramid()
    elif role in (Role.MANAGER, Role.ADMINISTRATOR):
        context["members"] = member_counts(today=today)
        context["pyramid"] = _pyramid()
        context["facilities"] = facility_count()
        context["users_by_role"] = _users_by_role()
        context["audit_today"] = AuditEvent.objects.filter(at__date=today).count()
    elif role == Role.INSURED:
        context["member"] = member_of_user(user=user)
    return role, context
