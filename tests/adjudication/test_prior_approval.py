"""Prior approval consumed by the claims (seeds 002 and 004): the cycles, sessions or units an approval
grants are counted across files and lines; a line beyond them, outside the validity or at another facility
is refused with its reason, naming the approval by its reference; without an approval the line is refused,
unless a request of the facility waits for the fund's answer (the adviser then decides both)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from sanad.adjudication import (
    CareType,
    Channel,
    ClaimSnapshot,
    LineKind,
    LineStatus,
    PendingAuthorization,
    PriorAuthorization,
    Reason,
    Routing,
    adjudicate,
    adjudicate_batch,
    finding_text,
)

from .funds import SERVICE, line, reference, snapshot

CNOPS_REF = reference("CNOPS")
CNSS_REF = reference("CNSS")


def _cycles(granted: int = 3, consumed: int = 0, **changes: object) -> PriorAuthorization:
    base = PriorAuthorization(
        id="7:ONCO",
        reference="PEC-2026-000007",
        codes=frozenset({"ONCO"}),
        granted=granted,
        consumed=consumed,
        valid_from=SERVICE - timedelta(days=5),
        valid_to=SERVICE + timedelta(days=120),
        facility_id="F1",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _chemotherapy(cycle: int, *authorizations: PriorAuthorization, **changes: object) -> ClaimSnapshot:
    """One cycle of chemotherapy, three weeks after the one before."""
    day = SERVICE + timedelta(days=21 * cycle)
    return snapshot(
        line("ONCO", "12000", kind=LineKind.DRUG, service_date=day),
        claim_id=f"ONC{cycle}",
        care_type=CareType.INPATIENT,
        channel=Channel.DIRECT_BILLING,
        discharge_date=day,
        received_on=day + timedelta(days=10),
        authorizations=authorizations,
        **changes,
    )


def _reason(snapshot_: ClaimSnapshot, ref=CNOPS_REF) -> Reason:
    [result] = adjudicate(snapshot_, ref).lines
    assert result.status is LineStatus.REJECTED
    [found] = result.findings
    return found.code


def test_prior_approval_oncology_three_cycles_the_fourth_file_rejected() -> None:
    approval = _cycles()
    decisions = list(adjudicate_batch([_chemotherapy(n, approval) for n in range(4)], CNOPS_REF))
    assert [d.lines[0].status for d in decisions] == [LineStatus.ACCEPTED] * 3 + [LineStatus.REJECTED]
    assert [d.lines[0].authorization for d in decisions] == ["7:ONCO"] * 3 + [None]
    [used_up] = decisions[3].lines[0].findings
    assert used_up.code is Reason.PRIOR_APPROVAL_USED_UP
    assert used_up.param("granted") == 3
    text = finding_text(used_up, "fr")
    assert "PEC-2026-000007" in text and "7:ONCO" not in text


def test_prior_approval_cycles_consumed_by_files_decided_before_count() -> None:
    assert adjudicate(_chemotherapy(2, _cycles(consumed=2)), CNOPS_REF).status.value == "accepted"
    assert _reason(_chemotherapy(3, _cycles(consumed=3))) is Reason.PRIOR_APPROVAL_USED_UP


def test_prior_approval_two_lines_of_one_batch_exceeding_together() -> None:
    approval = _cycles(granted=2, consumed=1)
    first, second = adjudicate_batch([_chemotherapy(1, approval), _chemotherapy(2, approval)], CNOPS_REF)
    assert first.lines[0].status is LineStatus.ACCEPTED
    assert [f.code for f in second.lines[0].findings] == [Reason.PRIOR_APPROVAL_USED_UP]


def test_prior_approval_outside_validity_is_rejected_naming_the_dates() -> None:
    expired = _cycles(valid_to=SERVICE + timedelta(days=20))
    [result] = adjudicate(_chemotherapy(1, expired), CNOPS_REF).lines
    [found] = result.findings
    assert found.code is Reason.PRIOR_APPROVAL_OUTSIDE_VALIDITY
    assert found.param("valid_to") == SERVICE + timedelta(days=20)
    assert "PEC-2026-000007" in finding_text(found, "ar")


def test_prior_approval_given_to_another_facility_is_rejected_naming_it() -> None:
    [result] = adjudicate(_chemotherapy(1, _cycles(facility_id="F9")), CNOPS_REF).lines
    [found] = result.findings
    assert found.code is Reason.PRIOR_APPROVAL_OTHER_FACILITY
    assert found.param("facility") == "F9"


def test_prior_approval_the_nearest_reason_when_several_approvals_fail() -> None:
    elsewhere = _cycles(id="8:ONCO", facility_id="F9")
    expired = _cycles(id="9:ONCO", valid_to=SERVICE)
    assert _reason(_chemotherapy(1, expired, elsewhere)) is Reason.PRIOR_APPROVAL_OTHER_FACILITY
    spent = _cycles(id="10:ONCO", consumed=3)
    assert _reason(_chemotherapy(1, expired, elsewhere, spent)) is Reason.PRIOR_APPROVAL_USED_UP


def test_prior_approval_required_without_any_approval() -> None:
    assert _reason(_chemotherapy(1)) is Reason.PRIOR_APPROVAL_MISSING
    other_drug = _cycles(codes=frozenset({"AMOX"}))
    assert _reason(_chemotherapy(1, other_drug)) is Reason.PRIOR_APPROVAL_MISSING


def test_prior_approval_cnss_device_without_approval_is_refused() -> None:
    """CNSS: prior approval is needed to claim a prosthesis (seed 004): without one, nothing is paid."""
    prosthesis = snapshot(line("PROTH", "15000", kind=LineKind.DEVICE))
    assert _reason(prosthesis, CNSS_REF) is Reason.PRIOR_APPROVAL_MISSING


def test_prior_approval_pending_request_of_the_facility_goes_to_the_adviser() -> None:
    waiting = (PendingAuthorization(reference="PEC-2026-000011", facility_id="F1"),)
    decision = adjudicate(_chemotherapy(1, pending_authorizations=waiting), CNOPS_REF)
    [result] = decision.lines
    assert result.status is LineStatus.TO_REVIEW
    assert [f.code for f in result.findings] == [Reason.PRIOR_APPROVAL_PENDING]
    assert result.fund_share > 0 and result.fund_share + result.patient_share == result.billed
    assert result.authorization is None
    assert decision.routing is Routing.MEDICAL_REVIEW
    assert "PEC-2026-000011" in finding_text(result.findings[0], "en")


def test_prior_approval_pending_request_of_another_facility_holds_nothing() -> None:
    elsewhere = (PendingAuthorization(reference="PEC-2026-000012", facility_id="F9"),)
    assert _reason(_chemotherapy(1, pending_authorizations=elsewhere)) is Reason.PRIOR_APPROVAL_MISSING


def test_prior_approval_used_up_with_a_new_request_pending_goes_to_the_adviser() -> None:
    waiting = (PendingAuthorization(reference="PEC-2026-000013", facility_id="F1"),)
    spent = _chemotherapy(4, _cycles(consumed=3), pending_authorizations=waiting)
    [result] = adjudicate(spent, CNOPS_REF).lines
    assert [f.code for f in result.findings] == [Reason.PRIOR_APPROVAL_PENDING]


def test_prior_approval_the_line_names_the_authorization_it_uses() -> None:
    [result] = adjudicate(_chemotherapy(1, _cycles()), CNOPS_REF).lines
    assert result.status is LineStatus.ACCEPTED and result.authorization == "7:ONCO"
    [plain] = adjudicate(snapshot(), CNOPS_REF).lines
    assert plain.authorization is None


def test_prior_approval_a_line_takes_what_is_left_and_says_how_much() -> None:
    """Three sessions billed, two left on the approval: two are paid and taken from it."""
    sessions = _cycles(id="7:ONCO", granted=3, consumed=1)
    three = replace(
        _chemotherapy(1, sessions),
        lines=(line("ONCO", "36000", kind=LineKind.DRUG, quantity=3, service_date=SERVICE + timedelta(21)),),
    )
    [result] = adjudicate(three, CNOPS_REF).lines
    assert result.status is LineStatus.REDUCED
    assert [f.code for f in result.findings] == [Reason.PRIOR_APPROVAL_EXHAUSTED]
    assert (result.authorization, result.authorized) == ("7:ONCO", 2)


def test_prior_approval_amount_caps_what_is_billed_across_files() -> None:
    """An approval for at most 20,000 (three cycles): the first cycle billed 12,000 is covered, the
    second is covered up to the 8,000 left with the reason, the third finds nothing left and is refused;
    the cycles it would have used stay unused."""
    approval = _cycles(amount_cap=Decimal("20000.00"))
    first, second, third = adjudicate_batch([_chemotherapy(n, approval) for n in range(3)], CNOPS_REF)

    assert first.lines[0].status is LineStatus.ACCEPTED and first.lines[0].base == Decimal("12000.00")
    reduced = second.lines[0]
    assert reduced.status is LineStatus.REDUCED and reduced.base == Decimal("8000.00")
    assert reduced.fund_share + reduced.patient_share == reduced.billed
    [note] = [f for f in reduced.findings if f.code is Reason.PRIOR_APPROVAL_AMOUNT_EXCEEDED]
    assert note.param("left") == Decimal("8000.00")
    assert "PEC-2026-000007" in finding_text(note, "fr") and "8000" in finding_text(note, "fr")
    refused = third.lines[0]
    assert refused.status is LineStatus.REJECTED and refused.fund_share == 0
    assert [f.code for f in refused.findings] == [Reason.PRIOR_APPROVAL_AMOUNT_USED_UP]
    assert refused.authorization is None


def test_prior_approval_amount_consumed_by_files_decided_before_counts() -> None:
    within = _cycles(amount_cap=Decimal("30000.00"), amount_consumed=Decimal("12000.00"), consumed=1)
    assert adjudicate(_chemotherapy(1, within), CNOPS_REF).status.value == "accepted"
    spent = _cycles(amount_cap=Decimal("24000.00"), amount_consumed=Decimal("24000.00"), consumed=2)
    assert _reason(_chemotherapy(2, spent)) is Reason.PRIOR_APPROVAL_AMOUNT_USED_UP


def test_prior_approval_without_an_amount_is_not_capped() -> None:
    decisions = list(adjudicate_batch([_chemotherapy(n, _cycles()) for n in range(3)], CNOPS_REF))
    assert all(d.lines[0].base == Decimal("12000.00") for d in decisions)
