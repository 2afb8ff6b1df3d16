"""Fixtures of the desk tests: the CNASS health centre of tests/claims/conftest.py with its clerk, another
facility's clerk, a catalog shelf (a consultation, a lab act, a drug with its barcode, a device) and
families whose registration numbers pass the fund's check digit.

Service tests use fixed dates in 2026 (`CARE_DAY`); page tests use dates around today, because the pages
ask for rights, previews and lists on the day they are shown.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanad.catalog.models import Act, BenefitPackageEntry, Device, Drug, KeyLetterValue
from sanad.catalog.validators import ean13_check_digit
from sanad.claims.services.register import CareSheetInput, LineInput
from sanad.common.permissions import Role
from sanad.funds import load_profile, registration_number_make
from sanad.providers.models import Facility, FacilityStaff, Practitioner
from sanad.registry.models import Contribution, Dependant, Member, RightsPeriod
from tests.claims.conftest import CARE_DAY, CONSULTATION, FUND, START

TODAY = timezone.localdate()
ON = CARE_DAY + datetime.timedelta(days=2)  # the day the preview pretends the fund receives the file
YEAR_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
AROUND_TODAY = (TODAY - datetime.timedelta(days=200), TODAY + datetime.timedelta(days=165))
BARCODE = "611100000001"
BARCODE += str(ean13_check_digit(BARCODE))

_serial = itertools.count(700_001)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Scans go to a throw-away folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def staff_of(make_user, username: str, facility: Facility):
    user = make_user(username, Role.FACILITY_STAFF, first_name=username.title())
    FacilityStaff.objects.create(user=user, facility=facility)
    return user


@pytest.fixture
def clerk(make_user, centre):
    """Salka keeps the desk of the Teyarett health centre."""
    Practitioner.objects.create(facility=centre, name="Dr Sidi Mohamed", specialty="general", identifier="P1")
    return staff_of(make_user, "salka", centre)


@pytest.fixture
def hospital(db):
    """The regional hospital of Kiffa: one level above the health centre."""
    return Facility.objects.create(
        code="HR-KIF",
        name_fr="Hôpital régional de Kiffa",
        kind="regional_hospital",
        sector="public",
        level="regional_hospital",
        region="MR-03",
        network_status="active",
    )


@pytest.fixture
def post(db):
    """A health post: one level below the health centre."""
    return Facility.objects.create(
        code="PS-001",
        name_fr="Poste de santé de Dar Naim",
        kind="health_post",
        sector="public",
        level="health_post",
        region="MR-12",
        network_status="active",
    )


@pytest.fixture
def other_clerk(make_user, hospital):
    """Brahim keeps the desk of another facility, the regional hospital."""
    return staff_of(make_user, "brahim", hospital)


@pytest.fixture
def adviser(make_user):
    """Dr Vatimetou, the fund's medical adviser."""
    return make_user("vatimetou", Role.MEDICAL_ADVISER, first_name="Vatimetou")


@pytest.fixture
def shelf(tariff):
    """Besides the consultation: a blood count (B 40, B worth 10), a drug with its barcode, a device."""
    KeyLetterValue.objects.create(letter="B", value=Decimal("10"), valid_from=START)
    Act.objects.create(
        code="LAB-NFS",
        label_fr="Numération formule sanguine",
        category="lab",
        key_letter="B",
        coefficient=Decimal("40"),
        valid_from=START,
    )
    Drug.objects.create(
        code="PARA-500",
        barcode=BARCODE,
        name="Paracétamol",
        strength="500 mg",
        public_price=Decimal("50"),
        reimbursement_base=Decimal("50"),
        valid_from=START,
    )
    Device.objects.create(
        code="DEV-BEQ",
        label_fr="Béquilles",
        category="orthosis",
        package_amount=Decimal("2000"),
        valid_from=START,
    )
    for code, kind in (("LAB-NFS", "act"), ("PARA-500", "drug"), ("DEV-BEQ", "device")):
        BenefitPackageEntry.objects.create(fund=FUND, code=code, kind=kind, valid_from=START)


def family(
    *, covered: tuple[datetime.date, datetime.date] | None = YEAR_2026, dependants: Sequence[dict] = ()
) -> Member:
    """A member whose registration number passes the check digit, covered over `covered`, with dependants
    given as {"relationship", "birth_date", "first_name"?, "disabled"?}."""
    number = next(_serial)
    member = Member.objects.create(
        first_name="Aminetou",
        last_name=f"Mint Ahmed {number}",
        first_name_ar="أمينتو",
        last_name_ar="منت أحمد",
        sex="F",
        birth_date=datetime.date(1986, 5, 4),
        registration_number=registration_number_make(load_profile(FUND), number),
        population="national",
        nationality="MR",
        region="MR-12",
        enrolled_on=datetime.date(2020, 12, 1),
    )
    if covered is not None:
        contribution = Contribution.objects.create(
            member=member,
            method="cash",
            insured_share=Decimal("100"),
            sponsor_share=Decimal("100"),
            amount=Decimal("200"),
            currency="MRU",
            period_start=covered[0],
            period_end=covered[1],
            paid_on=covered[0],
            receipt_number=f"R-{number}",
        )
        RightsPeriod.objects.create(
            member=member, contribution=contribution, paid_from=covered[0], start=covered[0], end=covered[1]
        )
    for index, person in enumerate(dependants):
        Dependant.objects.create(
            member=member,
            first_name=person.get("first_name", f"Enfant {index}"),
            last_name="Ould Ahmed",
            sex="M",
            birth_date=person["birth_date"],
            relationship=person["relationship"],
            disabled=person.get("disabled", False),
        )
    return member


def sheet(member: Member, facility: Facility, **overrides) -> CareSheetInput:
    """One consultation on CARE_DAY for the member at `facility`; any field can be overridden."""
    values = {
        "facility_id": facility.pk,
        "member_id": member.pk,
        "care_type": "outpatient",
        "care_date": CARE_DAY,
        "diagnosis": "J06.9",
        "practitioner_name": "Dr Sidi Mohamed",
        "lines": [LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=CARE_DAY)],
    }
    return CareSheetInput(**(values | overrides))


def pdf_scan(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 a scanned page", content_type="application/pdf")
