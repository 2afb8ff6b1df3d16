"""Fixtures of the reimbursement and complaint tests: a small CNSS world, where the insured pays a private
clinic first and files for a refund (seed 004), and one consultation costs 150 MAD (the fund pays 70 %).

A private clinic (not under agreement: none is needed to refund its patients), a public health centre under
agreement that bills the fund directly, and two families with a phone, each with an insured account.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanad.catalog.models import Act, BenefitPackageEntry, KeyLetterValue
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register
from sanad.claims.services.reimbursements import Scan
from sanad.common.permissions import Role
from sanad.providers.models import AgreementEvent, AgreementPeriod, AgreementRequest, Facility, FacilityStaff
from sanad.registry.models import Contribution, Dependant, Member, RightsPeriod

FUND = "cnss-ma"
REGION = "MA-06"
OTHER_REGION = "MA-01"
START = datetime.date(2020, 1, 1)
TODAY = timezone.localdate()
CARE_DAY = TODAY - datetime.timedelta(days=20)
CONSULTATION = Decimal("150.00")
FUND_SHARE = Decimal("105.00")  # 70 % in the private sector

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fund(settings, tmp_path):
    settings.SANAD_FUND = FUND
    settings.MEDIA_ROOT = tmp_path / "media"


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


def clinic_create() -> Facility:
    """A private clinic of the network list, with no agreement."""
    return Facility.objects.create(
        code="CL-CASA-01",
        name_fr="Clinique Anfa",
        name_ar="مصحة أنفا",
        kind="private_clinic",
        sector="private",
        level="health_centre",
        region=REGION,
    )


def centre_create() -> Facility:
    """A public health centre under agreement, billing the fund directly."""
    facility = Facility.objects.create(
        code="CS-CASA-01",
        name_fr="Centre de santé Hay Hassani",
        kind="health_centre",
        sector="public",
        level="health_centre",
        region=REGION,
        network_status="active",
    )
    request = AgreementRequest.objects.create(
        facility=facility,
        status="active",
        requested_on=START,
        directorate_copy="DRS Casablanca-Settat",
        due_on=START,
    )
    AgreementEvent.objects.create(
        request=request, on=START, action="agreement_activate", from_status="draft_sent", to_status="active"
    )
    AgreementPeriod.objects.create(
        request=request, valid_from=START, valid_to=TODAY + datetime.timedelta(days=365)
    )
    return facility


@pytest.fixture
def clinic(db):
    return clinic_create()


@pytest.fixture
def centre(db):
    return centre_create()


def make_member(*, phone: str = "+212612345678", region: str = REGION, covered: bool = True) -> Member:
    number = next(_serial)
    member = Member.objects.create(
        first_name="Fatima",
        last_name=f"El Idrissi {number}",
        sex="F",
        birth_date=datetime.date(1985, 2, 14),
        registration_number=f"CNS{number:09d}",
        population="national",
        nationality="MA",
        phone=phone,
        region=region,
        enrolled_on=START,
    )
    if covered:
        start, end = TODAY - datetime.timedelta(days=400), TODAY + datetime.timedelta(days=400)
        contribution = Contribution.objects.create(
            member=member,
            method="bank_transfer",
            insured_share=Decimal("100"),
            sponsor_share=Decimal("100"),
            amount=Decimal("200"),
            currency="MAD",
            period_start=start,
            period_end=end,
            paid_on=start,
            receipt_number=f"R-{number}",
        )
        RightsPeriod.objects.create(
            member=member, contribution=contribution, paid_from=start, start=start, end=end
        )
    return member


@pytest.fixture
def family(db):
    """Fatima, a covered member, and her son Youssef."""
    member = make_member()
    Dependant.objects.create(
        member=member,
        first_name="Youssef",
        last_name=member.last_name,
        sex="M",
        birth_date=datetime.date(2015, 6, 1),
        relationship="child",
    )
    return member


@pytest.fixture
def neighbour(db):
    """Another covered family, in another region."""
    return make_member(phone="+212698765432", region=OTHER_REGION)


def insured_account(make_user, member: Member, username: str):
    user = make_user(username, Role.INSURED)
    member.user = user
    member.save(update_fields=["user"])
    return user


@pytest.fixture
def fatima(make_user, family):
    """Fatima's self-service account."""
    return insured_account(make_user, family, "fatima")


@pytest.fixture
def karim(make_user, neighbour):
    """The neighbour's self-service account."""
    return insured_account(make_user, neighbour, "karim")


@pytest.fixture
def clerk(make_user, centre):
    """A clerk of the public centre's desk (facility staff)."""
    user = make_user("clerk", Role.FACILITY_STAFF)
    FacilityStaff.objects.create(user=user, facility=centre)
    return user


def sheet_for(
    facility: Facility, *, member: Member | None = None, dependant: Dependant | None = None, day=None
):
    day = day or CARE_DAY
    return CareSheetInput(
        facility_id=facility.pk,
        member_id=None if dependant else member.pk,
        dependant_id=dependant.pk if dependant else None,
        care_type="outpatient",
        care_date=day,
        diagnosis="J06.9",
        practitioner_name="Dr Bennani",
        lines=[LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=day)],
    )


def receipt_scan() -> Scan:
    return Scan(kind="receipt", file=SimpleUploadedFile("receipt.jpg", b"\xff\xd8\xff receipt", "image/jpeg"))


@pytest.fixture
def direct_file(centre, tariff):
    """`direct_file(member)`: a file the public centre billed the fund for, received today."""

    def make(member: Member, *, received_on=None):
        return billing_file_register(
            actor=None,
            sheet=sheet_for(centre, member=member),
            invoice_number=f"F-{next(_serial):05d}",
            received_on=received_on or TODAY,
        )

    return make
