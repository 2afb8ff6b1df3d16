"""The claims demo: every step of the pipeline has files in every fund, the shares add up everywhere, and
each demo account finds work on its claims pages."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from sanad.catalog.validators import icd10_is_valid
from sanad.claims.demo.care import Prices
from sanad.claims.demo.episodes import TEMPLATES
from sanad.claims.models import (
    Batch,
    BillingFile,
    CareSheet,
    CareSheetLine,
    Complaint,
    FileDecision,
    FileDocument,
    InfoRequest,
    LineOutcome,
)
from sanad.claims.statuses import (
    BatchStatus,
    CareType,
    Channel,
    ComplaintStatus,
    DecisionSource,
    FileStatus,
    LineKind,
)
from sanad.common.permissions import Role
from sanad.demo.loader import demo_load
from sanad.funds import load_profile
from sanad.providers.selectors import facility_of_user

FUNDS = ["cnass-mr", "cnops-ma", "cnss-ma"]
MEMBERS = 160
# The day the demo is loaded on where a test reads what the draws gave (a file resting in every step, the
# insured's online complaint): a fixed day, so that the test does not depend on the day it runs.
DEMO_DAY = datetime.date(2026, 12, 7)
# The engine passes a file through "adjudicated" in the transaction that routes it: no file rests there.
RESTING = [s for s in FileStatus if s != FileStatus.ADJUDICATED]


@pytest.fixture(autouse=True)
def _scans(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _load(settings, fund: str, *, today: datetime.date | None = None, seed: int = 4):
    settings.SANAD_FUND = fund
    return demo_load(fund=fund, members=MEMBERS, seed=seed, today=today or timezone.localdate())


@pytest.mark.parametrize("fund", FUNDS)
def test_the_demo_has_files_in_every_step_of_the_pipeline(db, settings, fund):
    profile = load_profile(fund)
    ctx = _load(settings, fund, today=DEMO_DAY)
    today = ctx.today

    statuses = Counter(BillingFile.objects.values_list("status", flat=True))
    assert set(RESTING) <= set(statuses), statuses
    assert set(BatchStatus) <= set(Batch.objects.values_list("status", flat=True))
    assert ctx.counts["billing_files"] == sum(statuses.values())
    sources = set(FileDecision.objects.filter(is_current=True).values_list("source", flat=True))
    assert sources == set(DecisionSource)
    late = BillingFile.objects.filter(due_on__lt=today)
    assert late.filter(status=FileStatus.ADMIN_CHECK).exists()
    assert late.filter(status=FileStatus.MEDICAL_REVIEW).exists()
    assert {r.answered_on is None for r in InfoRequest.objects.all()} == {True, False}
    assert set(CareSheet.objects.values_list("care_type", flat=True)) == set(CareType)
    assert set(CareSheetLine.objects.values_list("kind", flat=True)) == set(LineKind)
    assert CareSheet.objects.filter(dependant__isnull=False).exists()
    assert CareSheet.objects.filter(referral_in_facility__isnull=False).exists()
    # Reimbursements of insured persons who paid first exist where the profile says so, and only there.
    reimbursed = BillingFile.objects.filter(channel=Channel.REIMBURSEMENT).exists()
    assert reimbursed == profile.claims.patient_pays_first_in_private


@pytest.mark.parametrize("fund", FUNDS)
def test_complaints_are_open_answered_overdue_and_one_reopened_its_file(db, settings, fund):
    _load(settings, fund, today=DEMO_DAY)
    today = DEMO_DAY

    complaints = Complaint.objects.all()
    assert {c.status for c in complaints} == set(ComplaintStatus)
    assert complaints.filter(status=ComplaintStatus.OPEN, due_on__lt=today).exists()
    reopened = complaints.get(reopened=True)
    assert reopened.billing_file.decisions.count() >= 2
    assert complaints.filter(registered_by__username="insured").exists()  # filed online by the insured


def test_a_file_handed_in_after_the_time_bar_is_rejected_for_it(db, settings):
    _load(settings, "cnass-mr")

    current = LineOutcome.objects.filter(decision__is_current=True)
    barred = [o for o in current if any(f["code"] == "time_barred" for f in o.findings)]
    assert barred
    assert {o.status for o in barred} == {"rejected"}


def test_a_batch_holds_at_most_the_profiles_number_of_files_of_one_type(db, settings):
    profile = load_profile("cnops-ma")
    _load(settings, "cnops-ma")

    for batch in Batch.objects.prefetch_related("files__care_sheet"):
        files = list(batch.files.all())
        assert len(files) <= profile.claims.batch_max_files
        assert {profile.claims.batch_group_of(f.care_sheet.care_type) for f in files} <= {batch.group}


@pytest.mark.parametrize("fund", FUNDS)
def test_fund_share_and_patient_share_add_up_to_the_billed_amount(db, settings, fund):
    _load(settings, fund)

    outcomes = LineOutcome.objects.all()
    assert outcomes.exists()
    assert not outcomes.exclude(billed=F("fund_share") + F("patient_share")).exists()
    assert not outcomes.exclude(billed=F("line__billed")).exists()
    # Summed in Python: SQLite sums decimals as floating-point numbers.
    for decision in FileDecision.objects.prefetch_related("lines"):
        lines = list(decision.lines.all())
        assert decision.fund_share + decision.patient_share == decision.billed
        assert decision.billed == sum((o.billed for o in lines), Decimal(0))
        assert decision.fund_share == sum((o.fund_share for o in lines), Decimal(0))
    direct = BillingFile.objects.filter(channel=Channel.DIRECT_BILLING).prefetch_related("care_sheet__lines")
    for billing_file in direct:
        billed = sum((line.billed for line in billing_file.care_sheet.lines.all()), Decimal(0))
        assert billing_file.preview_fund_share + billing_file.preview_patient_share == billed
    assert not outcomes.filter(fund_share__lt=Decimal(0)).exists()


def test_the_facility_finds_its_files_batches_and_decisions_on_its_pages(db, settings, client):
    ctx = _load(settings, "cnass-mr")
    staff = ctx.users[Role.FACILITY_STAFF.value]
    facility = facility_of_user(user=staff)
    client.force_login(staff)

    page = client.get(reverse("claims:desk_files"))
    assert page.status_code == 200
    shown = page.context["page"].rows
    assert len(shown) > 10 and {f.facility_id for f in shown} == {facility.pk}
    for status in RESTING:
        listed = client.get(reverse("claims:desk_files"), {"status": status})
        assert listed.status_code == 200 and listed.context["page"].rows, status
        one = listed.context["page"].rows[0]
        detail = client.get(reverse("claims:desk_file", args=[one.pk]))
        assert detail.status_code == 200 and detail.context["history"], status
        assert client.get(reverse("claims:sheet_detail", args=[one.care_sheet_id])).status_code == 200
    decided = BillingFile.objects.filter(facility=facility, status=FileStatus.VALIDATED).first()
    assert client.get(reverse("claims:desk_file", args=[decided.pk])).context["decision"] is not None
    batches = client.get(reverse("claims:batch_list"))
    assert batches.status_code == 200 and len(batches.context["page"].rows) > 3
    for status in BatchStatus:
        batch = Batch.objects.filter(facility=facility, status=status).first()
        detail = client.get(reverse("claims:batch_detail", args=[batch.pk]))
        assert detail.status_code == 200 and detail.context["slip"].rows
    documents = FileDocument.objects.filter(billing_file__facility=facility, confidential=False)
    opened = client.get(reverse("claims:document_open", args=[documents.first().pk]))
    assert opened.status_code == 200 and b"".join(opened.streaming_content).startswith(b"%PDF-")
    # Another facility's file does not exist for this one.
    other = BillingFile.objects.exclude(facility=facility).first()
    assert client.get(reverse("claims:desk_file", args=[other.pk])).status_code == 404


def test_every_fund_role_finds_work_on_its_claims_pages(db, settings, client):
    ctx = _load(settings, "cnss-ma")

    def rows(role: Role, name: str, key: str = "page") -> list:
        client.force_login(ctx.users[role.value])
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        found = response.context[key]
        return list(found.rows if hasattr(found, "rows") else found)

    assert rows(Role.CLAIMS_CHECKER, "claims:fund_check_queue")
    assert rows(Role.CLAIMS_CHECKER, "claims:batch_queue")
    assert rows(Role.CLAIMS_CHECKER, "claims:fund_overdue")
    review = rows(Role.MEDICAL_ADVISER, "claims:fund_review_queue")
    assert review
    page = client.get(reverse("claims:fund_file_review", args=[review[0].pk]))
    assert page.status_code == 200
    assert rows(Role.COUNTER_AGENT, "claims:complaint_queue")
    assert rows(Role.MANAGER, "claims:fund_overdue")
    mine = rows(Role.INSURED, "claims:my_files", key="rows")
    assert {row["file"].status for row in mine} & {FileStatus.VALIDATED, FileStatus.REJECTED}
    assert rows(Role.INSURED, "claims:my_complaints", key="rows")


PAGES = [
    "claims:desk",
    "claims:desk_files",
    "claims:batch_list",
    "claims:batch_queue",
    "claims:fund_check_queue",
    "claims:fund_review_queue",
    "claims:fund_overdue",
    "claims:reimbursement_start",
    "claims:complaint_queue",
    "claims:complaint_new",
    "claims:my_files",
    "claims:my_complaints",
    "claims:my_complaint_new",
    "claims:my_reimbursement_new",
]


def test_no_claims_page_fails_for_any_demo_account(db, settings, client):
    ctx = _load(settings, "cnss-ma")
    some = {status: BillingFile.objects.filter(status=status).first() for status in RESTING}

    for role in Role:
        client.force_login(ctx.users[role.value])
        assert client.get("/").status_code == 200, role
        for name in PAGES:
            assert client.get(reverse(name)).status_code in (200, 302, 403), (role, name)
        for status, billing_file in some.items():
            for name in ("claims:fund_file", "claims:desk_file", "claims:my_file_detail"):
                code = client.get(reverse(name, args=[billing_file.pk])).status_code
                assert code in (200, 302, 403, 404), (role, name, status)


def _sheets(settings, seed: int) -> list[tuple]:
    with transaction.atomic():
        _load(settings, "cnops-ma", today=datetime.date(2026, 11, 23), seed=seed)
        rows = list(
            BillingFile.objects.order_by("facility__code", "invoice_number").values_list(
                "facility__code", "invoice_number", "care_sheet__care_date", "care_sheet__diagnosis"
            )
        )
        transaction.set_rollback(True)
    return rows


def test_the_claims_demo_is_the_same_for_a_seed(db, settings):
    first = _sheets(settings, seed=9)

    assert _sheets(settings, seed=9) == first
    assert _sheets(settings, seed=10) != first


def test_loading_the_demo_again_stores_no_new_scan(db, settings, tmp_path):
    _sheets(settings, seed=1)
    stored = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())

    _sheets(settings, seed=2)

    assert stored and sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == stored


@pytest.mark.parametrize("fund", FUNDS)
def test_every_episode_of_the_demo_is_in_icd10_and_in_the_catalogue(db, settings, fund):
    _load(settings, fund)
    prices = Prices.load(load_profile(fund))

    for template in TEMPLATES:
        assert icd10_is_valid(template.diagnosis), template.diagnosis
        assert prices.billable(template), template
