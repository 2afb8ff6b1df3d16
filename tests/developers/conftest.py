"""The world of the integrators' pages: the FHIR tests' world (tests/fhir/conftest: the claims API's CNASS
world, the Teyarett health centre's software with a key of every scope), and the rate counts cleared."""

from __future__ import annotations

import pytest

from tests.api.claims_conftest import world_rules
from tests.fhir.conftest import FhirWorld, fhir_world_make


@pytest.fixture(autouse=True)
def _rate_counts_cleared():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fhir(settings, monkeypatch, tmp_path, make_user) -> FhirWorld:
    world_rules(settings, monkeypatch, tmp_path)
    return fhir_world_make(make_user)
