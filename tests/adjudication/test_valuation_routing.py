"""Valuation, yearly ceilings and routing to the medical review."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sanad.adjudication import (
    CareType,
    Channel,
    HistoryLine,
    KeyLetterValue,
    LineKind,
    LineStatus,
    Reason,
    ReferenceSnapshot,
    Routing,
    Sector,
    adjudicate,
    adjudicate_batch,
)
from sanad.adjudication.reference import ActRef
from sanad.adjudication.rules.routing import check_sample, sample_draw
from sanad.adjudication.rules.valuation import act_unit_tariff, apply_ceiling, coverage_rate, shares

from .funds import CNASS, CNOPS, CNSS, EPOCH, SERVICE, catalogue, facility, line, member, reference, snapshot

D = Decimal
CNOPS_REF = reference("CNOPS")
CNSS_REF = reference("CNSS")
Q = D("0.01")


def test_valuation_key_letter_times_coefficient() -> None:
    act = CNOPS_REF.item("KC50", SERVICE)
    assert act is not None
    assert isinstance(act, ActRef)
    unit, used, result = act_unit_tariff(act, None, SERVICE, CNOPS_REF.key_letters)
    assert (unit, used, result) == (D("1125.00"), D(50), None)


def test_valuation_free_coefficient_taken_from_the_line() -> None:
    decision = adjudicate(snapshot(line("LAB", "220", coefficient=D(200))), CNOPS_REF)
    assert decision.lines[0].tariff == D("220.00")


def test_valuation_key_letter_value_in_force_on_the_service_date() -> None:
    cnass = reference("CNASS")
    health_centre = facility(kind="health_centre", sector=Sector.PUBLIC, level=2)
    for day, tariff in ((date(2025, 12, 31), D("200.00")), (date(2026, 1, 1), D("250.00"))):
        file = snapshot(
            line("C", "250", service_date=day), facility=health_centre, received_on=date(2026, 2, 1)
        )
        assert adjudicate(file, cnass).lines[0].tariff == tariff


def test_valuation_no_key_letter_value_goes_to_the_administrative_check() -> None:
    data = catalogue("MA")
    data["key_letters"] = [k for k in data["key_letters"] if k.letter != "CS"]
    data["key_letters"].append(KeyLetterValue("CS", D("150"), EPOCH, date(2025, 12, 31)))
    gap = ReferenceSnapshot.build(CNOPS, **data)
    decision = adjudicate(snapshot(line("CS", "150")), gap)
    assert decision.lines[0].status is LineStatus.TO_REVIEW
    assert decision.routing is Routing.ADMINISTRATIVE_CHECK
    assert decision.reasons() == (Reason.NO_TARIFF,)
    assert decision.lines[0].fund_share == 0 and decision.lines[0].patient_share == D("150.00")


def test_valuation_no_coverage_rate_goes_to_the_administrative_check() -> None:
    agreed_clinic = facility(kind="clinic", sector=Sector.PRIVATE, level=2)
    decision = adjudicate(snapshot(line("C", "250"), facility=agreed_clinic), reference("CNASS"))
    assert decision.reasons() == (Reason.NO_COVERAGE_RATE,)
    assert decision.routing is Routing.ADMINISTRATIVE_CHECK


def test_valuation_base_is_the_lower_of_billed_and_tariff() -> None:
    below = adjudicate(snapshot(line("CS", "100")), CNOPS_REF).lines[0]
    assert (below.base, below.fund_share, below.status) == (D("100.00"), D("80.00"), LineStatus.ACCEPTED)


def test_valuation_rounds_the_fund_share_half_up_to_the_cent() -> None:
    assert shares(D("33.33"), D("40.00"), D("0.70"), D(0), Q, "ROUND_HALF_UP")[1] == D("23.33")
    assert shares(D("0.25"), D("40.00"), D("0.70"), D(0), Q, "ROUND_HALF_UP")[1] == D("0.18")  # 0.175
    assert shares(D("0.25"), D("40.00"), D("0.70"), D(0), Q, ROUND_HALF_EVEN)[1] == D("0.18")
    assert shares(D("0.35"), D("40.00"), D("0.70"), D(0), Q, ROUND_HALF_EVEN)[1] == D("0.24")  # 0.245


def test_valuation_quantity_multiplies_the_tariff() -> None:
    result = adjudicate(snapshot(line("AMOX", "90", kind=LineKind.DRUG, quantity=2)), CNOPS_REF).lines[0]
    assert (result.tariff, result.fund_share, result.patient_share) == (D("90.00"), D("63.00"), D("27.00"))


def test_valuation_rate_by_care_type_sector_and_long_term_condition() -> None:
    assert coverage_rate(CNOPS, CareType.OUTPATIENT, Sector.PRIVATE, LineKind.ACT, False) == D("0.80")
    assert coverage_rate(CNOPS, CareType.INPATIENT, Sector.PRIVATE, LineKind.ACT, False) == D("0.90")
    assert coverage_rate(CNOPS, CareType.INPATIENT, Sector.PUBLIC, LineKind.ACT, False) == D("1.00")
    assert coverage_rate(CNOPS, CareType.PHARMACY, Sector.PRIVATE, LineKind.DRUG, False) == D("0.70")
    assert coverage_rate(CNOPS, CareType.INPATIENT, Sector.PRIVATE, LineKind.DRUG, False) == D("0.90")
    assert coverage_rate(CNSS, CareType.OUTPATIENT, Sector.PRIVATE, LineKind.ACT, True) == D("0.95")
    assert coverage_rate(CNSS, CareType.INPATIENT, Sector.PUBLIC, LineKind.ACT, False) == D("0.90")
    assert coverage_rate(CNASS, CareType.OUTPATIENT, Sector.PRIVATE, LineKind.ACT, False) is None


def test_yearly_ceiling_cuts_the_fund_share() -> None:
    assert apply_ceiling(D("280.00"), D("700.00"), D("800"), "optics", 2026, "MAD")[0] == D("100.00")
    assert apply_ceiling(D("280.00"), D("900.00"), D("800"), "optics", 2026, "MAD")[0] == D(0)
    assert apply_ceiling(D("80.00"), D("700.00"), D("800"), "optics", 2026, "MAD")[1] is None
    # The cap is quantized to the cent, rounding down so the fund never pays above the ceiling.
    assert str(apply_ceiling(D("900.00"), D("0"), D("800"), "optics", 2026, "MAD")[0]) == "800.00"
    assert str(apply_ceiling(D("900.00"), D("0.005"), D("800"), "optics", 2026, "MAD")[0]) == "799.99"


def test_yearly_ceiling_counts_earlier_lines_and_files_of_the_batch() -> None:
    glasses = line("LENS", "300", kind=LineKind.DEVICE)
    first = snapshot(glasses, line("LENS", "300", kind=LineKind.DEVICE), claim_id="O-1")  # 210 + 210
    later = line("LENS", "300", kind=LineKind.DEVICE, service_date=SERVICE + timedelta(days=1))
    second = snapshot(later, claim_id="O-2", received_on=SERVICE + timedelta(days=20))
    one, two = adjudicate_batch([first, second], CNSS_REF)
    assert [d.fund_share for d in one.lines] == [D("210.00"), D("210.00")]
    assert two.lines[0].fund_share == D("210.00")  # 630 of 800
    history = (
        HistoryLine(
            claim_id="H", code="LENS", service_date=date(2026, 1, 5), facility_id="F", fund_share=D(700)
        ),
    )
    capped = adjudicate(replace(second, history=history), CNSS_REF).lines[0]
    assert capped.fund_share == D("100.00") and capped.status is LineStatus.REDUCED


def test_medical_review_over_the_amount_limit() -> None:
    limit = reference("CNOPS", medical_review_limit=D("100"))
    decision = adjudicate(snapshot(line("CS", "150")), limit)
    assert decision.routing is Routing.MEDICAL_REVIEW and decision.status.value == "accepted"
    assert decision.findings[0].code is Reason.AMOUNT_OVER_REVIEW_LIMIT


def test_medical_review_anomaly_flags() -> None:
    decision = adjudicate(snapshot(anomaly_flags=("same_sheet_twice",)), CNOPS_REF)
    assert decision.routing is Routing.MEDICAL_REVIEW
    assert decision.findings[0].param("flags") == "same_sheet_twice"


def test_medical_review_sample_is_seeded_and_stable() -> None:
    sampled = reference("CNOPS", review_sample_rate=D("0.25"), review_seed="2026-Q1")
    ids = [f"CL{n:05d}" for n in range(4000)]

    def picks(ref: ReferenceSnapshot) -> set[str]:
        decisions = [adjudicate(snapshot(claim_id=i), ref) for i in ids]
        return {d.claim_id for d in decisions if d.routing is Routing.MEDICAL_REVIEW}

    first = picks(sampled)
    assert first == picks(sampled)
    assert 850 < len(first) < 1150  # about 25 %
    reseeded = picks(reference("CNOPS", review_sample_rate=D("0.25"), review_seed="2026-Q2"))
    assert reseeded != first


def test_medical_review_sample_edges() -> None:
    every = reference("CNOPS", review_sample_rate=D(1))
    assert all(
        check_sample(f"C{n}", every.profile.sample_salt, every.profile.sample_threshold, D(1))
        for n in range(200)
    )
    assert CNOPS.sample_threshold is None
    assert sample_draw("C1", b"a") == sample_draw("C1", b"a") != sample_draw("C1", b"b")


def test_routing_administrative_check_comes_before_the_medical_review() -> None:
    file = snapshot(line("CS", "600"), documents=frozenset({"invoice"}))
    decision = adjudicate(file, CNOPS_REF)
    assert decision.routing is Routing.ADMINISTRATIVE_CHECK
    assert set(decision.reasons()) >= {Reason.OVERBILLING_ANOMALY, Reason.DOCUMENTS_MISSING}


def test_routing_rejected_file_is_not_sampled_or_reviewed() -> None:
    everything = reference("CNOPS", review_sample_rate=D(1), medical_review_limit=D(1))
    decision = adjudicate(snapshot(beneficiary=member(rights=())), everything)
    assert decision.routing is Routing.REJECT and decision.findings == ()


def test_routing_channel_direct_billing_file_totals() -> None:
    file = snapshot(line("C"), line("Z15", "200"), channel=Channel.DIRECT_BILLING)
    decision = adjudicate(file, CNOPS_REF)
    assert decision.billed == D("280.00")
    assert decision.fund_share == sum((d.fund_share for d in decision.lines), D(0))
    assert decision.fund_share + decision.patient_share == decision.billed
