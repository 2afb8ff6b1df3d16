"""One test (or a few) per line-level rule: package, facility kind and level, age and sex, frequency,
prior approval, duplicates, care pyramid."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

from sanad.adjudication import (
    CareType,
    Channel,
    ClaimSnapshot,
    Decision,
    HistoryLine,
    LineKind,
    LineStatus,
    PendingLine,
    PriorAuthorization,
    Reason,
    Referral,
    Sector,
    Sex,
    adjudicate,
    adjudicate_batch,
)
from sanad.adjudication.reference import ActRef
from sanad.adjudication.rules.facility import check_facility_allowed
from sanad.adjudication.rules.frequency import frequency_allowance
from sanad.adjudication.rules.person import check_age_sex
from sanad.adjudication.rules.prior_approval import match_prior_approval
from sanad.adjudication.rules.pyramid import check_pyramid

from .funds import EPOCH, SERVICE, facility, line, member, reference, snapshot

CNOPS_REF = reference("CNOPS")
CNSS_REF = reference("CNSS")
CNASS_REF = reference("CNASS")


def _codes(decision: Decision) -> list[list[Reason]]:
    return [[f.code for f in d.findings] for d in decision.lines]


def _auth(
    granted: int,
    consumed: int = 0,
    codes: frozenset[str] = frozenset({"KC50"}),
    id: str = "PA1",
    facility_id: str | None = None,
) -> PriorAuthorization:
    return PriorAuthorization(
        id=id,
        codes=codes,
        granted=granted,
        consumed=consumed,
        valid_from=SERVICE - timedelta(days=10),
        valid_to=SERVICE + timedelta(days=60),
        facility_id=facility_id,
    )


def _surgery(*authorizations: PriorAuthorization, claim_id: str = "CL1", lines: int = 1) -> ClaimSnapshot:
    return snapshot(
        *(line("KC50", "1125"),) * lines,
        claim_id=claim_id,
        care_type=CareType.INPATIENT,
        channel=Channel.DIRECT_BILLING,
        discharge_date=SERVICE,
        authorizations=authorizations,
    )


def test_benefit_package_unknown_code_is_rejected() -> None:
    assert _codes(adjudicate(snapshot(line("NOPE")), CNOPS_REF)) == [[Reason.UNKNOWN_CODE]]


def test_benefit_package_code_billed_under_the_wrong_kind_is_unknown() -> None:
    as_act = snapshot(line("AMOX", "45", kind=LineKind.ACT))
    assert _codes(adjudicate(as_act, CNOPS_REF)) == [[Reason.UNKNOWN_CODE]]


def test_benefit_package_membership_is_dated() -> None:
    old = line("OLD", "30", kind=LineKind.DRUG, service_date=date(2025, 12, 31))
    in_time = snapshot(old, care_type=CareType.PHARMACY, received_on=date(2026, 1, 5))
    assert adjudicate(in_time, CNOPS_REF).status.value == "accepted"
    removed = snapshot(line("OLD", "30", kind=LineKind.DRUG), care_type=CareType.PHARMACY)
    assert _codes(adjudicate(removed, CNOPS_REF)) == [[Reason.NOT_IN_BENEFIT_PACKAGE]]


def test_facility_allowed_kind_and_level() -> None:
    surgery = CNOPS_REF.item("KC50", SERVICE)
    assert surgery is not None
    assert check_facility_allowed(surgery, facility(kind="hospital", level=4)) is None
    kind = check_facility_allowed(surgery, facility(kind="laboratory"))
    assert kind is not None and kind.code is Reason.FACILITY_KIND_NOT_ALLOWED
    level = check_facility_allowed(surgery, facility(kind="hospital", level=2))
    assert level is not None and level.code is Reason.FACILITY_LEVEL_NOT_ALLOWED


def test_facility_allowed_maximum_level() -> None:
    basic = ActRef(code="VAC", valid_from=EPOCH, key_letter="C", max_level=2)
    result = check_facility_allowed(basic, facility(level=3))
    assert result is not None and result.param("max_level") == 2


def test_age_sex_limits() -> None:
    echo = CNOPS_REF.item("ECHO-OB", SERVICE)
    assert echo is not None
    assert check_age_sex(echo, 30, Sex.FEMALE) is None
    assert check_age_sex(echo, 30, Sex.MALE) is not None
    too_young = check_age_sex(echo, 11, Sex.FEMALE)
    assert too_young is not None and too_young.code is Reason.AGE_NOT_ALLOWED
    assert check_age_sex(echo, 55, Sex.FEMALE) is None
    assert check_age_sex(echo, 56, Sex.FEMALE) is not None


def test_frequency_daily_limit_counts_earlier_lines_of_the_file() -> None:
    decision = adjudicate(snapshot(line("C"), line("C"), line("V", "120")), CNOPS_REF)
    assert [d.status for d in decision.lines] == [
        LineStatus.ACCEPTED,
        LineStatus.REJECTED,
        LineStatus.ACCEPTED,
    ]


def test_frequency_period_limit_counts_history_inside_the_window_only() -> None:
    item = CNOPS_REF.item("DIAL", SERVICE)
    assert item is not None

    def paid(days_before: int) -> HistoryLine:
        return HistoryLine(
            claim_id="H", code="DIAL", service_date=SERVICE - timedelta(days=days_before), facility_id="F"
        )

    assert frequency_allowance(item, SERVICE, 1, [paid(1), paid(3), paid(7)], [])[0] == 1
    allowed, result = frequency_allowance(item, SERVICE, 1, [paid(1), paid(3), paid(6)], [])
    assert allowed == 0 and result is not None and result.code is Reason.PERIOD_LIMIT_EXCEEDED


def test_frequency_partial_quantity_reduces_the_line() -> None:
    history = (
        HistoryLine(claim_id="H", code="DIAL", service_date=SERVICE - timedelta(days=2), facility_id="F"),
    )
    dialysis = snapshot(
        line("DIAL", "2550", quantity=3),
        facility=facility(kind="dialysis_centre"),
        authorizations=(_auth(12, codes=frozenset({"DIAL"})),),
        history=history,
    )
    result = adjudicate(dialysis, CNOPS_REF).lines[0]
    assert result.status is LineStatus.REDUCED
    assert result.tariff == D("1700.00") and result.fund_share == D("1360.00")
    assert [f.code for f in result.findings] == [Reason.PERIOD_LIMIT_EXCEEDED]


def test_prior_approval_missing_then_valid() -> None:
    assert _codes(adjudicate(_surgery(), CNOPS_REF)) == [[Reason.PRIOR_APPROVAL_MISSING]]
    assert adjudicate(_surgery(_auth(1)), CNOPS_REF).status.value == "accepted"


def test_prior_approval_consumption_counted_across_lines_of_a_file() -> None:
    decision = adjudicate(_surgery(_auth(1), lines=2), CNOPS_REF)
    assert _codes(decision) == [[], [Reason.PRIOR_APPROVAL_USED_UP]]


def test_prior_approval_consumption_counted_across_files_of_a_batch() -> None:
    first_file = _surgery(_auth(2, consumed=1), claim_id="CL1")
    next_day = SERVICE + timedelta(days=1)  # another operation the next day, not a duplicate
    second_file = replace(
        first_file,
        claim_id="CL2",
        lines=(line("KC50", "1125", service_date=next_day),),
        discharge_date=next_day,
    )
    assert adjudicate(second_file, CNOPS_REF).status.value == "accepted"  # alone it would pass
    first, second = adjudicate_batch([first_file, second_file], CNOPS_REF)
    assert first.status.value == "accepted"
    assert _codes(second) == [[Reason.PRIOR_APPROVAL_USED_UP]]


def test_prior_approval_for_another_facility_does_not_count() -> None:
    decision = adjudicate(_surgery(_auth(1, facility_id="F-OTHER")), CNOPS_REF)
    assert _codes(decision) == [[Reason.PRIOR_APPROVAL_OTHER_FACILITY]]


def test_prior_approval_emergency_grace_days() -> None:
    later = replace(_auth(1), valid_from=SERVICE + timedelta(days=3))
    auth, covered, result = match_prior_approval("KC50", SERVICE, "F1", 1, [later], {}, 3)
    assert auth is later and covered == 1 and result is None
    assert match_prior_approval("KC50", SERVICE, "F1", 1, [later], {}, 2)[2] is not None


def test_prior_approval_uses_the_authorization_with_units_left() -> None:
    spent, fresh = _auth(1, consumed=1, id="PA1"), _auth(1, id="PA2")
    auth, covered, result = match_prior_approval("KC50", SERVICE, "F1", 1, [spent, fresh], {}, 0)
    assert auth is fresh and covered == 1 and result is None


def test_duplicates_already_paid_same_day_same_facility() -> None:
    paid = HistoryLine(claim_id="OLD-1", code="C", service_date=SERVICE, facility_id="F1")
    decision = adjudicate(snapshot(history=(paid,)), CNOPS_REF)
    assert _codes(decision) == [[Reason.DUPLICATE_ALREADY_PAID]]
    assert decision.lines[0].findings[0].param("claim") == "OLD-1"
    elsewhere = replace(paid, facility_id="F2")  # another facility the same day: the daily limit speaks
    assert _codes(adjudicate(snapshot(history=(elsewhere,)), CNOPS_REF)) == [[Reason.DAILY_LIMIT_EXCEEDED]]


def test_duplicates_across_files_of_the_same_batch() -> None:
    first = snapshot(line("V", "120"), claim_id="A-1")
    other_number = replace(first, claim_id="A-2")
    decisions = list(adjudicate_batch([first, other_number, first], CNOPS_REF))
    assert [d.status.value for d in decisions] == ["accepted", "rejected", "rejected"]
    assert decisions[1].lines[0].findings[0].param("claim") == "A-1"
    # Alone, each file is fine: the batch is what reveals the duplicate.
    assert adjudicate(other_number, CNOPS_REF).status.value == "accepted"


def test_duplicates_a_copy_of_a_file_still_being_processed_goes_to_the_administrative_check() -> None:
    waiting = PendingLine(claim_id="WAIT-1", code="V", service_date=SERVICE, facility_id="F1")
    decision = adjudicate(snapshot(line("V", "120"), pending=(waiting,)), CNOPS_REF)
    assert (decision.status.value, decision.routing.value) == ("to_review", "administrative_check")
    [finding] = decision.lines[0].findings
    assert (finding.code, finding.param("claim")) == (Reason.DUPLICATE_IN_PROCESS, "WAIT-1")
    assert decision.lines[0].fund_share > 0  # valued: what would be paid if the checker keeps it
    # Another facility or another day is another service.
    for other in (replace(waiting, facility_id="F2"), replace(waiting, service_date=SERVICE - timedelta(1))):
        assert adjudicate(snapshot(line("V", "120"), pending=(other,)), CNOPS_REF).status.value == "accepted"


def test_duplicates_a_line_already_paid_is_rejected_before_a_copy_being_processed_is_noted() -> None:
    paid = HistoryLine(claim_id="OLD-1", code="V", service_date=SERVICE, facility_id="F1")
    waiting = PendingLine(claim_id="WAIT-1", code="V", service_date=SERVICE, facility_id="F1")
    decision = adjudicate(snapshot(line("V", "120"), history=(paid,), pending=(waiting,)), CNOPS_REF)
    assert _codes(decision) == [[Reason.DUPLICATE_ALREADY_PAID]]


def test_duplicates_same_line_twice_in_one_file_is_a_quantity_not_a_duplicate() -> None:
    decision = adjudicate_batch([snapshot(line("V", "120"), line("V", "120"))], CNOPS_REF)
    assert [d.status for d in next(decision).lines] == [LineStatus.ACCEPTED, LineStatus.ACCEPTED]


def test_duplicates_a_rejected_line_does_not_block_a_later_file() -> None:
    closed = snapshot(line("V", "120"), claim_id="A-1", beneficiary=member(rights=()))
    fine = snapshot(line("V", "120"), claim_id="A-2")
    decisions = list(adjudicate_batch([closed, fine], CNOPS_REF))
    assert [d.status.value for d in decisions] == ["rejected", "accepted"]


def test_pyramid_penalty_without_referral() -> None:
    result = check_pyramid(3, SERVICE, 2, D("0.20"), None, False)
    assert result is not None and result.code is Reason.PYRAMID_PENALTY
    assert check_pyramid(2, SERVICE, 2, D("0.20"), None, False) is None
    assert check_pyramid(3, SERVICE, None, D("0.20"), None, False) is None
    assert check_pyramid(3, SERVICE, 2, D("0.20"), None, True) is None


def test_pyramid_referral_must_reach_the_level_and_be_valid() -> None:
    to_3 = Referral(SERVICE - timedelta(days=2), 3)
    assert check_pyramid(3, SERVICE, 2, D("0.20"), to_3, False) is None
    assert check_pyramid(4, SERVICE, 2, D("0.20"), to_3, False) is not None
    after = Referral(SERVICE + timedelta(days=1), 4)
    assert check_pyramid(3, SERVICE, 2, D("0.20"), after, False) is not None


def test_pyramid_penalty_goes_to_the_patient_share() -> None:
    hospital = facility(kind="hospital", sector=Sector.PUBLIC, level=3)
    file = snapshot(line("CS", "400"), facility=hospital, channel=Channel.DIRECT_BILLING)
    result = adjudicate(file, CNASS_REF).lines[0]
    assert (result.fund_share, result.penalty, result.patient_share) == (D("288.00"), D("72.00"), D("112.00"))
    assert result.fund_share + result.penalty == result.base * result.rate


def test_frequency_counts_only_lines_of_the_same_code() -> None:
    def paid(code: str) -> HistoryLine:
        return HistoryLine(claim_id="H1", code=code, service_date=SERVICE, facility_id="F-OTHER")

    other = adjudicate(snapshot(line("V", "120"), line("C"), history=(paid("V"),)), CNOPS_REF)
    assert [d.status for d in other.lines] == [LineStatus.ACCEPTED, LineStatus.ACCEPTED]
    same = adjudicate(snapshot(line("V", "120"), line("C"), history=(paid("C"),)), CNOPS_REF)
    assert _codes(same)[1] == [Reason.DAILY_LIMIT_EXCEEDED]
