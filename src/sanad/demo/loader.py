"""Loads the demo data of every app, in the order the layers allow, in one transaction."""

from __future__ import annotations

import datetime

from django.db import transaction

from sanad.catalog.demo import catalog_load
from sanad.common.demo import DemoContext
from sanad.common.demo.users import DEMO_USERS, users_load
from sanad.funds import load_profile
from sanad.providers.demo import facilities_load
from sanad.registry.demo import members_load
from sanad.registry.models import Member


def demo_is_loaded() -> bool:
    return Member.objects.exists()


@transaction.atomic
def demo_load(*, fund: str, members: int, seed: int, today: datetime.date) -> DemoContext:
    """Create the demo data for `fund`; all or nothing."""
    ctx = DemoContext(profile=load_profile(fund), seed=seed, members=members, today=today)
    users_load(ctx)
    facilities_load(ctx)
    catalog_load(ctx)
    members_load(ctx)
    return ctx


def demo_logins() -> list[tuple[str, str]]:
    """(role label, username) of every demo account, in role order."""
    return [(str(role.label), username) for role, username in DEMO_USERS.items()]
