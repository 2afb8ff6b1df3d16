"""Roles and the checks on them, in one place: every page, service and API asks here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role is a Django group of the same name; a user may hold several."""

    COUNTER_AGENT = "counter_agent", _("Counter agent")
    ENROLLMENT_OFFICER = "enrollment_officer", _("Enrollment officer")
    FACILITY_STAFF = "facility_staff", _("Facility staff")
    MEDICAL_ADVISER = "medical_adviser", _("Medical adviser")
    CLAIMS_CHECKER = "claims_checker", _("Claims checker")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")
    INSURED = "insured", _("Insured person")


# Which roles may do what. A capability names a task, not a page, so the API and pages share it.
CAPABILITIES: dict[str, frozenset[Role]] = {
    "registry.enroll": frozenset({Role.COUNTER_AGENT, Role.ENROLLMENT_OFFICER, Role.ADMINISTRATOR}),
    "registry.review": frozenset({Role.ENROLLMENT_OFFICER, Role.ADMINISTRATOR}),
    "registry.view": frozenset(
        {
            Role.COUNTER_AGENT,
            Role.ENROLLMENT_OFFICER,
            Role.MEDICAL_ADVISER,
            Role.CLAIMS_CHECKER,
            Role.MANAGER,
            Role.ADMINISTRATOR,
        }
    ),
    "providers.view": frozenset(
        {Role.MEDICAL_ADVISER, Role.CLAIMS_CHECKER, Role.FINANCE_OFFICER, Role.MANAGER, Role.ADMINISTRATOR}
    ),
    "providers.manage": frozenset({Role.MANAGER, Role.ADMINISTRATOR}),
    "catalog.view": frozenset({Role.MANAGER, Role.ADMINISTRATOR, Role.MEDICAL_ADVISER, Role.CLAIMS_CHECKER}),
    "catalog.manage": frozenset({Role.MANAGER, Role.ADMINISTRATOR}),
    # Facilities' software looks up acts and drugs through the API when it fills a care sheet.
    "catalog.lookup": frozenset(
        {Role.MANAGER, Role.ADMINISTRATOR, Role.MEDICAL_ADVISER, Role.CLAIMS_CHECKER, Role.FACILITY_STAFF}
    ),
    # A facility checks a patient's rights at its desk; it sees covered or not, never the register.
    "registry.rights": frozenset({Role.FACILITY_STAFF}),
    "claims.submit": frozenset({Role.FACILITY_STAFF}),
    "claims.check": frozenset({Role.CLAIMS_CHECKER, Role.ADMINISTRATOR}),
    "claims.review": frozenset({Role.MEDICAL_ADVISER}),
    # The fund's reception desk registers the batches handed in and gives the receipt.
    "claims.receive": frozenset({Role.CLAIMS_CHECKER, Role.ADMINISTRATOR}),
    # Reading any facility's files (facility staff read only their own, through claims.submit).
    "claims.view": frozenset(
        {Role.CLAIMS_CHECKER, Role.MEDICAL_ADVISER, Role.FINANCE_OFFICER, Role.MANAGER, Role.ADMINISTRATOR}
    ),
    # The confidential medical envelope is opened by medical advisers only.
    "claims.confidential": frozenset({Role.MEDICAL_ADVISER}),
    # Prior authorization: a facility asks for its own patients; medical advisers decide and alone open the
    # confidential medical report; fund staff follow the requests of every facility.
    "authorizations.submit": frozenset({Role.FACILITY_STAFF}),
    "authorizations.decide": frozenset({Role.MEDICAL_ADVISER}),
    "authorizations.confidential": frozenset({Role.MEDICAL_ADVISER}),
    # The fund's own pharmacy records what it hands over against an approval; no pharmacist role exists,
    # so the claims checker, the closest fund staff role, holds it.
    "authorizations.dispense": frozenset({Role.CLAIMS_CHECKER}),
    "authorizations.view": frozenset(
        {Role.MEDICAL_ADVISER, Role.CLAIMS_CHECKER, Role.MANAGER, Role.ADMINISTRATOR}
    ),
    # An insured person who paid first files for reimbursement at a branch counter.
    "claims.reimburse": frozenset({Role.COUNTER_AGENT, Role.CLAIMS_CHECKER, Role.ADMINISTRATOR}),
    # Complaints are registered and answered by the regional offices.
    "claims.complaints": frozenset(
        {Role.COUNTER_AGENT, Role.CLAIMS_CHECKER, Role.MANAGER, Role.ADMINISTRATOR}
    ),
    # Settlement runs: a finance officer prepares a run and another approves it (four eyes, checked on the
    # run); the managers read the runs, their orders and their reports.
    "payments.prepare": frozenset({Role.FINANCE_OFFICER}),
    "payments.approve": frozenset({Role.FINANCE_OFFICER}),
    "payments.view": frozenset({Role.FINANCE_OFFICER, Role.MANAGER, Role.ADMINISTRATOR}),
    # The dashboards (sanad.reports): each role sees the indicators of its own work, facility staff only
    # their facility's rows.
    "reports.view": frozenset(set(Role) - {Role.INSURED}),
    # The deposit and pick-up calendar of prior-authorization batches (regional offices, CNOPS), and the
    # requests an insured person files at a branch (CNSS).
    "authorizations.calendar": frozenset({Role.CLAIMS_CHECKER, Role.MANAGER, Role.ADMINISTRATOR}),
    "authorizations.branch": frozenset({Role.COUNTER_AGENT}),
    # Keys of facilities' software for the API (created, rotated, revoked).
    "credentials.manage": frozenset({Role.ADMINISTRATOR}),
    "self.view": frozenset({Role.INSURED}),
}


def roles_of(user: Any) -> frozenset[Role]:
    """The roles a user holds; cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_sanad_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        if user.is_superuser:
            cached |= {Role.ADMINISTRATOR}
        user._sanad_roles = cached
    return cached


def has_role(user: Any, role: Role) -> bool:
    return role in roles_of(user)


def can(user: Any, capability: str) -> bool:
    """Whether the user may perform `capability` (a key of CAPABILITIES)."""
    allowed = CAPABILITIES[capability]
    return bool(roles_of(user) & allowed)


def require(user: Any, capability: str) -> None:
    """Raise PermissionDenied unless the user may perform `capability`."""
    if not can(user, capability):
        raise PermissionDenied(capability)


def capability_required(capability: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """View decorator: the user must be logged in and hold `capability`."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            require(request.user, capability)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def primary_role(user: Any) -> Role | None:
    """The role whose home page a user sees first (the order of Role is the order of precedence)."""
    held = roles_of(user)
    for role in (Role.ADMINISTRATOR, Role.MANAGER, *Role):
        if role in held:
            return role
    return None


def role_groups_ensure() -> dict[Role, Group]:
    """Create the group of every role if missing; idempotent (used by migrations and demo data)."""
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
