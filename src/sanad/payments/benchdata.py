"""The data of the `payments` benchmark: a fund's day of validated billing files (a CNSS day: 60,600 files)
with their current decision, written with COPY (PostgreSQL) so that loading stays quick.

Deterministic. 200 facilities bill directly; one file in ten is a reimbursement paying an insured person
(a member of their own, or for a dependant their member); amounts in cents, fund share plus patient share
equal to the billed amount, as the engine writes them.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from sanad.claims.models import BillingFile, CareSheet, FileDecision
from sanad.common.bulk_sql import ids_reserve, rows_insert
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility
from sanad.registry.models import Member

DAY = datetime.date(2026, 4, 2)  # the day the files were received
DECIDED = datetime.date(2026, 4, 20)
FACILITIES = 200
REIMBURSED_EVERY = 10  # one file in ten is a reimbursement
_CHUNK = 20_000
_SHEET_COLUMNS = (
    "id",
    "facility",
    "member",
    "care_type",
    "care_date",
    "diagnosis",
    "practitioner_name",
    "emergency",
    "referral_in_level",
    "referral_out_level",
    "created_at",
)
_DECISION_COLUMNS = (
    "id",
    "billing_file",
    "is_current",
    "source",
    "decided_by",
    "note",
    "anomalies",
    "decided_on",
    "decided_at",
    "status",
    "routing",
    "payee",
    "currency",
    "billed",
    "fund_share",
    "patient_share",
    "penalty",
    "findings",
)
_FILE_COLUMNS = (
    "id",
    "care_sheet",
    "facility",
    "invoice_number",
    "channel",
    "documents",
    "submitted_via",
    "received_on",
    "due_on",
    "status",
    "created_at",
)


def _facilities(profile: FundProfile) -> list[int]:
    rows = [
        Facility(
            code=f"PAY-{n:04d}",
            name_fr=f"Établissement {n}",
            kind="health_centre",
            sector="public",
            level=profile.care_pyramid.levels[0].code,
            region=profile.regions[n % len(profile.regions)].code,
            network_status="active",
        )
        for n in range(FACILITIES)
    ]
    return [f.pk for f in Facility.objects.bulk_create(rows)]


def _members(count: int) -> list[int]:
    rows = [
        Member(
            first_name="Fatima",
            last_name=f"Bench {n}",
            sex="F",
            birth_date=datetime.date(1980, 1, 1),
            registration_number=f"PAYB{n:08d}",
            population="national",
            nationality="MA",
            region="",
            enrolled_on=datetime.date(2024, 1, 1),
        )
        for n in range(count)
    ]
    return [m.pk for m in Member.objects.bulk_create(rows, batch_size=2000)]


def payments_load(profile: FundProfile, files: int, *, seed: int = 5) -> int:
    """Write `files` validated files received on DAY, with their decisions; returns how many."""
    rng = random.Random(seed)
    facilities = _facilities(profile)
    members = _members(max(10, files // 3))
    now = timezone.now()
    for start in range(0, files, _CHUNK):
        count = min(_CHUNK, files - start)
        sheet_ids, file_ids = ids_reserve(CareSheet, count), ids_reserve(BillingFile, count)
        decision_ids = ids_reserve(FileDecision, count)
        sheets, bills, decisions = [], [], []
        for k in range(count):
            n = start + k
            reimbursed = n % REIMBURSED_EVERY == 0
            facility = facilities[rng.randrange(len(facilities))]
            member = members[(n * 7919) % len(members)]
            billed = Decimal(rng.randint(5_000, 300_000)) / 100
            fund = (billed * Decimal("0.7")).quantize(Decimal("0.01"))
            sheets.append(
                (sheet_ids[k], facility, member, "outpatient", DAY, "J06.9", "", False, "", "", now)
            )
            channel = "reimbursement" if reimbursed else "direct_billing"
            bills.append(
                (file_ids[k], sheet_ids[k], facility, f"PAY-{n:08d}", channel, "[]", "facility", DAY,
                 DAY + datetime.timedelta(days=30), "validated", now)
            )  # fmt: skip
            decisions.append(
                (decision_ids[k], file_ids[k], True, "engine", None, "", "[]", DECIDED, now, "accepted",
                 "auto_approve", "insured" if reimbursed else "facility", profile.currency, billed, fund,
                 billed - fund, Decimal("0.00"), "[]")
            )  # fmt: skip
        rows_insert(CareSheet, _SHEET_COLUMNS, sheets)
        rows_insert(BillingFile, _FILE_COLUMNS, bills)
        rows_insert(FileDecision, _DECISION_COLUMNS, decisions)
    return files
