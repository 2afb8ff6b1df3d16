"""Anomaly signals (issue 7): each routes the file to the medical review and is kept on its decision, with
its parameters; thresholds come from the fund profile."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from sanad.claims.anomalies import (
    IDENTICAL_BURST,
    PEER_AVERAGE,
    SAME_DAY_ELSEWHERE,
    peer_averages_forget,
    peer_averages_of_day,
)
from sanad.claims.models import BillingFile, FileDecision, PeerDay
from sanad.claims.services import CareSheetInput, LineInput, billing_file_register, billing_files_adjudicate
from sanad.claims.statuses import FileStatus
from sanad.funds.active import active_profile
from sanad.providers.models import AgreementEvent, AgreementPeriod, AgreementRequest, Facility
from tests.claims.conftest import CARE_DAY, CONSULTATION, RECEIVED, make_member

TODAY = datetime.date(2026, 4, 5)
_invoices = iter(range(1, 10_000))


@pytest.fixture(autouse=True)
def _fresh_peers():
    # Pages share the peer averages for a while (per process): each test computes its own.
    peer_averages_forget()
    yield
    peer_averages_forget()


def agreed_facility(code: str) -> Facility:
    """Another public health centre under agreement from 2024 to 2027."""
    facility = Facility.objects.create(
        code=code,
        name_fr=f"Centre {code}",
        kind="health_centre",
        sector="public",
        level="health_centre",
        region="MR-12",
        network_status="active",
    )
    start = datetime.date(2024, 1, 1)
    request = AgreementRequest.objects.create(
        facility=facility, status="active", requested_on=start, directorate_copy="DRS", due_on=start
    )
    AgreementEvent.objects.create(
        request=request, on=start, action="agreement_activate", from_status="draft_sent", to_status="active"
    )
    AgreementPeriod.objects.create(request=request, valid_from=start, valid_to=datetime.date(2027, 12, 31))
    return facility


def consultation(facility: Facility, member, *, billed=CONSULTATION, day=CARE_DAY) -> BillingFile:
    sheet = CareSheetInput(
        facility_id=facility.pk,
        member_id=member.pk,
        care_type="outpatient",
        care_date=day,
        diagnosis="J06.9",
        lines=[LineInput(kind="act", code="CON-C", billed=billed, service_date=day)],
    )
    return billing_file_register(
        actor=None, sheet=sheet, invoice_number=f"A-{next(_invoices):05d}", received_on=RECEIVED
    )


def decided(billing_file: BillingFile) -> tuple[str, FileDecision]:
    billing_file.refresh_from_db()
    return billing_file.status, FileDecision.objects.get(billing_file=billing_file, is_current=True)


def codes(decision: FileDecision) -> list[str]:
    return [signal["code"] for signal in decision.anomalies]


def test_same_day_elsewhere_flags_a_beneficiary_billed_by_two_facilities_on_one_day(
    centre, tariff, covered_member
):
    other = agreed_facility("CS-002")
    here = consultation(centre, covered_member)
    there = consultation(other, covered_member)

    billing_files_adjudicate(actor=None, file_ids=[here.pk, there.pk], on=TODAY)

    for billing_file, elsewhere in ((here, other), (there, centre)):
        status, decision = decided(billing_file)
        assert status == FileStatus.MEDICAL_REVIEW
        [signal] = decision.anomalies
        assert signal == {
            "code": SAME_DAY_ELSEWHERE,
            "params": {"day": CARE_DAY.isoformat(), "facilities": [elsewhere.pk]},
        }
        assert "anomaly_flagged" in {f["code"] for f in decision.findings}


def test_same_day_elsewhere_leaves_another_day_alone(centre, tariff, covered_member):
    other = agreed_facility("CS-002")
    here = consultation(centre, covered_member)
    consultation(other, covered_member, day=CARE_DAY + datetime.timedelta(days=1))

    billing_files_adjudicate(actor=None, file_ids=[here.pk], on=TODAY)

    status, decision = decided(here)
    assert (status, decision.anomalies) == (FileStatus.VALIDATED, [])


def test_peer_average_flags_a_facility_billing_far_above_its_peers(centre, tariff):
    claims = active_profile().claims
    acts = claims.anomaly_peer_min_acts
    dear = agreed_facility("CS-DEAR")
    # The peers bill the tariff; the dear centre just above the profile's factor times it.
    above = (CONSULTATION * claims.anomaly_peer_factor + Decimal("10.00")).quantize(Decimal("0.01"))
    for _ in range(acts):
        consultation(centre, make_member())
    files = [consultation(dear, make_member(), billed=above) for _ in range(acts)]

    billing_files_adjudicate(actor=None, file_ids=[files[0].pk], on=TODAY)

    status, decision = decided(files[0])
    assert status == FileStatus.MEDICAL_REVIEW
    [signal] = decision.anomalies
    assert signal["code"] == PEER_AVERAGE
    assert signal["params"] == {
        "code": "CON-C",
        "average": str(above),
        "peers": str(CONSULTATION),
        "factor": str(claims.anomaly_peer_factor),
    }


def test_peer_average_needs_the_profiles_number_of_acts_on_both_sides(centre, tariff):
    claims = active_profile().claims
    dear = agreed_facility("CS-DEAR")
    above = CONSULTATION * claims.anomaly_peer_factor * 2
    for _ in range(claims.anomaly_peer_min_acts):
        consultation(centre, make_member())
    # One act short of the minimum: the dear centre's average says too little to flag it.
    files = [consultation(dear, make_member(), billed=above) for _ in range(claims.anomaly_peer_min_acts - 1)]

    billing_files_adjudicate(actor=None, file_ids=[files[0].pk], on=TODAY)

    assert PEER_AVERAGE not in codes(decided(files[0])[1])


def dear_centre(centre: Facility) -> tuple[Facility, Decimal]:
    """The centre bills the tariff, a dear centre just above the profile's factor times it, each the
    profile's number of acts."""
    claims = active_profile().claims
    dear = agreed_facility("CS-DEAR")
    above = (CONSULTATION * claims.anomaly_peer_factor + Decimal("10.00")).quantize(Decimal("0.01"))
    for _ in range(claims.anomaly_peer_min_acts):
        consultation(centre, make_member())
        consultation(dear, make_member(), billed=above)
    return dear, above


def test_peer_averages_are_computed_once_a_day_and_kept_for_it(centre, tariff):
    profile = active_profile()
    dear, above = dear_centre(centre)
    first = peer_averages_of_day(profile=profile, on=TODAY)
    assert set(first.above) == {(dear.pk, "CON-C")}
    # Another centre bills as dear: the dear one is no longer above its peers, but the day keeps its figures.
    other = agreed_facility("CS-OTHER")
    for _ in range(profile.claims.anomaly_peer_min_acts):
        consultation(other, make_member(), billed=above)

    assert peer_averages_of_day(profile=profile, on=TODAY).above == first.above
    assert PeerDay.objects.filter(fund=profile.code, on=TODAY).count() == 1
    # The next day computes them again, over the quarter before it.
    assert peer_averages_of_day(profile=profile, on=TODAY + datetime.timedelta(days=1)).above == {}


def test_a_change_of_the_profiles_thresholds_computes_the_peer_averages_of_the_day_again(centre, tariff):
    profile = active_profile()
    dear, _above = dear_centre(centre)
    assert set(peer_averages_of_day(profile=profile, on=TODAY).above) == {(dear.pk, "CON-C")}
    stricter = profile.claims.anomaly_peer_factor * 10
    claims = dataclasses.replace(profile.claims, anomaly_peer_factor=stricter)
    changed = dataclasses.replace(profile, claims=claims)

    assert peer_averages_of_day(profile=changed, on=TODAY).above == {}
    assert PeerDay.objects.get(fund=profile.code, on=TODAY).factor == stricter


def test_identical_burst_flags_the_profiles_number_of_identical_files(centre, tariff, covered_member):
    burst = active_profile().claims.anomaly_burst_files
    files = [consultation(centre, covered_member) for _ in range(burst)]

    billing_files_adjudicate(actor=None, file_ids=[f.pk for f in files], on=TODAY)

    for billing_file in files:
        _status, decision = decided(billing_file)
        [signal] = [s for s in decision.anomalies if s["code"] == IDENTICAL_BURST]
        assert signal["params"] == {"day": CARE_DAY.isoformat(), "files": burst}
    # The first is routed to the medical review; the engine rejects the others as duplicates of it.
    assert decided(files[0])[0] == FileStatus.MEDICAL_REVIEW


def test_identical_burst_ignores_files_that_differ_or_are_too_few(centre, tariff, covered_member):
    burst = active_profile().claims.anomaly_burst_files
    files = [consultation(centre, covered_member) for _ in range(burst - 1)]
    files.append(consultation(centre, covered_member, billed=CONSULTATION + 1))

    billing_files_adjudicate(actor=None, file_ids=[f.pk for f in files], on=TODAY)

    for billing_file in files:
        assert IDENTICAL_BURST not in codes(decided(billing_file)[1])
