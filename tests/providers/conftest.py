"""Fixtures of the provider-network tests: the three profiles and facilities of any kind."""

from __future__ import annotations

import itertools

import pytest

from sanad.funds import load_profile
from sanad.providers.models import Facility

_serial = itertools.count(1)


@pytest.fixture
def cnass():
    return load_profile("cnass-mr")


@pytest.fixture
def cnops():
    return load_profile("cnops-ma")


@pytest.fixture
def cnss():
    return load_profile("cnss-ma")


@pytest.fixture
def make_facility(db):
    """`make_facility("health_centre", "public", region="MR-06")`: a facility with a unique code."""

    def make(kind: str = "health_centre", sector: str = "public", **fields) -> Facility:
        number = next(_serial)
        defaults = {
            "code": f"T-{number:05d}",
            "name_fr": f"Structure {number}",
            "level": "health_centre",
            "region": "MR-06",
            "health_directorate": "DRS du Trarza",
        }
        return Facility.objects.create(kind=kind, sector=sector, **{**defaults, **fields})

    return make
