"""Claims consume prior authorizations (issue 17, §5; DOMAIN.md, care and claims: "authorization for drugs
covers 3 cycles", seed 002; CNSS prior approval needed to claim, seed 004).

A CNOPS world: an oncology day unit of a university hospital under agreement, another hospital, a covered
member, a chemotherapy drug that needs prior approval billed one cycle a file, three weeks apart. What an
approval grants is counted across files (from what the files decided before used, as recorded) and within
one run; a line beyond it, outside its validity or at another facility is refused with its reason; a file's
page lists the authorization each line used.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sanad.authorizations.models import AuthorizationRequest, beneficiary_key
from sanad.authorizations.services.changes import authorization_modify
from sanad.authorizations.services.decide import Item, authorization_decide
from sanad.catalog.models import BenefitPackageEntry, Drug
from sanad.claims.models import AuthorizationUse, BillingFile, FileDecision, LineOutcome
from sanad.claims.runner.decide import claims_adjudicate_run
from sanad.claims.selectors.facility import billing_file_preview
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register, billing_files_adjudicate
from sanad.claims.statuses import FileStatus
from sanad.providers.models import AgreementEvent, AgreementPeriod, AgreementRequest, Facility

from .conftest import START, make_member

FUND = "cnops-ma"
DRUG = "ONCO-1"
CYCLE = Decimal("3000.00")
FIRST = datetime.date(2026, 3, 2)
DECIDED_ON = datetime.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _fund(settings):
    settings.SANAD_FUND = FUND


def _hospital(code: str) -> Facility:
    facility = Facility.objects.create(
        code=code,
        name_fr=f"Hôpital {code}",
        name_ar=f"مستشفى {code}",
        kind="university_hospital",
        sector="public",
        level="university_hospital",
        region="MA-06",
        network_status="active",
    )
    request = AgreementRequest.objects.create(
        facility=facility, status="active", requested_on=START, directorate_copy="DRS", due_on=START
    )
    AgreementEvent.objects.create(
        request=request, on=START, action="agreement_activate", from_status="draft_sent", to_status="active"
    )
    AgreementPeriod.objects.create(request=request, valid_from=START, valid_to=datetime.date(2027, 12, 31))
    return facility


@pytest.fixture
def world(db):
    Drug.objects.create(
        code=DRUG,
        barcode="6111000000017",
        name="Paclitaxel 300 mg",
        public_price=CYCLE,
        reimbursement_base=CYCLE,
        direct_billing=True,
        needs_prior_approval=True,
        valid_from=START,
    )
    BenefitPackageEntry.objects.create(fund=FUND, code=DRUG, kind="drug", valid_from=START)
    return {"chu": _hospital("CHU-ONCO"), "other": _hospital("CHR-AUTRE"), "member": make_member()}


def _request(world, *, facility=None, status="pending") -> AuthorizationRequest:
    member = world["member"]
    request = AuthorizationRequest.objects.create(
        facility=facility or world["chu"],
        member=member,
        beneficiary=beneficiary_key(member.pk, None),
        request_type="chemotherapy",
        admission="day_hospital",
        diagnosis="C50.9",
        status=status,
        submitted_at=timezone.now(),
    )
    request.reference = f"PEC-2026-{request.pk:06d}"
    request.save(update_fields=["reference"])
    return request


def _approve(world, cycles: int = 3, *, facility=None, valid_to=datetime.date(2026, 6, 29)):
    """The adviser approves the request for `cycles` cycles of the drug from the first cycle's day."""
    return authorization_decide(
        actor=None,
        request=_request(world, facility=facility),
        kind="approved",
        items=[Item("drug", DRUG, cycles)],
        valid_from=FIRST,
        valid_to=valid_to,
    )


def _cycle(world, n: int, *, facility=None) -> BillingFile:
    """The file of the n-th cycle (from 0), three weeks after the one before, received a week later."""
    day = FIRST + datetime.timedelta(days=21 * n)
    sheet = CareSheetInput(
        facility_id=(facility or world["chu"]).pk,
        member_id=world["member"].pk,
        care_type="outpatient",
        care_date=day,
        diagnosis="C50.9",
        practitioner_name="Dr Alaoui",
        lines=[LineInput(kind="drug", code=DRUG, billed=CYCLE, service_date=day)],
    )
    return billing_file_register(
        actor=None,
        sheet=sheet,
        invoice_number=f"ONC-{n}-{(facility or world['chu']).code}",
        received_on=day + datetime.timedelta(days=7),
        documents=["prescription", "barcodes"],
    )


def _decide(files: list[BillingFile], path: str) -> None:
    if path == "one_by_one":
        for billing_file in files:
            billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=DECIDED_ON)
    elif path == "together":
        billing_files_adjudicate(actor=None, file_ids=[f.pk for f in files], on=DECIDED_ON)
    else:
        claims_adjudicate_run(on=DECIDED_ON, chunk=1 if path == "runner_chunks_of_one" else 5000)


def _outcome(billing_file: BillingFile) -> LineOutcome:
    return LineOutcome.objects.get(decision__billing_file=billing_file, decision__is_current=True)


def _codes(billing_file: BillingFile) -> list[str]:
    return [f["code"] for f in _outcome(billing_file).findings]


PATHS = ["one_by_one", "together", "runner", "runner_chunks_of_one"]


@pytest.mark.parametrize("path", PATHS)
def test_cnops_drug_approval_covers_3_cycles_the_fourth_file_rejected(world, path):
    request = _approve(world)
    files = [_cycle(world, n) for n in range(4)]
    _decide(files, path)

    assert [_outcome(f).status for f in files] == ["accepted"] * 3 + ["rejected"]
    assert _codes(files[3]) == ["prior_approval_used_up"]
    [used_up] = _outcome(files[3]).findings
    assert used_up["params"]["authorization"] == request.reference
    assert used_up["params"]["granted"] == 3
    uses = AuthorizationUse.objects.order_by("billing_file_id")
    assert [(u.billing_file_id, u.request_id, u.code, u.quantity) for u in uses] == [
        (f.pk, request.pk, DRUG, 1) for f in files[:3]
    ]


def test_the_paths_agree_on_the_same_files(world):
    """The single-file service, one call for several files and the runner give the same outcomes."""
    _approve(world, cycles=2)
    files = [_cycle(world, n) for n in range(3)]
    results = {}
    for path in ("one_by_one", "runner"):
        _decide(files, path)
        results[path] = [(_outcome(f).status, _codes(f), _outcome(f).fund_share) for f in files]
        AuthorizationUse.objects.all().delete()
        FileDecision.objects.all().delete()
        BillingFile.objects.update(status=FileStatus.RECEIVED)
    assert results["one_by_one"] == results["runner"]
    assert [status for status, _codes_, _fund in results["runner"]] == ["accepted", "accepted", "rejected"]


def test_a_line_outside_the_validity_is_rejected(world):
    _approve(world, valid_to=FIRST + datetime.timedelta(days=30))
    late = _cycle(world, 2)
    _decide([late], "one_by_one")
    assert _codes(late) == ["prior_approval_outside_validity"]
    assert _outcome(late).findings[0]["params"]["valid_to"] == "2026-04-01"


def test_a_line_at_another_facility_is_rejected(world):
    _approve(world)
    elsewhere = _cycle(world, 0, facility=world["other"])
    _decide([elsewhere], "one_by_one")
    assert _codes(elsewhere) == ["prior_approval_other_facility"]
    assert _outcome(elsewhere).findings[0]["params"]["facility"] == str(world["chu"].pk)
    assert not AuthorizationUse.objects.exists()


@pytest.mark.parametrize("path", ["together", "runner"])
def test_two_files_of_one_run_exceeding_the_approval_together(world, path):
    _approve(world, cycles=3)
    done = _cycle(world, 0)
    _decide([done], "one_by_one")
    second, third, fourth = (_cycle(world, n) for n in (1, 2, 3))
    _decide([second, third, fourth], path)
    assert [_outcome(f).status for f in (second, third, fourth)] == ["accepted", "accepted", "rejected"]


def test_a_modified_approval_new_quantities_apply(world):
    request = _approve(world, cycles=2)
    first, second = _cycle(world, 0), _cycle(world, 1)
    _decide([first, second], "one_by_one")
    replaced = request.decision
    request = authorization_modify(
        actor=None,
        request=request,
        kind="approved",
        items=[Item("drug", DRUG, 3)],
        reason="Une cure de plus selon le protocole",
    )
    third, fourth = _cycle(world, 2), _cycle(world, 3)
    _decide([third, fourth], "one_by_one")

    assert _outcome(third).status == "accepted"
    assert _codes(fourth) == ["prior_approval_used_up"]
    assert AuthorizationUse.objects.get(billing_file=third).decision_id == request.decision_id
    assert AuthorizationUse.objects.get(billing_file=first).decision_id == replaced.pk


def test_a_refused_request_gives_no_right(world):
    authorization_decide(
        actor=None, request=_request(world), kind="refused", reasons=["not_justified"], note=""
    )
    billing_file = _cycle(world, 0)
    _decide([billing_file], "one_by_one")
    assert _outcome(billing_file).status == "rejected"
    assert _codes(billing_file) == ["prior_approval_missing"]


def test_a_line_needing_approval_without_any_is_refused(world):
    billing_file = _cycle(world, 0)
    _decide([billing_file], "runner")
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.REJECTED
    assert _codes(billing_file) == ["prior_approval_missing"]


def test_a_pending_request_of_the_facility_sends_the_line_to_the_adviser(world):
    request = _request(world)
    billing_file = _cycle(world, 0)
    _decide([billing_file], "one_by_one")
    billing_file.refresh_from_db()
    assert billing_file.status == FileStatus.MEDICAL_REVIEW
    outcome = _outcome(billing_file)
    assert outcome.status == "to_review" and _codes(billing_file) == ["prior_approval_pending"]
    assert outcome.findings[0]["params"]["authorization"] == request.reference
    assert outcome.fund_share > 0


def test_a_file_rejected_afterwards_gives_its_cycle_back(world):
    _approve(world, cycles=1)
    first = _cycle(world, 0)
    _decide([first], "one_by_one")
    BillingFile.objects.filter(pk=first.pk).update(status=FileStatus.REJECTED)
    second = _cycle(world, 1)
    _decide([second], "one_by_one")
    assert _outcome(second).status == "accepted"


def test_a_file_decided_again_counts_its_cycle_once(world):
    _approve(world, cycles=2)
    first = _cycle(world, 0)
    _decide([first], "one_by_one")
    BillingFile.objects.filter(pk=first.pk).update(status=FileStatus.RECEIVED)  # reopened
    _decide([first], "one_by_one")
    assert AuthorizationUse.objects.filter(billing_file=first).count() == 1
    second = _cycle(world, 1)
    _decide([second], "one_by_one")
    assert _outcome(second).status == "accepted"


def test_the_file_page_links_the_authorization_used(world):
    request = _approve(world)
    billing_file = _cycle(world, 0)
    _decide([billing_file], "one_by_one")
    html = render_to_string("claims/_authorization_used.html", {"billing_file": billing_file})
    assert reverse("authorizations:request_detail", args=[request.reference]) in html
    assert f">{request.reference}</a>" in html and "cures" in html
    plain = _cycle(world, 1, facility=world["other"])
    assert "authorizations-used" not in render_to_string(
        "claims/_authorization_used.html", {"billing_file": plain}
    )


def test_the_preview_of_a_file_counts_what_files_decided_before_used(world):
    """The facility's preview (one file's snapshot, outside any run) sees the same count as the runner."""
    _approve(world)
    _decide([_cycle(world, n) for n in range(3)], "runner")
    fourth = _cycle(world, 3)
    preview = billing_file_preview(file_id=fourth.pk, on=DECIDED_ON)
    [(_line, result)] = preview.lines
    assert [f.code.value for f in result.findings] == ["prior_approval_used_up"]


def test_authorizations_are_read_per_chunk_not_per_file(world):
    """Two queries read the authorizations and what was used of them, whatever the number of files."""
    _approve(world)

    def reads(files: list[BillingFile]) -> int:
        with CaptureQueriesContext(connection) as captured:
            _decide(files, "together")
        return sum(
            "authorizations_" in q["sql"] or "claims_authorizationuse" in q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT")
        )

    assert reads([_cycle(world, 0)]) == reads([_cycle(world, n) for n in range(1, 4)]) == 2


@pytest.mark.parametrize("path", PATHS)
def test_an_approved_amount_caps_what_is_billed_across_files(world, path):
    """An approval of 3 cycles for at most 7,500: two cycles of 3,000 are covered, the third is covered up
    to the 1,500 left with its reason, and the amounts used are recorded (seed 004: the quote approved)."""
    authorization_decide(
        actor=None,
        request=_request(world),
        kind="approved",
        items=[Item("drug", DRUG, 3, Decimal("7500.00"))],
        valid_from=FIRST,
        valid_to=datetime.date(2026, 6, 29),
    )
    files = [_cycle(world, n) for n in range(3)]
    _decide(files, path)

    assert [_outcome(f).status for f in files] == ["accepted", "accepted", "reduced"]
    assert "prior_approval_amount_exceeded" in _codes(files[2])
    assert _outcome(files[2]).base == Decimal("1500.00")
    amounts = AuthorizationUse.objects.order_by("billing_file_id").values_list("amount", flat=True)
    assert list(amounts) == [Decimal("3000.00"), Decimal("3000.00"), Decimal("1500.00")]
    fourth = _cycle(world, 3)
    _decide([fourth], path)
    assert _codes(fourth) == ["prior_approval_amount_used_up"] or _codes(fourth) == ["prior_approval_used_up"]
