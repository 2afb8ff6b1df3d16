"""Fixtures of the payments tests: validated billing files of a small CNASS world, written directly with
their current decision (the engine and the fund's checks that lead there are tested in tests/claims).

Two health centres, one paid to an IBAN and one to a Moroccan-style RIB without an IBAN; members whose
reimbursement files pay the member; finance officers Aïcha and Brahim, and Mariem the manager.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest

from sanad.claims.models import BillingFile, CareSheet, FileDecision, LineOutcome
from sanad.common.permissions import Role
from sanad.providers.models import Facility
from sanad.registry.models import Dependant, Member

FUND = "cnass-mr"
RECEIVED = datetime.date(2026, 4, 2)
DECIDED = datetime.date(2026, 4, 10)
TODAY = datetime.date(2026, 4, 30)
IBAN = "MR1300020001010000123456753"
RIB = "011810000001234567890136"
OTHER_IBAN = "MR1300020001010000765432144"

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = FUND


@pytest.fixture
def officer(make_user):
    """Aïcha prepares the settlement runs in the finance and accounting department."""
    return make_user("aicha", Role.FINANCE_OFFICER, first_name="Aïcha")


@pytest.fixture
def approver(make_user):
    """Brahim, her colleague, approves the runs she prepares."""
    return make_user("brahim", Role.FINANCE_OFFICER, first_name="Brahim")


def make_facility(code: str, *, account: str = IBAN, region: str = "MR-12", kind: str = "health_centre"):
    return Facility.objects.create(
        code=code,
        name_fr=f"Centre de santé {code}",
        name_ar=f"المركز الصحي {code}",
        kind=kind,
        sector="public",
        level="health_centre",
        region=region,
        network_status="active",
        bank_account=account,
    )


@pytest.fixture
def centre(db):
    return make_facility("CS-001")


@pytest.fixture
def rib_centre(db):
    """A centre whose bank account is a national number only (no IBAN)."""
    return make_facility("CS-002", account=RIB, region="MR-13")


def make_member() -> Member:
    number = next(_serial)
    return Member.objects.create(
        first_name="Aminetou",
        last_name=f"Mint Ahmed {number}",
        sex="F",
        birth_date=datetime.date(1986, 5, 4),
        registration_number=f"P{number:08d}",
        population="national",
        nationality="MR",
        region="MR-12",
        enrolled_on=datetime.date(2025, 12, 1),
    )


def make_dependant(member: Member) -> Dependant:
    return Dependant.objects.create(
        member=member,
        first_name="Sidi",
        last_name=member.last_name,
        sex="M",
        birth_date=datetime.date(2015, 1, 1),
        relationship="child",
    )


def validated_file(
    facility: Facility,
    *,
    billed: str = "1000.00",
    fund_share: str = "800.00",
    received_on: datetime.date = RECEIVED,
    member: Member | None = None,
    dependant: Dependant | None = None,
    reimbursement: bool = False,
    status: str = "validated",
    rejected_line: tuple[str, str] | None = None,
) -> BillingFile:
    """A file validated with a current decision: the fund pays `fund_share` of `billed`. `rejected_line`
    (amount, finding code) adds a rejected line's outcome with its reason."""
    if member is None and dependant is None:
        member = make_member()
    sheet = CareSheet.objects.create(
        facility=facility,
        member=None if dependant else member,
        dependant=dependant,
        care_type="outpatient",
        care_date=received_on - datetime.timedelta(days=10),
    )
    billing_file = BillingFile.objects.create(
        care_sheet=sheet,
        facility=facility,
        invoice_number=f"F-{next(_serial):06d}",
        channel="reimbursement" if reimbursement else "direct_billing",
        received_on=received_on,
        due_on=received_on + datetime.timedelta(days=30),
        status=status,
    )
    billed_amount, fund = Decimal(billed), Decimal(fund_share)
    decision = FileDecision.objects.create(
        billing_file=billing_file,
        decided_on=DECIDED,
        status="accepted" if status == "validated" else "rejected",
        routing="auto_approve",
        payee="insured" if reimbursement else "facility",
        currency="MRU",
        billed=billed_amount,
        fund_share=fund,
        patient_share=billed_amount - fund,
        penalty=Decimal("0.00"),
    )
    if rejected_line:
        amount, code = Decimal(rejected_line[0]), rejected_line[1]
        line = sheet.lines.create(
            line_no=1, kind="act", code="CON-C", billed=amount, service_date=sheet.care_date, beneficiary="x"
        )
        LineOutcome.objects.create(
            decision=decision,
            line=line,
            status="rejected",
            billed=amount,
            tariff=amount,
            base=amount,
            rate=Decimal("0.8"),
            fund_share=Decimal("0.00"),
            patient_share=amount,
            penalty=Decimal("0.00"),
            findings=[{"code": code, "rule": "benefit_package", "params": {}}],
        )
    return billing_file
