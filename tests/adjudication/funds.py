"""Test fixtures: the three funds' rules as the engine sees them, a small dated catalogue, and builders.

Public figures (Morocco): national reference tariff key letters C 80, Cs 150, V 120, Kc 22.50, Z 10,
P 1.10 MAD; CNOPS 80 % outpatient, 90 % inpatient, 100 % public hospitals, 70 % drugs, direct billing from
200 MAD, 3-month time bar; CNSS 70 %, 90 % public hospital, 95 % long-term conditions. CNASS (Mauritania)
figures in MRU are plausible values chosen for the tests, not published ones.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sanad.adjudication import (
    ActRef,
    Beneficiary,
    CareType,
    Channel,
    ClaimLine,
    ClaimSnapshot,
    DeviceRef,
    DrugRef,
    Facility,
    KeyLetterValue,
    LineKind,
    PackageEntry,
    Period,
    ProfileRules,
    Protocol,
    ReferenceSnapshot,
    Relationship,
    Sector,
    Sex,
)

D = Decimal
EPOCH = date(2020, 1, 1)
SERVICE = date(2026, 3, 2)
MOROCCO = "MA"
MAURITANIA = "MR"


def _rates(public: str, private: str, non_profit: str, **by_care: tuple[str, str, str]) -> dict[Any, Decimal]:
    rates: dict[Any, Decimal] = {}
    for care in CareType:
        pub, priv, np = by_care.get(care.value, (public, private, non_profit))
        rates[(care, Sector.PUBLIC)] = D(pub)
        rates[(care, Sector.PRIVATE)] = D(priv)
        rates[(care, Sector.NON_PROFIT)] = D(np)
    return rates


CNOPS = ProfileRules(
    fund="CNOPS",
    currency="MAD",
    time_bar_months=3,
    coverage_rates=_rates(
        "1.00", "0.80", "0.80", inpatient=("1.00", "0.90", "0.90"), day_hospital=("1.00", "0.90", "0.90")
    ),
    drug_rate=D("0.70"),
    long_term_rate=D("1.00"),
    direct_billing_threshold=D("200"),
    medical_review_limit=D("50000"),
    overbilling_factor=D("3"),
    prior_approval_categories=frozenset({"surgery", "dialysis", "oncology", "prosthesis"}),
    emergency_grace_days=3,
    required_documents={
        CareType.OUTPATIENT: frozenset({"care_sheet", "invoice"}),
        CareType.INPATIENT: frozenset({"care_sheet", "invoice", "hospital_report"}),
        CareType.DAY_HOSPITAL: frozenset({"care_sheet", "invoice"}),
        CareType.PHARMACY: frozenset({"invoice", "prescription"}),
    },
    documents_by_kind={LineKind.DRUG: frozenset({"prescription"})},
    documents_by_category={"lab": frozenset({"results"}), "imaging": frozenset({"results"})},
    spouse_certificates=frozenset({"no_profession"}),
)

CNSS = ProfileRules(
    fund="CNSS",
    currency="MAD",
    time_bar_months=3,
    coverage_rates=_rates("0.90", "0.70", "0.70"),
    drug_rate=D("0.70"),
    long_term_rate=D("0.95"),
    medical_review_limit=D("30000"),
    prior_approval_categories=frozenset({"prosthesis", "orthosis", "device", "implant", "orthodontics"}),
    required_documents={
        CareType.OUTPATIENT: frozenset({"care_sheet"}),
        CareType.INPATIENT: frozenset({"care_sheet", "invoice"}),
        CareType.DAY_HOSPITAL: frozenset({"care_sheet", "invoice"}),
        CareType.PHARMACY: frozenset({"care_sheet", "prescription"}),
    },
    yearly_ceilings={"optics": D("800")},
)

CNASS = ProfileRules(
    fund="CNASS",
    currency="MRU",
    time_bar_months=6,
    coverage_rates={
        (care, sector): D("0.90") for care in CareType for sector in (Sector.PUBLIC, Sector.NON_PROFIT)
    },
    drug_rate=D("0.90"),
    long_term_rate=D("1.00"),
    agreement_required=True,
    pyramid_entry_level=2,
    pyramid_penalty_rate=D("0.20"),
    medical_review_limit=D("100000"),
    prior_approval_categories=frozenset({"surgery", "prosthesis"}),
    required_documents={care: frozenset({"care_sheet", "invoice"}) for care in CareType},
    yearly_ceilings={"prosthesis": D("150000")},
)

PROFILES = {"CNOPS": CNOPS, "CNSS": CNSS, "CNASS": CNASS}
ALL_DOCUMENTS = frozenset({"care_sheet", "invoice", "prescription", "results", "hospital_report"})

_KEY_LETTERS = {
    MOROCCO: [
        KeyLetterValue("C", D("80"), EPOCH),
        KeyLetterValue("CS", D("150"), EPOCH),
        KeyLetterValue("V", D("120"), EPOCH),
        KeyLetterValue("KC", D("22.50"), EPOCH),
        KeyLetterValue("Z", D("10"), EPOCH),
        KeyLetterValue("P", D("1.10"), EPOCH),
    ],
    MAURITANIA: [
        KeyLetterValue("C", D("200"), EPOCH, date(2025, 12, 31)),
        KeyLetterValue("C", D("250"), date(2026, 1, 1)),
        KeyLetterValue("CS", D("400"), EPOCH),
        KeyLetterValue("V", D("300"), EPOCH),
        KeyLetterValue("KC", D("50"), EPOCH),
        KeyLetterValue("Z", D("20"), EPOCH),
        KeyLetterValue("P", D("4"), EPOCH),
    ],
}
# Package prices and drug/device prices: (MAD, MRU).
_PRICES = {
    "DIAL": ("850", "6000"),
    "DENT": ("200", "1000"),
    "ODF": ("3000", "20000"),
    "COSM": ("5000", "40000"),
    "AMOX": ("45", "150"),
    "ONCO": ("12000", "90000"),
    "OLD": ("30", "100"),
    "PROTH": ("15000", "120000"),
    "GLASSES": ("400", "3000"),
    "LENS": ("300", "2000"),
}


def catalogue(country: str) -> dict[str, Any]:
    """The test catalogue (same codes in both countries, prices in the country's currency)."""
    i = 0 if country == MOROCCO else 1

    def price(code: str) -> Decimal:
        return D(_PRICES[code][i])

    def act(code: str, letter: str | None, coefficient: int | None, category: str, **rules: Any) -> ActRef:
        if letter is None:
            return ActRef(code=code, valid_from=EPOCH, package_price=price(code), category=category, **rules)
        coef = None if coefficient is None else D(coefficient)
        return ActRef(
            code=code, valid_from=EPOCH, key_letter=letter, coefficient=coef, category=category, **rules
        )

    hospitals = frozenset({"hospital", "clinic"})
    acts = [
        act("C", "C", 1, "consultation", max_per_day=1),
        act("CS", "CS", 1, "consultation", max_per_day=1),
        act("V", "V", 1, "consultation"),
        act("KC50", "KC", 50, "surgery", facility_kinds=hospitals, min_level=3),
        act("Z15", "Z", 15, "imaging"),
        act("SCAN", "Z", 50, "imaging", min_level=3),
        act("LAB", "P", None, "lab"),
        act("ECHO-OB", "Z", 40, "imaging", sex=Sex.FEMALE, min_age=12, max_age=55),
        act("PED", "CS", 1, "consultation", max_age=15),
        act("DIAL", None, None, "dialysis", facility_kinds=frozenset({"hospital", "dialysis_centre"}),
            max_per_period=3, period_days=7),
        act("DENT", None, None, "dental", max_per_period=1, period_days=180),
        act("ODF", None, None, "orthodontics"),
        act("COSM", None, None, "cosmetic"),
    ]  # fmt: skip
    drugs = [
        DrugRef(code="AMOX", valid_from=EPOCH, base_price=price("AMOX"), category="drug"),
        DrugRef(
            code="ONCO", valid_from=EPOCH, base_price=price("ONCO"), category="oncology",
            needs_prior_approval=True, flags=frozenset({"costly"}),
        ),
        DrugRef(code="OLD", valid_from=EPOCH, base_price=price("OLD"), category="drug"),
    ]  # fmt: skip
    devices = [
        DeviceRef(code="PROTH", valid_from=EPOCH, price=price("PROTH"), category="prosthesis"),
        DeviceRef(
            code="GLASSES", valid_from=EPOCH, price=price("GLASSES"), category="optics",
            max_per_period=1, period_days=730,
        ),
        DeviceRef(code="LENS", valid_from=EPOCH, price=price("LENS"), category="optics"),
    ]  # fmt: skip
    package = [
        PackageEntry(r.code, EPOCH) for r in (*acts, *drugs, *devices) if r.code not in ("COSM", "OLD")
    ]
    package.append(PackageEntry("OLD", EPOCH, date(2025, 12, 31)))
    protocols = [
        Protocol("N18", frozenset({"DIAL", "LAB", "C", "CS"})),
        Protocol("E11", frozenset({"C", "CS", "LAB", "AMOX"})),
    ]
    return {
        "acts": acts,
        "drugs": drugs,
        "devices": devices,
        "key_letters": _KEY_LETTERS[country],
        "package": package,
        "protocols": protocols,
    }


def reference(profile: ProfileRules | str, **profile_changes: Any) -> ReferenceSnapshot:
    """The test reference for a fund (by name or profile), with optional changes to its rules."""
    rules = PROFILES[profile] if isinstance(profile, str) else profile
    if profile_changes:
        rules = replace(rules, **profile_changes)
    country = MAURITANIA if rules.currency == "MRU" else MOROCCO
    return ReferenceSnapshot.build(rules, **catalogue(country))


def birth_for_age(age: int, day: date = SERVICE) -> date:
    """A birth date giving ``age`` whole years on ``day`` (the birthday was the day before)."""
    try:
        birthday = day.replace(year=day.year - age)
    except ValueError:  # 29 February
        birthday = day.replace(year=day.year - age, day=28)
    return birthday - timedelta(days=1)


def member(**changes: Any) -> Beneficiary:
    base = Beneficiary(
        id="B1",
        birth_date=birth_for_age(40),
        sex=Sex.MALE,
        relationship=Relationship.MEMBER,
        rights=(Period(EPOCH),),
    )
    return replace(base, **changes)


def facility(**changes: Any) -> Facility:
    base = Facility(
        id="F1",
        kind="clinic",
        sector=Sector.PRIVATE,
        level=3,
        agreements=(Period(EPOCH),),
        direct_billing=(Period(EPOCH),),
    )
    return replace(base, **changes)


def line(code: str = "C", billed: str = "80", **changes: Any) -> ClaimLine:
    kind = changes.pop("kind", LineKind.ACT)
    return ClaimLine(
        code=code, kind=kind, service_date=changes.pop("service_date", SERVICE), billed=D(billed), **changes
    )


def snapshot(*lines: ClaimLine, **changes: Any) -> ClaimSnapshot:
    """A CNOPS-like outpatient file sent for reimbursement, complete and in time, one C consultation."""
    base = ClaimSnapshot(
        claim_id="CL1",
        care_type=CareType.OUTPATIENT,
        channel=Channel.REIMBURSEMENT,
        beneficiary=member(),
        facility=facility(),
        lines=lines or (line(),),
        received_on=SERVICE + timedelta(days=18),
        documents=ALL_DOCUMENTS,
    )
    return replace(base, **changes)
