"""Fixtures of the claims API tests (their world is built in `claims_conftest`): a module uses them with
`pytestmark = pytest.mark.usefixtures("claims_world_rules")` and the `world` fixture."""

from __future__ import annotations

import pytest

from tests.api.claims_conftest import World, world_make, world_rules


@pytest.fixture
def claims_world_rules(settings, monkeypatch, tmp_path) -> None:
    world_rules(settings, monkeypatch, tmp_path)


@pytest.fixture
def world(claims_world_rules, make_user) -> World:
    return world_make(make_user)
