"""Prior authorizations are on file with the claims: a line that needs one, without any approval or request,
is refused with a reason saying an authorization is required (seeds 002 and 004; the cases with approvals
are in `test_authorizations_consumed.py`)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from sanad.catalog.models import Act, BenefitPackageEntry
from sanad.claims.models import LineOutcome
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register, billing_files_adjudicate
from sanad.claims.statuses import FileStatus

from .conftest import CARE_DAY, FUND, RECEIVED, START


def test_a_file_that_needs_prior_approval_without_one_is_refused(centre, tariff, covered_member):
    Act.objects.create(
        code="DIA-S",
        label_fr="Séance de dialyse",
        category="dialysis",
        key_letter="C",
        coefficient=Decimal("2"),
        needs_prior_approval=True,
        valid_from=START,
    )
    BenefitPackageEntry.objects.create(fund=FUND, code="DIA-S", kind="act", valid_from=START)
    sheet = CareSheetInput(
        facility_id=centre.pk,
        member_id=covered_member.pk,
        care_type="outpatient",
        care_date=CARE_DAY,
        diagnosis="N18.5",
        lines=[LineInput(kind="act", code="DIA-S", billed=Decimal("2000.00"), service_date=CARE_DAY)],
    )
    billing_file = billing_file_register(
        actor=None, sheet=sheet, invoice_number="F-DIA-1", received_on=RECEIVED
    )

    [decision] = billing_files_adjudicate(
        actor=None, file_ids=[billing_file.pk], on=datetime.date(2026, 4, 3)
    )

    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.REJECTED
    assert decision.routing == "reject"
    outcome = LineOutcome.objects.get(decision=decision)
    assert [f["code"] for f in outcome.findings] == ["prior_approval_missing"]
    assert outcome.status == "rejected"
    assert outcome.fund_share == Decimal("0.00")
    assert outcome.fund_share + outcome.patient_share == outcome.billed
