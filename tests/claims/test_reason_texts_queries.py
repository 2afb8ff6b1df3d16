"""The reasons of a file's lines are rendered together (issue 15): a page or an API answer showing a file
whose every line names another file and another facility reads the files in one query and the facilities
in one, whatever the number of lines. Each page is measured with a file of two lines, then must answer a
file of twelve in no more queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanad.claims.models import BillingFile, LineOutcome
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register, billing_files_adjudicate
from sanad.claims.statuses import Channel, FileStatus
from tests.claims.conftest import CARE_DAY, RECEIVED, agreed_centre
from tests.claims.desk.conftest import staff_of

API = "/api/v1/claims"


@pytest.fixture
def many_lines(centre, tariff, covered_member):
    """`many_lines(n)`: a decided file of n consultations, each line's reasons naming another file (by id,
    as the engine stores it) and another facility."""
    serial = iter(range(1, 10_000))

    def other_file(invoice: str) -> BillingFile:
        facility = agreed_centre(f"CS-{next(serial) + 100}", "Centre de santé", "MR-12", "DRS")
        return _register(facility, covered_member, 1, invoice)

    def make(n: int) -> BillingFile:
        billing_file = _register(centre, covered_member, n, f"F-MANY-{n}")
        billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=RECEIVED)
        for outcome in LineOutcome.objects.filter(decision__billing_file=billing_file):
            other = other_file(f"F-OTHER-{n}-{outcome.line.line_no}")
            findings = [
                {"code": "duplicate_in_batch", "rule": "duplicates", "params": _duplicate(other)},
                {
                    "code": "facility_not_agreed",
                    "rule": "facility_agreement",
                    "params": {"facility": str(other.facility_id), "date": CARE_DAY.isoformat()},
                },
            ]
            LineOutcome.objects.filter(decision=outcome.decision_id, line=outcome.line_id).update(
                findings=findings
            )
        BillingFile.objects.filter(pk=billing_file.pk).update(status=FileStatus.VALIDATED)
        return billing_file

    return make


def _duplicate(other: BillingFile) -> dict[str, str]:
    return {"code": "CON-C", "date": CARE_DAY.isoformat(), "claim": str(other.pk)}


def _register(facility, member, lines: int, invoice: str) -> BillingFile:
    sheet = CareSheetInput(
        facility_id=facility.pk,
        member_id=member.pk,
        care_type="outpatient",
        care_date=CARE_DAY,
        diagnosis="J06.9",
        practitioner_name="Dr Sidi Mohamed",
        lines=[
            LineInput(kind="act", code="CON-C", billed=Decimal("1000.00"), service_date=CARE_DAY)
            for _ in range(lines)
        ],
    )
    return billing_file_register(actor=None, sheet=sheet, invoice_number=invoice, received_on=RECEIVED)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("checker", lambda f: reverse("claims:fund_file", args=[f.pk])),
        ("checker", lambda f: f"{API}/billing-files/{f.pk}"),
        ("desk", lambda f: reverse("claims:desk_file", args=[f.pk])),
        ("checker", lambda f: reverse("claims:reimbursement_detail", args=[f.pk])),
    ],
    ids=["fund file page", "API", "facility desk", "reimbursement page"],
)
def test_the_names_of_a_files_reasons_cost_the_same_queries_whatever_its_lines(
    client, checker, make_user, centre, many_lines, django_assert_max_num_queries, who, url
):
    users = {"checker": checker, "desk": staff_of(make_user, "salka", centre)}
    small, large = many_lines(2), many_lines(12)
    for billing_file in (small, large):  # the reimbursement page shows only reimbursement files
        if "reimbursement" in url(billing_file):
            BillingFile.objects.filter(pk=billing_file.pk).update(channel=Channel.REIMBURSEMENT)
    client.force_login(users[who])
    baseline = _queries(client, url(small))

    with django_assert_max_num_queries(baseline):
        page = client.get(url(large))

    body = page.content.decode()
    assert "F-OTHER-12-12" in body and "F-OTHER-12-1" in body
