"""The claims API's world (tests/api/claims_conftest) with an administrator who manages API clients."""

from __future__ import annotations

import pytest

from sanad.common.permissions import Role
from tests.api.claims_conftest import World, world_make, world_rules


@pytest.fixture
def world(settings, monkeypatch, tmp_path, make_user) -> World:
    world_rules(settings, monkeypatch, tmp_path)
    return world_make(make_user)


@pytest.fixture
def admin(make_user):
    """Cheikh administers Sanad: he gives facilities' software their keys."""
    return make_user("cheikh", Role.ADMINISTRATOR, first_name="Cheikh")
