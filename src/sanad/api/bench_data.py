"""The data of the API benchmarks (`sanad.api.bench`): a register of members with rights in force, a
health centre under agreement with its software's API key, and a small catalogue of acts.

Members are written by the register import's own writer (`families_write`: COPY on PostgreSQL), their
rights (a paid contribution and its rights period, from 2025 to the end of next year) with plain rows
(`rows_insert`), so that a million members load in minutes, not hours.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sanad.catalog.models import Act, BenefitPackageEntry, KeyLetterValue
from sanad.common.permissions import Role, role_groups_ensure
from sanad.credentials.services import api_client_create
from sanad.funds import load_profile
from sanad.providers.models import AgreementEvent, AgreementPeriod, AgreementRequest, Facility
from sanad.registry.bench import families_make
from sanad.registry.bench_rights import paid_rights_write
from sanad.registry.imports.writing import families_write, next_serial
from sanad.registry.models import Member

CATALOGUE_START = datetime.date(2024, 1, 1)
RIGHTS_START = datetime.date(2025, 1, 1)
CONSULTATION = "CON-C"
# Twenty acts of the benefit package (key letter C): the lines of the `fhir_claim` benchmark's Claim.
ACTS = tuple(f"BEN-{n:02d}" for n in range(1, 21))


@dataclass(frozen=True)
class World:
    facility: Facility
    key: str  # the centre's software's API key (`sk_...`)
    numbers: list[str]  # the registration numbers of the members loaded


def _centre() -> Facility:
    """A public health centre under agreement from 2024 to 2027."""
    facility = Facility.objects.create(
        code="BENCH-CS",
        name_fr="Centre de santé du banc d'essai",
        kind="health_centre",
        sector="public",
        level="health_centre",
        region=load_profile(settings.SANAD_FUND).regions[0].code,
        network_status="active",
    )
    request = AgreementRequest.objects.create(
        facility=facility,
        status="active",
        requested_on=datetime.date(2023, 9, 1),
        directorate_copy="DRS",
        due_on=datetime.date(2023, 12, 1),
    )
    AgreementEvent.objects.create(
        request=request,
        on=CATALOGUE_START,
        action="agreement_activate",
        from_status="draft_sent",
        to_status="active",
    )
    AgreementPeriod.objects.create(
        request=request, valid_from=CATALOGUE_START, valid_to=datetime.date(2027, 12, 31)
    )
    return facility


def _catalogue() -> None:
    """The consultation and twenty plain acts, key letter C at 1,000, all in the benefit package."""
    fund = settings.SANAD_FUND
    KeyLetterValue.objects.create(letter="C", value=Decimal("1000"), valid_from=CATALOGUE_START)
    codes = (CONSULTATION, *ACTS)
    Act.objects.bulk_create(
        Act(
            code=code,
            label_fr="Consultation" if code == CONSULTATION else f"Acte {code}",
            category="consultation",
            key_letter="C",
            coefficient=Decimal("1"),
            valid_from=CATALOGUE_START,
        )
        for code in codes
    )
    BenefitPackageEntry.objects.bulk_create(
        BenefitPackageEntry(fund=fund, code=code, kind="act", valid_from=CATALOGUE_START) for code in codes
    )


def _rights(member_ids: list[int]) -> None:
    """A contribution paid for each member and its rights period, in force until the end of next year."""
    end = datetime.date(timezone.now().year + 1, 12, 31)
    currency = load_profile(settings.SANAD_FUND).money.currency
    paid_rights_write(member_ids, currency=currency, start=RIGHTS_START, end_of=lambda _rank: end)


@transaction.atomic
def world_load(members: int, *, scopes: list[str]) -> World:
    """`members` members with rights in force today, the centre and its software's key of `scopes`
    (in one transaction: the register's serial numbers are locked while they are given)."""
    profile = load_profile(settings.SANAD_FUND)
    groups = role_groups_ensure()
    admin = get_user_model().objects.create_user(username="bench-admin", password=None)
    admin.groups.add(groups[Role.ADMINISTRATOR])
    facility = _centre()
    _catalogue()
    _client, key = api_client_create(actor=admin, name="SIH du banc", facility=facility, scopes=scopes)
    families = families_make(profile, members)  # made at once: their document numbers are unique
    families_write(families, profile=profile, on=RIGHTS_START, serial=next_serial(profile))
    del families
    found = list(Member.objects.order_by("pk").values_list("pk", "registration_number"))
    _rights([pk for pk, _number in found])
    return World(facility=facility, key=key, numbers=[number for _pk, number in found])
