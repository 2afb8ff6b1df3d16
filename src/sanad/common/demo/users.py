"""Demo staff accounts: one per role, all with the demo password."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from sanad.common.demo import DEMO_PASSWORD, DemoContext
from sanad.common.demo.names import NAMES, family_name_for
from sanad.common.permissions import Role, role_groups_ensure

DEMO_USERS: dict[Role, str] = {
    Role.COUNTER_AGENT: "agent",
    Role.ENROLLMENT_OFFICER: "officer",
    Role.FACILITY_STAFF: "facility",
    Role.MEDICAL_ADVISER: "adviser",
    Role.CLAIMS_CHECKER: "checker",
    Role.FINANCE_OFFICER: "finance",
    Role.MANAGER: "manager",
    Role.ADMINISTRATOR: "admin",
    Role.INSURED: "insured",
}


def users_load(ctx: DemoContext) -> None:
    """Create (or find) one account per role; hashing the password once keeps the load fast."""
    groups = role_groups_ensure()
    encoded = make_password(DEMO_PASSWORD)
    User = get_user_model()
    names = NAMES[ctx.profile.country]
    for role, username in DEMO_USERS.items():
        sex = ctx.rng.choice("MF")
        first = ctx.rng.choice(names["male" if sex == "M" else "female"])[0]
        last = family_name_for(ctx.profile.country, ctx.rng.choice(names["family"]), sex)[0]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "password": encoded,
                "first_name": first,
                "last_name": last,
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.groups.add(groups[role])
        ctx.users[role.value] = user
