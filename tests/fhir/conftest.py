"""The world of the FHIR tests: the claims API's CNASS world (tests/api/claims_conftest: the Teyarett
health centre and its clerk Salka, the Kiffa hospital and its clerk Brahim, a family covered around today),
plus a child of that family, Alice at the fund's counter (she sees the register), an act and a device that
need prior authorization, and each facility's software with its API key."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sanad.catalog.models import Act, Device
from sanad.common.permissions import Role
from sanad.credentials.services import api_client_create
from sanad.registry.models import Member
from tests.api.claims_conftest import World, world_make, world_rules
from tests.claims.conftest import START
from tests.claims.desk.conftest import AROUND_TODAY, family

TODAY = timezone.localdate()
BEFORE_RIGHTS = AROUND_TODAY[0] - datetime.timedelta(days=30)
FHIR = "/fhir"
FHIR_JSON = "application/fhir+json"
SCOPES = ("eligibility", "claims", "authorizations", "payments")


@dataclasses.dataclass(frozen=True)
class FhirWorld:
    world: World
    family: Member  # covered around today, with a child
    child: Any
    counter: Any  # Alice, counter agent: sees the register in full
    centre_key: str  # the Teyarett centre's software
    hospital_key: str  # the Kiffa hospital's software


def _catalogue() -> None:
    """A scanner that the catalogue says needs prior approval, and a prosthesis, whose category the CNASS
    profile lists under prior_approval.all_sectors (the consultation CON-C needs none)."""
    Act.objects.create(
        code="IMG-TDM",
        label_fr="Scanner",
        category="imaging",
        package_price=Decimal("15000"),
        valid_from=START,
        needs_prior_approval=True,
    )
    Device.objects.create(
        code="PRO-GEN",
        label_fr="Prothèse du genou",
        category="prosthesis",
        package_amount=Decimal("90000"),
        valid_from=START,
    )


def machine(key: str, **headers: str) -> Client:
    """A client as a facility's software is: no cookie, CSRF enforced, the key in every request."""
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}", **headers)


@pytest.fixture(autouse=True)
def _rate_counts_cleared():
    # The API's rate counts live in the cache, which outlives a test: each test starts with none.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def fhir_world_make(make_user) -> FhirWorld:
    world = world_make(make_user)
    _catalogue()
    admin = make_user("cheikh", Role.ADMINISTRATOR, first_name="Cheikh")
    members = family(
        covered=AROUND_TODAY, dependants=[{"relationship": "child", "birth_date": datetime.date(2015, 3, 2)}]
    )

    def key(facility) -> str:
        return api_client_create(
            actor=admin, name=f"SIH {facility.code}", facility=facility, scopes=list(SCOPES)
        )[1]

    return FhirWorld(
        world=world,
        family=members,
        child=members.dependants.get(),
        counter=make_user("alice", Role.COUNTER_AGENT, first_name="Alice"),
        centre_key=key(world.centre),
        hospital_key=key(world.hospital),
    )


@pytest.fixture
def fhir(settings, monkeypatch, tmp_path, make_user) -> FhirWorld:
    world_rules(settings, monkeypatch, tmp_path)
    return fhir_world_make(make_user)
