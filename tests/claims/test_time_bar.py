"""The time bar (DOMAIN.md: a file must arrive within the profile's months of discharge, or it is
time-barred), judged on the day the fund received the file, counted as the engine counts it: from the
discharge of a stay, else from the last day of service."""

import datetime
from decimal import Decimal

from sanad.adjudication.dates import add_months
from sanad.claims.models import BillingFile
from sanad.claims.selectors import billing_file_decision
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register, billing_files_adjudicate
from sanad.claims.statuses import FileStatus
from sanad.funds.active import active_profile
from tests.claims.conftest import CARE_DAY, CONSULTATION

TODAY = datetime.date(2026, 7, 1)
ADMISSION, DISCHARGE = datetime.date(2026, 3, 2), datetime.date(2026, 3, 6)


def last_day(end: datetime.date) -> datetime.date:
    """The last day a file may be received: the profile's months after `end`."""
    return add_months(end, active_profile().claims.time_bar_months)


def reasons(billing_file: BillingFile) -> set[str]:
    decision = billing_file_decision(file_id=billing_file.pk)
    codes = {f["code"] for f in decision.findings}
    for outcome in decision.lines.all():
        codes |= {f["code"] for f in outcome.findings}
    return codes


def decide(billing_file: BillingFile) -> BillingFile:
    billing_files_adjudicate(actor=None, file_ids=[billing_file.pk], on=TODAY)
    billing_file.refresh_from_db()
    return billing_file


def stay(centre, member, received_on: datetime.date) -> BillingFile:
    """A stay from 2 to 6 March, a consultation on each of its first and last days."""
    sheet = CareSheetInput(
        facility_id=centre.pk,
        member_id=member.pk,
        care_type="inpatient",
        care_date=ADMISSION,
        admission_date=ADMISSION,
        discharge_date=DISCHARGE,
        diagnosis="J18.9",
        lines=[
            LineInput(kind="act", code="CON-C", billed=CONSULTATION, service_date=day)
            for day in (ADMISSION, DISCHARGE)
        ],
    )
    documents = ["hospital_report", "invoice", "prescription"]
    return billing_file_register(
        actor=None,
        sheet=sheet,
        invoice_number=f"S-{received_on}",
        received_on=received_on,
        documents=documents,
    )


def test_a_file_received_one_day_past_the_time_bar_is_rejected_as_time_barred(bill, covered_member):
    late = decide(bill(covered_member, received_on=last_day(CARE_DAY) + datetime.timedelta(days=1)))

    assert late.status == FileStatus.REJECTED
    decision = billing_file_decision(file_id=late.pk)
    assert decision.routing == "reject"
    assert "time_barred" in reasons(late)
    [line] = decision.lines.all()
    assert (line.status, line.fund_share, line.patient_share) == ("rejected", Decimal("0.00"), CONSULTATION)


def test_a_file_received_on_the_last_day_of_the_time_bar_is_in_time(bill, covered_member):
    in_time = decide(bill(covered_member, received_on=last_day(CARE_DAY)))

    assert in_time.status == FileStatus.VALIDATED
    assert "time_barred" not in reasons(in_time)


def test_the_time_bar_of_a_stay_counts_from_the_discharge(centre, tariff, covered_member):
    on_time = decide(stay(centre, covered_member, last_day(DISCHARGE)))
    late = decide(stay(centre, covered_member, last_day(DISCHARGE) + datetime.timedelta(days=1)))

    assert "time_barred" not in reasons(on_time)
    assert late.status == FileStatus.REJECTED
    assert "time_barred" in reasons(late)
    # Counted from the admission, the stay would have been barred four days earlier.
    assert last_day(ADMISSION) < last_day(DISCHARGE)
