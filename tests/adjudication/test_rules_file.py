"""One test (or a few) per file-level rule: time bar, documents, rights, facility agreement, threshold."""

from __future__ import annotations

from datetime import date, timedelta

from sanad.adjudication import (
    CareType,
    Certificate,
    Channel,
    Decision,
    LineStatus,
    Payee,
    Period,
    Reason,
    Relationship,
    Routing,
    adjudicate,
)
from sanad.adjudication.rules.documents import check_documents, required_documents
from sanad.adjudication.rules.rights import check_rights
from sanad.adjudication.rules.time_bar import check_time_bar

from .funds import CNOPS, EPOCH, SERVICE, birth_for_age, facility, line, member, reference, snapshot

CNOPS_REF = reference("CNOPS")
CNASS_REF = reference("CNASS")


def _reasons(decision: Decision) -> set[Reason]:
    return set(decision.reasons())


def test_time_bar_received_on_the_deadline_is_in_time() -> None:
    assert check_time_bar(date(2026, 4, 10), date(2026, 1, 10), 3) is None


def test_time_bar_received_a_day_after_the_deadline_is_rejected() -> None:
    result = check_time_bar(date(2026, 4, 11), date(2026, 1, 10), 3)
    assert result is not None and result.code is Reason.TIME_BARRED
    assert result.param("deadline") == date(2026, 4, 10)


def test_time_bar_clamps_to_the_end_of_a_shorter_month() -> None:
    assert check_time_bar(date(2026, 2, 28), date(2025, 11, 30), 3) is None
    assert check_time_bar(date(2026, 3, 1), date(2025, 11, 30), 3) is not None


def test_time_bar_counts_from_discharge_not_from_admission() -> None:
    stay = snapshot(
        line("V", "120", service_date=date(2026, 1, 2)),
        care_type=CareType.INPATIENT,
        discharge_date=date(2026, 1, 20),
        received_on=date(2026, 4, 15),
    )
    assert adjudicate(stay, CNOPS_REF).status.value == "accepted"


def test_time_bar_rejects_every_line_of_the_file() -> None:
    late = snapshot(line("C"), line("Z15", "150"), received_on=SERVICE + timedelta(days=200))
    decision = adjudicate(late, CNOPS_REF)
    assert [d.status for d in decision.lines] == [LineStatus.REJECTED] * 2
    assert decision.routing is Routing.REJECT
    assert all(d.findings[0].code is Reason.TIME_BARRED for d in decision.lines)


def test_documents_required_by_care_type_kind_and_category() -> None:
    needed = required_documents(
        care_type=CareType.OUTPATIENT,
        kinds=[],
        categories=["lab"],
        by_care_type=CNOPS.required_documents,
        by_kind=CNOPS.documents_by_kind,
        by_category=CNOPS.documents_by_category,
    )
    assert needed == {"care_sheet", "invoice", "results"}
    missing = check_documents(needed, frozenset({"care_sheet", "invoice"}))
    assert missing is not None and missing.param("missing") == "results"


def test_documents_missing_send_the_file_to_the_administrative_check() -> None:
    decision = adjudicate(snapshot(documents=frozenset({"invoice"})), CNOPS_REF)
    assert decision.routing is Routing.ADMINISTRATIVE_CHECK
    assert decision.lines[0].status is LineStatus.TO_REVIEW
    assert (
        decision.lines[0].fund_share
        == decision.lines[0].billed * CNOPS.coverage_rates[(CareType.OUTPATIENT, facility().sector)]
    )


def test_rights_closed_on_the_date_of_service_are_rejected() -> None:
    ended = member(rights=(Period(EPOCH, SERVICE - timedelta(days=1)),))
    result = check_rights(ended, SERVICE, CNOPS)
    assert result is not None and result.code is Reason.NO_RIGHTS


def test_rights_open_on_the_last_day_of_the_period() -> None:
    assert check_rights(member(rights=(Period(EPOCH, SERVICE),)), SERVICE, CNOPS) is None


def test_rights_child_21_without_certificates_is_rejected() -> None:
    child = member(relationship=Relationship.CHILD, birth_date=birth_for_age(21))
    result = check_rights(child, SERVICE, CNOPS)
    assert result is not None and result.code is Reason.DEPENDANT_CERTIFICATES_MISSING
    assert result.param("missing") == "school, unmarried"


def test_rights_child_20_needs_no_certificate() -> None:
    assert (
        check_rights(member(relationship=Relationship.CHILD, birth_date=birth_for_age(20)), SERVICE, CNOPS)
        is None
    )


def test_rights_child_21_with_school_and_unmarried_certificates_is_covered() -> None:
    certificates = (Certificate("school", EPOCH), Certificate("unmarried", EPOCH))
    child = member(relationship=Relationship.CHILD, birth_date=birth_for_age(24), certificates=certificates)
    assert check_rights(child, SERVICE, CNOPS) is None


def test_rights_child_certificates_must_be_valid_on_the_date_of_service() -> None:
    certificates = (
        Certificate("school", EPOCH, SERVICE - timedelta(days=1)),
        Certificate("unmarried", EPOCH),
    )
    child = member(relationship=Relationship.CHILD, birth_date=birth_for_age(22), certificates=certificates)
    result = check_rights(child, SERVICE, CNOPS)
    assert result is not None and result.param("missing") == "school"


def test_rights_child_26_is_not_covered_even_with_certificates() -> None:
    certificates = (Certificate("school", EPOCH), Certificate("unmarried", EPOCH))
    child = member(relationship=Relationship.CHILD, birth_date=birth_for_age(26), certificates=certificates)
    result = check_rights(child, SERVICE, CNOPS)
    assert result is not None and result.code is Reason.DEPENDANT_OVER_AGE_LIMIT


def test_rights_disabled_child_over_21_needs_the_medical_control_certificate() -> None:
    child = member(relationship=Relationship.CHILD, birth_date=birth_for_age(35), disabled=True)
    result = check_rights(child, SERVICE, CNOPS)
    assert result is not None and result.param("missing") == "medical_control"
    covered = member(
        relationship=Relationship.CHILD,
        birth_date=birth_for_age(35),
        disabled=True,
        certificates=(Certificate("medical_control", EPOCH),),
    )
    assert check_rights(covered, SERVICE, CNOPS) is None


def test_rights_spouse_needs_the_profile_certificates() -> None:
    spouse = member(relationship=Relationship.SPOUSE)
    assert check_rights(spouse, SERVICE, CNOPS) is not None
    assert check_rights(spouse, SERVICE, reference("CNSS").profile) is None


def test_rights_member_has_no_age_limit() -> None:
    assert check_rights(member(birth_date=birth_for_age(90)), SERVICE, CNOPS) is None


def test_facility_agreement_required_by_the_profile() -> None:
    cnass = snapshot(line("C", "250"), channel=Channel.DIRECT_BILLING, facility=facility(agreements=()))
    assert _reasons(adjudicate(cnass, CNASS_REF)) == {Reason.FACILITY_NOT_AGREED}
    # CNOPS covers a reimbursement claim from any provider.
    assert adjudicate(snapshot(facility=facility(agreements=())), CNOPS_REF).status.value == "accepted"


def test_facility_agreement_checked_on_the_date_of_service() -> None:
    ended = facility(agreements=(Period(EPOCH, SERVICE - timedelta(days=1)),))
    cnass = snapshot(line("C", "250"), channel=Channel.DIRECT_BILLING, facility=ended)
    assert _reasons(adjudicate(cnass, CNASS_REF)) == {Reason.FACILITY_NOT_AGREED}


def test_facility_agreement_direct_billing_access_needed_only_when_paid_to_the_facility() -> None:
    no_access = facility(direct_billing=())
    billed = snapshot(line("CS", "300"), channel=Channel.DIRECT_BILLING, facility=no_access)
    assert _reasons(adjudicate(billed, CNOPS_REF)) == {Reason.NO_DIRECT_BILLING_ACCESS}
    small = snapshot(line("CS", "150"), channel=Channel.DIRECT_BILLING, facility=no_access)
    decision = adjudicate(small, CNOPS_REF)  # below 200 MAD: not the facility's to bill, access or not
    assert _reasons(decision) == {Reason.BELOW_DIRECT_BILLING_THRESHOLD}
    assert decision.status.value == "rejected" and decision.fund_share == 0


def test_direct_billing_threshold_paid_to_the_facility_from_200_mad() -> None:
    at = adjudicate(snapshot(line("C", "120"), line("Z15", "80"), channel=Channel.DIRECT_BILLING), CNOPS_REF)
    below = adjudicate(
        snapshot(line("C", "120"), line("Z15", "79.99"), channel=Channel.DIRECT_BILLING), CNOPS_REF
    )
    assert at.payee is Payee.FACILITY and Reason.BELOW_DIRECT_BILLING_THRESHOLD not in at.reasons()
    assert below.payee is Payee.INSURED and below.status.value == "rejected" and below.fund_share == 0
    assert below.findings[0].code is Reason.BELOW_DIRECT_BILLING_THRESHOLD
    assert {line.findings[0].code for line in below.lines} == {Reason.BELOW_DIRECT_BILLING_THRESHOLD}


def test_direct_billing_threshold_absent_in_cnss_and_cnass() -> None:
    cnss = adjudicate(snapshot(line("C", "80"), channel=Channel.DIRECT_BILLING), reference("CNSS"))
    assert cnss.payee is Payee.FACILITY
    insured = adjudicate(snapshot(line("C", "80"), channel=Channel.REIMBURSEMENT), reference("CNSS"))
    assert insured.payee is Payee.INSURED
