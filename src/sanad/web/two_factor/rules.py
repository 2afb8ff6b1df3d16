"""Who must give a one-time code after the password (issue #16 §2).

The staff who see medical or money data: medical advisers (confidential medical reports), claims checkers
(care files), finance officers (settlement runs, bank files), managers (reports and every file) and
administrators, and any account that reaches the admin site (staff or superuser). The counter, enrolment and
facility desks and the insured see neither and sign in with their password alone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from sanad.common.permissions import Role, roles_of

TWO_FACTOR_ROLES: frozenset[Role] = frozenset(
    {Role.MEDICAL_ADVISER, Role.CLAIMS_CHECKER, Role.FINANCE_OFFICER, Role.MANAGER, Role.ADMINISTRATOR}
)


def two_factor_required(user: Any) -> bool:
    """Whether this account must give a one-time code after its password (whatever the setting says)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or roles_of(user) & TWO_FACTOR_ROLES)


def two_factor_pending(user: Any) -> bool:
    """Whether this signed-in user must still give a code before reaching any other page."""
    if not settings.SANAD_TWO_FACTOR or not two_factor_required(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())
