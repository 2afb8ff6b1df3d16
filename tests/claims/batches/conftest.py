"""Fixtures of the batch tests: a facility's desk with its staff, a second facility, and draft files.

Draft files (status draft, not yet received) are written with the ORM, as the facility desk leaves them.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest

from sanad.claims.models import BillingFile, CareSheet, CareSheetLine
from sanad.claims.statuses import FileStatus
from sanad.common.permissions import Role
from sanad.providers.models import Facility, FacilityStaff
from sanad.registry.models import Member
from tests.claims.conftest import CARE_DAY, CONSULTATION, make_member

SUBMITTED = datetime.date(2026, 4, 1)
TODAY = datetime.date(2026, 4, 6)
_invoice = itertools.count(1)


@pytest.fixture
def desk(make_user, centre):
    """Mohamed keeps the billing desk of the Teyarett health centre."""
    user = make_user("mohamed", Role.FACILITY_STAFF, first_name="Mohamed")
    FacilityStaff.objects.create(user=user, facility=centre)
    return user


@pytest.fixture
def hospital(db):
    """Another facility, with its own desk."""
    return Facility.objects.create(
        code="CHN-01",
        name_fr="Centre hospitalier national",
        name_ar="المركز الاستشفائي الوطني",
        kind="national_hospital",
        sector="public",
        level="national_hospital",
        region="MR-13",
        network_status="active",
    )


@pytest.fixture
def hospital_desk(make_user, hospital):
    """Vatimetou keeps the billing desk of the national hospital."""
    user = make_user("vatimetou", Role.FACILITY_STAFF, first_name="Vatimetou")
    FacilityStaff.objects.create(user=user, facility=hospital)
    return user


def draft_make(
    facility: Facility,
    member: Member,
    *,
    care_type: str = "outpatient",
    day: datetime.date = CARE_DAY,
    billed: Decimal = CONSULTATION,
    invoice: str | None = None,
) -> BillingFile:
    """A care sheet of one consultation and its billing file, still a draft at the facility."""
    inpatient = care_type != "outpatient"
    sheet = CareSheet.objects.create(
        facility=facility,
        member=member,
        care_type=care_type,
        care_date=day,
        admission_date=day if inpatient else None,
        discharge_date=day if inpatient else None,
        diagnosis="J06.9",
        practitioner_name="Dr Sidi Mohamed",
    )
    CareSheetLine.objects.create(
        care_sheet=sheet,
        line_no=1,
        kind="act",
        code="CON-C",
        billed=billed,
        service_date=day,
        beneficiary=sheet.beneficiary_key,
    )
    fund_share = (billed * Decimal("0.9")).quantize(Decimal("0.01"))
    return BillingFile.objects.create(
        care_sheet=sheet,
        facility=facility,
        invoice_number=invoice or f"FA-{next(_invoice):05d}",
        status=FileStatus.DRAFT,
        received_on=None,
        preview_fund_share=fund_share,
        preview_patient_share=billed - fund_share,
    )


@pytest.fixture
def draft(centre, covered_member):
    """`draft()`: a draft file of the centre; `draft(care_type="inpatient", member=…, facility=…)`."""

    def make(*, facility: Facility | None = None, member: Member | None = None, **fields) -> BillingFile:
        return draft_make(facility or centre, member or covered_member, **fields)

    return make


@pytest.fixture
def drafts(draft):
    """`drafts(n)`: n draft files of the centre, each for another member (none is a duplicate)."""

    def make(n: int, **fields) -> list[BillingFile]:
        return [draft(member=make_member(), **fields) for _ in range(n)]

    return make
