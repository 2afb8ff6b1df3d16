"""Hypothesis properties of the engine over random files for the three funds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sanad.adjudication import (
    Beneficiary,
    CareType,
    Certificate,
    Channel,
    ClaimLine,
    ClaimSnapshot,
    Facility,
    HistoryLine,
    LineDecision,
    LineKind,
    LineStatus,
    LongTermCondition,
    Period,
    PriorAuthorization,
    ReferenceSnapshot,
    Referral,
    Relationship,
    Sector,
    Sex,
    adjudicate,
    adjudicate_batch,
)

from .funds import ALL_DOCUMENTS, EPOCH, reference

REFERENCES = {name: reference(name) for name in ("CNOPS", "CNSS", "CNASS")}
REFERENCES["CNOPS-sampled"] = reference("CNOPS", review_sample_rate=Decimal("0.2"), review_seed="p")
CODES = {
    LineKind.ACT: [
        "C",
        "CS",
        "V",
        "KC50",
        "Z15",
        "SCAN",
        "LAB",
        "ECHO-OB",
        "PED",
        "DIAL",
        "DENT",
        "ODF",
        "COSM",
        "XX",
    ],
    LineKind.DRUG: ["AMOX", "ONCO", "OLD"],
    LineKind.DEVICE: ["PROTH", "GLASSES", "LENS"],
}
DAY2 = timedelta(days=2)
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
AMOUNTS = st.decimals(min_value=0, max_value=200_000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def lines(draw: st.DrawFn, day: date) -> ClaimLine:
    kind = draw(st.sampled_from(list(LineKind)))
    return ClaimLine(
        code=draw(st.sampled_from(CODES[kind])),
        kind=kind,
        service_date=day + timedelta(days=draw(st.integers(0, 3))),
        billed=draw(AMOUNTS),
        quantity=draw(st.integers(1, 4)),
        coefficient=draw(st.sampled_from([None, None, None, Decimal(1), Decimal(60), Decimal("120.5")])),
    )


@st.composite
def snapshots(draw: st.DrawFn) -> ClaimSnapshot:
    day = draw(DAYS)
    codes = [c for group in CODES.values() for c in group]
    beneficiary = Beneficiary(
        id=draw(st.sampled_from(["B1", "B2"])),
        birth_date=day - timedelta(days=draw(st.integers(0, 90 * 365))),
        sex=draw(st.sampled_from(list(Sex))),
        relationship=draw(st.sampled_from([Relationship.MEMBER] * 3 + list(Relationship))),
        rights=draw(
            st.sampled_from([(Period(EPOCH),)] * 6 + [(), (Period(EPOCH, day),), (Period(day + DAY2),)])
        ),
        certificates=tuple(
            Certificate(kind, EPOCH)
            for kind in draw(
                st.sets(st.sampled_from(["school", "unmarried", "medical_control", "no_profession"]))
            )
        ),
        long_term_conditions=draw(st.sampled_from([(), (LongTermCondition("E11", EPOCH),)])),
        disabled=draw(st.booleans()),
    )
    facility = Facility(
        id=draw(st.sampled_from(["F1", "F2"])),
        kind=draw(st.sampled_from(["clinic", "hospital", "health_centre", "dialysis_centre", "pharmacy"])),
        sector=draw(st.sampled_from(list(Sector))),
        level=draw(st.integers(1, 4)),
        agreements=draw(st.sampled_from([(Period(EPOCH),)] * 4 + [()])),
        direct_billing=draw(st.sampled_from([(Period(EPOCH),)] * 4 + [()])),
    )
    history = tuple(
        HistoryLine(
            claim_id=f"H{n}",
            code=draw(st.sampled_from(codes)),
            service_date=day - timedelta(days=draw(st.integers(0, 400))),
            facility_id=draw(st.sampled_from(["F1", "F2"])),
            quantity=draw(st.integers(1, 3)),
            fund_share=draw(st.decimals(min_value=0, max_value=5000, places=2)),
        )
        for n in range(draw(st.integers(0, 3)))
    )
    authorizations = tuple(
        PriorAuthorization(
            id=f"PA{n}",
            codes=frozenset(draw(st.sets(st.sampled_from(codes), min_size=1, max_size=4))),
            granted=draw(st.integers(0, 5)),
            consumed=draw(st.integers(0, 5)),
            valid_from=day - timedelta(days=draw(st.integers(-5, 30))),
            valid_to=day + timedelta(days=draw(st.integers(-5, 60))),
        )
        for n in range(draw(st.integers(0, 2)))
    )
    return ClaimSnapshot(
        claim_id=draw(st.sampled_from(["CL1", "CL2", "CL3"])),
        care_type=draw(st.sampled_from(list(CareType))),
        channel=draw(st.sampled_from(list(Channel))),
        beneficiary=beneficiary,
        facility=facility,
        lines=tuple(draw(st.lists(lines(day), max_size=5))),
        received_on=day + timedelta(days=draw(st.integers(0, 60) | st.integers(0, 250))),
        documents=draw(st.sampled_from([ALL_DOCUMENTS] * 4 + [frozenset(), frozenset({"invoice"})])),
        discharge_date=draw(st.none() | st.just(day + timedelta(days=3))),
        diagnosis=draw(st.sampled_from([None, "E11", "N18", "J45"])),
        referral=draw(st.none() | st.just(Referral(day - timedelta(days=3), 4))),
        authorizations=authorizations,
        history=history,
        emergency=draw(st.booleans()),
        anomaly_flags=draw(st.sampled_from([(), ("score",)])),
    )


FILES = st.lists(snapshots(), min_size=1, max_size=4)
FUNDS = st.sampled_from(sorted(REFERENCES))


def _check(decision_lines: Iterable[LineDecision], reference: ReferenceSnapshot) -> None:
    quantum = reference.profile.quantum.as_tuple().exponent
    for line in decision_lines:
        amounts = (line.billed, line.tariff, line.base, line.fund_share, line.patient_share, line.penalty)
        assert all(a >= 0 for a in amounts), line
        assert line.rate >= 0
        assert line.fund_share + line.patient_share == line.billed, line
        assert all(a.as_tuple().exponent == quantum for a in amounts), line
        assert line.fund_share <= line.base <= line.billed
        if line.status is not LineStatus.ACCEPTED:
            assert line.findings, line


@settings(max_examples=300, deadline=None)
@given(files=FILES, fund=FUNDS)
def test_it_keeps_shares_adding_up_and_never_negative(files: list[ClaimSnapshot], fund: str) -> None:
    ref = REFERENCES[fund]
    for decision in adjudicate_batch(files, ref):
        _check(decision.lines, ref)
        assert decision.fund_share + decision.patient_share == decision.billed
        assert decision.fund_share == sum((line.fund_share for line in decision.lines), Decimal(0))
        assert decision.billed >= 0 and decision.patient_share >= 0 and decision.penalty >= 0


@settings(max_examples=200, deadline=None)
@given(file=snapshots(), fund=FUNDS)
def test_it_explains_every_line_it_does_not_accept(file: ClaimSnapshot, fund: str) -> None:
    decision = adjudicate(file, REFERENCES[fund])
    for line in decision.lines:
        if line.status is not LineStatus.ACCEPTED:
            assert line.findings
    if decision.routing.value != "auto_approve":
        assert decision.reasons()


@settings(max_examples=200, deadline=None)
@given(files=FILES, fund=FUNDS)
def test_it_gives_the_same_decision_for_the_same_input(files: list[ClaimSnapshot], fund: str) -> None:
    ref = REFERENCES[fund]
    assert list(adjudicate_batch(files, ref)) == list(adjudicate_batch(list(files), ref))
    assert [adjudicate(f, ref) for f in files] == [adjudicate(f, ref) for f in files]
