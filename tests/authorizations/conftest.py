"""Fixtures of the prior-authorization tests: a CNOPS world by default (the fund whose seed details the
requests), a clinic with its clerk, another facility's clerk, a pharmacy, a medical adviser, insured
families covered 2025–2027, and the few catalogue rows the automatic rules read.

Service tests pass fixed moments in 2026 (`at(...)`); page tests run on today's date.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanad.authorizations import services
from sanad.authorizations.signals import conditions_asked
from sanad.catalog.models import Act, Device, Drug, LongTermCondition, TreatmentProtocol
from sanad.common.permissions import Role
from sanad.funds import load_profile, registration_number_make
from sanad.providers.models import Facility, FacilityStaff
from sanad.registry.models import Contribution, Dependant, IdentityDocument, Member, RightsPeriod

START = datetime.date(2020, 1, 1)
COVERED = (datetime.date(2025, 1, 1), datetime.date(2027, 12, 31))
_serial = itertools.count(800_001)


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment on the fund's wall clock."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture(autouse=True)
def _fund(settings, tmp_path):
    settings.SANAD_FUND = "cnops-ma"
    settings.MEDIA_ROOT = tmp_path / "media"  # scans go to a throw-away folder


@pytest.fixture
def fund(settings):
    """The active profile; `fund.use("cnss-ma")` switches the fund."""

    class Fund:
        def use(self, code: str):
            settings.SANAD_FUND = code
            return load_profile(code)

        @property
        def profile(self):
            return load_profile(settings.SANAD_FUND)

    return Fund()


def facility(code: str, kind: str = "private_clinic", sector: str = "private", **fields) -> Facility:
    values = {
        "name_fr": f"Clinique {code}",
        "name_ar": f"مصحة {code}",
        "level": "regional_hospital",
        "region": "MA-06",
        "network_status": "active",
    }
    return Facility.objects.create(code=code, kind=kind, sector=sector, **{**values, **fields})


def staff_of(make_user, username: str, place: Facility):
    user = make_user(username, Role.FACILITY_STAFF, first_name=username.title())
    FacilityStaff.objects.create(user=user, facility=place)
    return user


@pytest.fixture
def clinic(db):
    """The Clinique Al Amal in Casablanca, a private clinic under agreement."""
    return facility("CL-AMAL")


@pytest.fixture
def clerk(make_user, clinic):
    """Samira keeps the admissions desk of the Clinique Al Amal."""
    return staff_of(make_user, "samira", clinic)


@pytest.fixture
def other_clerk(make_user):
    """Youssef keeps the desk of another clinic."""
    return staff_of(make_user, "youssef", facility("CL-NOUR"))


@pytest.fixture
def pharmacy(db):
    return facility("PH-ATLAS", kind="pharmacy", level="health_centre")


@pytest.fixture
def pharmacist(make_user, pharmacy):
    return staff_of(make_user, "nadia", pharmacy)


@pytest.fixture
def adviser(make_user):
    """Dr Karim, the fund's medical adviser."""
    return make_user("karim", Role.MEDICAL_ADVISER, first_name="Karim")


def family(*, covered=COVERED, dependants=(), identity: bool = True, fund: str = "cnops-ma") -> Member:
    """A member covered over `covered`, holding a valid identity card when `identity`, with dependants
    given as {"relationship", "birth_date", "disabled"?}."""
    number = next(_serial)
    member = Member.objects.create(
        first_name="Fatima",
        last_name=f"Benali {number}",
        first_name_ar="فاطمة",
        last_name_ar="بنعلي",
        sex="F",
        birth_date=datetime.date(1975, 5, 4),
        registration_number=registration_number_make(load_profile(fund), number),
        population="national",
        nationality="MA",
        region="MA-06",
        enrolled_on=datetime.date(2019, 12, 1),
    )
    if identity:
        IdentityDocument.objects.create(member=member, kind="cnie", number=f"BE{number}")
    if covered is not None:
        contribution = Contribution.objects.create(
            member=member,
            method="bank_transfer",
            insured_share=Decimal("100"),
            sponsor_share=Decimal("100"),
            amount=Decimal("200"),
            currency="MAD",
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
            last_name="Benali",
            sex="M",
            birth_date=person["birth_date"],
            relationship=person["relationship"],
            disabled=person.get("disabled", False),
        )
    return member


@pytest.fixture
def member(db):
    return family()


def scan(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 a scanned page", content_type="application/pdf")


def scans(*codes: str) -> dict[str, SimpleUploadedFile]:
    return {code: scan(f"{code}.pdf") for code in codes}


def submit(clerk, member, request_type: str, admission: str, values: dict, documents=(), **extra):
    """The clerk's request for `member` (or `dependant_id=`), with scans of `documents`."""
    place = clerk.facility_staff.facility
    data = services.RequestInput(
        facility_id=place.pk,
        member_id=member.pk,
        request_type=request_type,
        admission=admission,
        values=values,
        documents=scans(*documents),
        **{
            k: v
            for k, v in extra.items()
            if k in ("dependant_id", "emergency", "act_date", "idempotency_key")
        },
    )
    return services.authorization_submit(actor=clerk, data=data, now=extra.get("now"))


STAY = {
    "diagnosis": "J18.9",
    "act_code": "HOSP-MED",
    "coefficient": "1",
    "admission_date": "2026-03-07",
    "expected_days": "5",
}


@pytest.fixture
def catalogue(db):
    catalogue_make()


def catalogue_make() -> None:
    """What the automatic rules read: a hip prosthesis at 20,000, orthodontics at 3,000 for the first
    semester, a dialysis session, a long-term drug in the protocol of chronic kidney disease (N18), and the
    long-term condition that groups it."""
    Device.objects.create(
        code="PROT-HANCHE",
        label_fr="Prothèse de hanche",
        category="prosthesis",
        package_amount=Decimal("20000"),
        valid_from=START,
    )
    Act.objects.create(
        code="ODF-S1",
        label_fr="Orthodontie, premier semestre",
        category="orthodontics_first_semester",
        package_price=Decimal("3000"),
        valid_from=START,
    )
    Act.objects.create(
        code="DIAL-S",
        label_fr="Séance de dialyse",
        category="dialysis",
        package_price=Decimal("850"),
        valid_from=START,
    )
    Act.objects.create(
        code="HOSP-MED",
        label_fr="Journée d'hospitalisation",
        category="inpatient_stay",
        package_price=Decimal("600"),
        valid_from=START,
    )
    Drug.objects.create(
        code="EPO-4000",
        barcode="6111000000019",
        name="Époétine",
        strength="4000 UI",
        public_price=Decimal("900"),
        reimbursement_base=Decimal("900"),
        long_term_only=True,
        costly=True,
        valid_from=START,
    )
    Drug.objects.create(
        code="PARA-500",
        barcode="6111000000026",
        name="Paracétamol",
        public_price=Decimal("20"),
        reimbursement_base=Decimal("20"),
        valid_from=START,
    )
    TreatmentProtocol.objects.create(
        diagnosis="N18",
        label="Insuffisance rénale chronique",
        expected_codes=["EPO-4000", "DIAL-S"],
        valid_from=START,
    )
    LongTermCondition.objects.create(
        code="IRC",
        label_fr="Insuffisance rénale chronique",
        label_ar="القصور الكلوي المزمن",
        icd10_codes=["N18"],
        valid_from=START,
    )


@pytest.fixture
def recognized():
    """The claims app's answer to "which long-term conditions are recognized": a dict the test fills,
    {beneficiary key: {codes}}."""
    known: dict[str, set[str]] = {}

    def receiver(sender, *, beneficiary, on, **kwargs):
        return known.get(beneficiary, set())

    conditions_asked.connect(receiver, dispatch_uid="tests.recognized")
    yield known
    conditions_asked.disconnect(dispatch_uid="tests.recognized")
