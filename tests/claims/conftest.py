"""Fixtures of the claims tests: a small world in CNASS where one consultation costs 1,000 MRU.

A public health centre under agreement since 2024, a member covered for 2026, a member never covered,
and the consultation CON-C (key letter C worth 1,000) in the fund's benefit package.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest

from sanad.catalog.models import Act, BenefitPackageEntry, KeyLetterValue
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register
from sanad.common.permissions import Role
from sanad.providers.models import AgreementEvent, AgreementPeriod, AgreementRequest, Facility
from sanad.registry.models import Contribution, Member, RightsPeriod

FUND = "cnass-mr"
START = datetime.date(2020, 1, 1)
CARE_DAY = datetime.date(2026, 3, 10)
RECEIVED = datetime.date(2026, 4, 2)
CONSULTATION = Decimal("1000.00")

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = FUND


@pytest.fixture(autouse=True)
def _no_random_sample(monkeypatch):
    """The profile's random review sample draws on file ids, which differ between databases: these tests
    turn it off so that a file's routing depends only on the rules they exercise."""
    import dataclasses

    from sanad.catalog import snapshot

    real = snapshot.profile_rules
    monkeypatch.setattr(
        snapshot, "profile_rules", lambda profile: dataclasses.replace(real(profile), review_sample_rate=0)
    )


@pytest.fixture
def checker(make_user):
    """Khadija checks claims at the fund's head office."""
    return make_user("khadija", Role.CLAIMS_CHECKER, first_name="Khadija")


@pytest.fixture
def tariff(db):
    KeyLetterValue.objects.create(letter="C", value=CONSULTATION, valid_from=START)
    Act.objects.create(
        code="CON-C",
        label_fr="Consultation",
        category="consultation",
        key_letter="C",
        coefficient=Decimal("1"),
        valid_from=START,
    )
    BenefitPackageEntry.objects.create(fund=FUND, code="CON-C", kind="act", valid_from=START)


def agreed_centre(code: str, name: str, region: str, directorate: str) -> Facility:
    """A public health centre under agreement from 2024 to 2027."""
    facility = Facility.objects.create(
        code=code,
        name_fr=name,
        kind="health_centre",
        sector="public",
        level="health_centre",
        region=region,
        network_status="active",
    )
    request = AgreementRequest.objects.create(
        facility=facility,
        status="active",
        requested_on=datetime.date(2023, 9, 1),
        directorate_copy=directorate,
        due_on=datetime.date(2023, 12, 1),
    )
    AgreementEvent.objects.create(
        request=request,
        on=datetime.date(2024, 1, 1),
        action="agreement_activate",
        from_status="draft_sent",
        to_status="active",
    )
    AgreementPeriod.objects.create(
        request=request, valid_from=datetime.date(2024, 1, 1), valid_to=datetime.date(2027, 12, 31)
    )
    return facility


@pytest.fixture
def centre(db):
    """A public health centre under agreement from 2024 to 2027."""
    return agreed_centre("CS-001", "Centre de santé de Teyarett", "MR-12", "DRS de Nouakchott-Nord")


def make_member(*, covered: bool = True) -> Member:
    number = next(_serial)
    member = Member.objects.create(
        first_name="Aminetou",
        last_name=f"Mint Ahmed {number}",
        sex="F",
        birth_date=datetime.date(1986, 5, 4),
        registration_number=f"T{number:08d}",
        population="national",
        nationality="MR",
        region="MR-12",
        enrolled_on=datetime.date(2025, 12, 1),
    )
    if covered:
        year = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        contribution = Contribution.objects.create(
            member=member,
            method="cash",
            insured_share=Decimal("100"),
            sponsor_share=Decimal("100"),
            amount=Decimal("200"),
            currency="MRU",
            period_start=year[0],
            period_end=year[1],
            paid_on=year[0],
            receipt_number=f"R-{number}",
        )
        RightsPeriod.objects.create(
            member=member, contribution=contribution, paid_from=year[0], start=year[0], end=year[1]
        )
    return member


@pytest.fixture
def covered_member(db):
    return make_member()


@pytest.fixture
def bill(centre, tariff):
    """`bill(member)`: register a file of one consultation at the centre; any field can be overridden."""

    def make(member: Member, *, day=CARE_DAY, received_on=RECEIVED, billed=CONSULTATION, invoice=None):
        sheet = CareSheetInput(
            facility_id=centre.pk,
            member_id=member.pk,
            care_type="outpatient",
            care_date=day,
            diagnosis="J06.9",
            practitioner_name="Dr Sidi Mohamed",
            lines=[LineInput(kind="act", code="CON-C", billed=billed, service_date=day)],
        )
        return billing_file_register(
            actor=None,
            sheet=sheet,
            invoice_number=invoice or f"F-{next(_serial):05d}",
            received_on=received_on,
        )

    return make
