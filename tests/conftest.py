"""Shared fixtures: named personas, one per role, as in the fund's daily work."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from sanad.common.permissions import Role, role_groups_ensure

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def _fund_language():
    # Every test starts in the fund's first language, whatever an earlier test activated in this thread.
    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_snapshot_kept():
    # The desk's previews keep a reference snapshot a minute per process; each test has its own catalogue.
    from sanad.catalog.snapshot_window import recent_clear

    recent_clear()


@pytest.fixture(autouse=True)
def _cache_cleared():
    # The cache outlives a test (the API's rate counts, the API keys' lookups): each test starts with none,
    # whatever ids an earlier test's rolled-back rows had.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing with PBKDF2's full work factor would make every login in the suite slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    """Create a user holding the given roles: `make_user("alice", Role.MANAGER)`."""
    groups = role_groups_ensure()

    def make(username: str, *roles: Role, **fields):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)
        user.groups.add(*(groups[r] for r in roles))
        return user

    return make


@pytest.fixture
def alice(make_user):
    """Alice is a counter agent at the Nouakchott branch."""
    return make_user("alice", Role.COUNTER_AGENT, first_name="Alice")


@pytest.fixture
def manager(make_user):
    return make_user("mariem", Role.MANAGER, first_name="Mariem")


@pytest.fixture
def demo(db, settings):
    """A small demo register for the active fund: every role's account, facilities and 40 members."""
    import datetime

    from sanad.demo.loader import demo_load

    return demo_load(fund=settings.SANAD_FUND, members=40, seed=3, today=datetime.date(2026, 11, 23))
