"""Benchmark of the adjudication engine alone, on synthetic in-memory snapshots of 3 lines each.

The reference enables every rule (time bar, documents, rights with dependants, agreement and direct
billing, package, facility kind and level, age and sex, frequency, prior approval, duplicates with history,
across the batch and with files still being processed, pyramid penalty, valuation, yearly ceilings,
threshold, protocol, overbilling, review limit, random sample). Inputs are built before the clock starts;
the clock covers ``adjudicate_batch`` over all files, decisions included.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from sanad.adjudication.codes import CareType, Channel, LineKind, Relationship, Sector, Sex
from sanad.adjudication.collector import collector_paused
from sanad.adjudication.engine import adjudicate_batch
from sanad.adjudication.inputs import (
    Beneficiary,
    Certificate,
    ClaimLine,
    ClaimSnapshot,
    Facility,
    HistoryLine,
    LongTermCondition,
    PendingLine,
    Period,
    PriorAuthorization,
    Referral,
)
from sanad.adjudication.reference import (
    ActRef,
    DeviceRef,
    DrugRef,
    KeyLetterValue,
    PackageEntry,
    ProfileRules,
    Protocol,
    ReferenceSnapshot,
)

Metric = tuple[str, float, str]
D = Decimal
START = date(2025, 1, 1)
DOCS = frozenset({"care_sheet", "invoice", "prescription", "results"})
_A, _D, _M = LineKind.ACT, LineKind.DRUG, LineKind.DEVICE
_MIXES = [(_A, _A, _A), (_A, _A, _D), (_A, _D, _D), (_A, _A, _M)]


def _profile() -> ProfileRules:
    rates = {}
    for care in CareType:
        rates[(care, Sector.PUBLIC)] = D("1.00")
        rates[(care, Sector.PRIVATE)] = D("0.90") if care is CareType.INPATIENT else D("0.80")
        rates[(care, Sector.NON_PROFIT)] = D("0.90")
    return ProfileRules(
        fund="BENCH",
        currency="MAD",
        time_bar_months=3,
        coverage_rates=rates,
        drug_rate=D("0.70"),
        long_term_rate=D("1.00"),
        direct_billing_threshold=D("200"),
        agreement_required=True,
        pyramid_entry_level=2,
        pyramid_penalty_rate=D("0.20"),
        medical_review_limit=D("50000"),
        review_sample_rate=D("0.02"),
        review_seed="bench",
        overbilling_factor=D("5"),
        prior_approval_categories=frozenset({"device", "surgery"}),
        emergency_grace_days=3,
        required_documents={care: frozenset({"care_sheet", "invoice"}) for care in CareType},
        documents_by_kind={LineKind.DRUG: frozenset({"prescription"})},
        documents_by_category={"lab": frozenset({"results"}), "imaging": frozenset({"results"})},
        spouse_certificates=frozenset({"no_profession"}),
        yearly_ceilings={"device": D("8000"), "dental": D("6000")},
    )


def build_reference() -> ReferenceSnapshot:
    """A catalogue of 300 acts, 200 drugs and 30 devices with a mix of constraints."""
    rng = random.Random(7)
    letters = {"C": D("80"), "CS": D("150"), "V": D("120"), "KC": D("22.50"), "Z": D("10"), "B": D("1.10")}
    key_letters = [KeyLetterValue(k, v, date(2020, 1, 1)) for k, v in letters.items()]
    categories = ["consultation", "lab", "imaging", "surgery", "dental", "care"]
    acts = []
    for i in range(300):
        letter = rng.choice(list(letters))
        category = rng.choice(categories)
        acts.append(
            ActRef(
                code=f"A{i:03d}",
                valid_from=date(2020, 1, 1),
                key_letter=letter,
                coefficient=D(rng.choice([1, 2, 5, 10, 30, 50, 120])),
                category=category,
                min_age=rng.choice([None, None, None, 0, 16]),
                max_age=rng.choice([None, None, None, 15]) if i % 7 == 0 else None,
                sex=Sex.FEMALE if i % 23 == 0 else None,
                facility_kinds=frozenset({"hospital", "clinic"}) if i % 11 == 0 else None,
                min_level=2 if i % 13 == 0 else None,
                max_per_day=1 if category == "consultation" else None,
                max_per_period=2 if category == "dental" else None,
                period_days=365 if category == "dental" else None,
            )
        )
    drugs = [
        DrugRef(
            code=f"D{i:03d}",
            valid_from=date(2020, 1, 1),
            base_price=D(rng.randint(1000, 90000)) / 100,
            category="drug",
            needs_prior_approval=i % 50 == 0,
        )
        for i in range(200)
    ]
    devices = [
        DeviceRef(
            code=f"M{i:02d}", valid_from=date(2020, 1, 1), price=D(rng.randint(200, 2500)), category="device"
        )
        for i in range(30)
    ]
    package = [PackageEntry(r.code, date(2020, 1, 1)) for r in (*acts, *drugs, *devices) if r.code != "A299"]
    everything = frozenset(r.code for r in (*acts, *drugs, *devices))
    protocols = [Protocol("E11", everything - {"A001", "A002", "A003"})]
    return ReferenceSnapshot.build(
        _profile(),
        acts=acts,
        drugs=drugs,
        devices=devices,
        key_letters=key_letters,
        package=package,
        protocols=protocols,
    )


def _unit_price(reference: ReferenceSnapshot, code: str) -> Decimal:
    item = reference.items[code][0]
    if isinstance(item, ActRef) and item.key_letter is not None:
        return reference.key_letters[item.key_letter][0].value * (item.coefficient or 1)
    assert item.fixed_price is not None
    return item.fixed_price


def build_snapshots(reference: ReferenceSnapshot, count: int, seed: int = 11) -> list[ClaimSnapshot]:
    """``count`` files of 3 lines each, deterministic for a seed.

    The mix resembles a fund's intake: most lines billed at the tariff, some above it, a few percent of
    files late, incomplete, outside rights or agreements, duplicated, over a limit or sampled.
    """
    rng = random.Random(seed)
    facilities = []
    for i in range(60):
        facilities.append(
            Facility(
                id=f"F{i}",
                kind=rng.choice(["health_centre", "hospital", "hospital", "clinic"]),
                sector=rng.choice(list(Sector)),
                level=1 + i % 4,
                agreements=(Period(date(2020, 1, 1), None if i % 29 else date(2025, 6, 30)),),
                direct_billing=(Period(date(2020, 1, 1)),) if i % 31 else (),
            )
        )
    plain = {LineKind.ACT: [], LineKind.DRUG: [], LineKind.DEVICE: []}  # type: dict[LineKind, list[str]]
    for code, rows in reference.items.items():
        item = rows[0]
        if item.sex is None and item.min_age is None and item.max_age is None and item.facility_kinds is None:
            plain[item.kind].append(code)
    prices = {code: _unit_price(reference, code) for codes in plain.values() for code in codes}
    snapshots: list[ClaimSnapshot] = []
    for n in range(count):
        relationship = rng.choice([Relationship.MEMBER] * 3 + [Relationship.SPOUSE, Relationship.CHILD] * 2)
        age = rng.randint(0, 20) if relationship is Relationship.CHILD else rng.randint(22, 80)
        if relationship is Relationship.CHILD and n % 10 == 0:
            age = rng.randint(21, 25)
        service = START + timedelta(days=rng.randint(0, 360))
        certificates = []
        if relationship is Relationship.SPOUSE and n % 50:
            certificates.append(Certificate("no_profession", date(2020, 1, 1)))
        if relationship is Relationship.CHILD and n % 37:
            certificates += [
                Certificate("school", date(2024, 9, 1)),
                Certificate("unmarried", date(2024, 1, 1)),
            ]
        beneficiary = Beneficiary(
            id=f"B{n % (count // 2 + 1)}",
            birth_date=service - timedelta(days=365 * age + rng.randint(0, 300)),
            sex=rng.choice(list(Sex)),
            relationship=relationship,
            rights=(Period(date(2020, 1, 1), None if n % 40 else date(2024, 12, 31)),),
            certificates=tuple(certificates),
            long_term_conditions=(LongTermCondition("E11", date(2020, 1, 1)),) if n % 8 == 0 else (),
        )
        lines = []
        codes = []
        for kind in rng.choice(_MIXES):
            code = rng.choice(plain[kind])
            codes.append(code)
            quantity = 1 if rng.random() < 0.8 else 2
            billed = prices[code] * quantity
            draw = rng.random()
            if draw < 0.12:
                billed = billed * D(rng.choice(["1.1", "1.25", "1.5"]))
            elif draw < 0.2:
                billed = billed * D("0.9")
            lines.append(
                ClaimLine(
                    code=code,
                    kind=kind,
                    service_date=service,
                    billed=billed.quantize(D("0.01")),
                    quantity=quantity,
                )
            )
        history: tuple[HistoryLine, ...] = ()
        if n % 4 == 0:
            history = (
                HistoryLine(
                    claim_id=f"H{n}",
                    code=rng.choice(codes) if n % 40 == 0 else rng.choice(plain[LineKind.ACT]),
                    service_date=service - timedelta(days=rng.choice([0, 30, 200])),
                    facility_id=f"F{rng.randrange(60)}",
                    fund_share=D("150.00"),
                ),
            )
        pending: tuple[PendingLine, ...] = ()
        if n % 8 == 2:  # another file of the person still being processed; a copy when the facility matches
            pending = (
                PendingLine(claim_id=f"Q{n}", code=codes[0], service_date=service, facility_id=f"F{n % 60}"),
            )
        authorizations: tuple[PriorAuthorization, ...] = ()
        if n % 17:
            authorizations = (
                PriorAuthorization(
                    id=f"P{n}",
                    codes=frozenset(codes),
                    granted=6,
                    consumed=rng.choice([0, 0, 0, 2, 5]),
                    valid_from=service - timedelta(days=10),
                    valid_to=service + timedelta(days=80),
                ),
            )
        if n % 97 == 96:  # the same file sent twice in the batch under another number
            snapshots.append(replace(snapshots[-1], claim_id=f"C{n:07d}"))
            continue
        snapshots.append(
            ClaimSnapshot(
                claim_id=f"C{n:07d}",
                batch_id=f"L{n // 30}",
                care_type=rng.choice([CareType.OUTPATIENT] * 3 + [CareType.INPATIENT, CareType.PHARMACY]),
                channel=Channel.DIRECT_BILLING if n % 5 else Channel.REIMBURSEMENT,
                beneficiary=beneficiary,
                facility=rng.choice(facilities),
                lines=tuple(lines),
                received_on=service + timedelta(days=rng.randint(1, 60) if n % 30 else rng.randint(80, 120)),
                documents=DOCS if n % 43 else frozenset({"care_sheet"}),
                diagnosis=rng.choice([None, None, None, "E11", "J45"]),
                referral=Referral(service - timedelta(days=5), 4) if n % 7 else None,
                authorizations=authorizations,
                history=history,
                pending=pending,
                emergency=n % 50 == 0,
                anomaly_flags=("score",) if n % 200 == 0 else (),
            )
        )
    return snapshots


def run_engine(scale: float) -> Iterator[Metric]:
    """Yield ``lines_per_s`` and ``files_per_s`` for ~``scale`` × 100,000 files of 3 lines each."""
    reference = build_reference()
    snapshots = build_snapshots(reference, max(1, int(scale * 100_000)))
    line_count = sum(len(s.lines) for s in snapshots)
    # As the claims runner runs the engine: the prebuilt inputs frozen, the collector paused.
    with collector_paused():
        started = time.perf_counter()
        files = 0
        for _decision in adjudicate_batch(snapshots, reference):
            files += 1
        elapsed = time.perf_counter() - started
    yield ("lines_per_s", round(line_count / elapsed, 1), "lines/s")
    yield ("files_per_s", round(files / elapsed, 1), "files/s")


BENCHES: dict[str, Callable[[float], Iterator[Metric]]] = {"engine": run_engine}
