"""What every page's shell needs: the fund, the user's roles and the navigation they allow."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sanad.common.permissions import Role, can, primary_role, roles_of
from sanad.funds.active import active_profile

# (label, URL name, capability or role that shows it). Later capabilities add their pages here.
NAVIGATION: tuple[tuple[Any, str, str | Role], ...] = (
    (_("Home"), "home", "any"),
    (_("Reception queue"), "registry:queue", "registry.enroll"),
    (_("New enrollment"), "registry:enroll", "registry.enroll"),
    (_("Enrollments"), "registry:enrollment_list", "registry.view"),
    (_("Register checks"), "registry:quality_queue", "registry.review"),
    (_("Register import"), "registry:import", "registry.review"),
    (_("Facilities"), "providers:facility_list", "providers.view"),
    (_("Agreements"), "providers:board", "providers.manage"),
    (_("Catalog"), "catalog:act_list", "catalog.view"),
    (_("Reason codes"), "reasons", "any"),
    (_("Administration"), "admin:index", Role.ADMINISTRATOR),
)


def _visible(user: Any, need: str | Role) -> bool:
    if need == "any":
        return True
    if isinstance(need, Role):
        return need in roles_of(user)
    return can(user, need)


def shell(request: Any) -> dict[str, Any]:
    user = request.user
    profile = active_profile()
    nav = []
    if user.is_authenticated:
        nav = [{"label": label, "url": url} for label, url, need in NAVIGATION if _visible(user, need)]
    role = primary_role(user)
    return {
        "fund": profile,
        "fund_name": profile.name.get(request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "fr"),
        "navigation": nav,
        "primary_role": role,
        "primary_role_label": role.label if role else "",
    }
