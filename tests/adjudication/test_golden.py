"""The golden table: ``golden_cases.csv``, one case per row, readable in a spreadsheet.

How a row becomes a billing file:
- the file has ``lines`` identical lines (code, kind, coefficient — empty: the nomenclature's —,
  quantity, billed amount, service date); expectations are about the last line and the whole file;
- ``batch_copies`` > 1 hands the same file in that many times in one batch; expectations are about the
  last copy;
- facility: ``sector``, ``facility_kind``, ``level`` (1 health post … 4 national/university hospital),
  ``agreement`` and ``direct_billing`` access open since 2020 (yes) or never (no);
- beneficiary: ``relationship``, ``age`` on the service date, ``sex``, ``disabled``, ``certificates``
  (space-separated, valid since 2020), ``rights`` open (since 2020), closed (ended 2025-12-31) or future
  (open the day after the care); ``long_term`` yes gives them the file's ``diagnosis`` as a long-term
  condition;
- ``documents``: complete, or the space-separated list of documents present;
- ``referral``: none, valid (issued 5 days before, to level 4) or expired;
- ``authorization``: empty, or "<valid|expired|other_code|later+N> granted/consumed" (valid: from 10 days
  before to 60 days after the care; later+N: valid from N days after the care);
- ``history``: lines already paid, "CODE@OFFSET" (days from the care; 0 = same day), ":same" for the
  same facility, "$AMOUNT" for the fund share paid;
- ``expect_reasons``: every reason code of the file and its lines, space-separated (empty: none).
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from sanad.adjudication import (
    Beneficiary,
    CareType,
    Certificate,
    Channel,
    ClaimLine,
    ClaimSnapshot,
    Decision,
    Facility,
    HistoryLine,
    LineKind,
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

from .funds import ALL_DOCUMENTS, EPOCH, birth_for_age, reference

CASES_FILE = Path(__file__).with_name("golden_cases.csv")
with CASES_FILE.open(encoding="utf-8", newline="") as handle:
    CASES = list(csv.DictReader(handle))


@cache
def _reference(profile: str) -> ReferenceSnapshot:
    return reference(profile)


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "oui", "true", "1"}


def _authorization(text: str, code: str, day: date) -> tuple[PriorAuthorization, ...]:
    if not text:
        return ()
    kind, counts = text.split()
    granted, consumed = (int(n) for n in counts.split("/"))
    codes = frozenset({code})
    valid_from, valid_to = day - timedelta(days=10), day + timedelta(days=60)
    if kind == "expired":
        valid_from, valid_to = day - timedelta(days=100), day - timedelta(days=10)
    elif kind == "other_code":
        codes = frozenset({"OTHER"})
    elif kind.startswith("later+"):
        valid_from = day + timedelta(days=int(kind.removeprefix("later+")))
    elif kind != "valid":
        raise ValueError(f"unknown authorization {text!r}")
    return (
        PriorAuthorization(
            id="PA1",
            codes=codes,
            granted=granted,
            consumed=consumed,
            valid_from=valid_from,
            valid_to=valid_to,
        ),
    )


def _history(text: str, day: date, facility_id: str) -> tuple[HistoryLine, ...]:
    out = []
    for n, entry in enumerate(text.split(), start=1):
        amount = Decimal(0)
        if "$" in entry:
            entry, money = entry.split("$")
            amount = Decimal(money)
        same = entry.endswith(":same")
        code, offset = entry.removesuffix(":same").split("@")
        out.append(
            HistoryLine(
                claim_id=f"H{n}",
                code=code,
                service_date=day + timedelta(days=int(offset)),
                facility_id=facility_id if same else "F-OTHER",
                fund_share=amount,
            )
        )
    return tuple(out)


def _optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def build_snapshot(row: dict[str, str]) -> ClaimSnapshot:
    """The billing file a golden row describes."""
    day = date.fromisoformat(row["service_date"])
    rights = {
        "open": (Period(EPOCH),),
        "closed": (Period(EPOCH, date(2025, 12, 31)),),
        "future": (Period(day + timedelta(days=1)),),
    }[row["rights"]]
    diagnosis = row["diagnosis"] or None
    beneficiary = Beneficiary(
        id="B1",
        birth_date=birth_for_age(int(row["age"]), day),
        sex=Sex(row["sex"]),
        relationship=Relationship(row["relationship"]),
        rights=rights,
        certificates=tuple(Certificate(kind, EPOCH) for kind in row["certificates"].split()),
        long_term_conditions=(
            (LongTermCondition(diagnosis, EPOCH),) if _yes(row["long_term"]) and diagnosis else ()
        ),
        disabled=_yes(row["disabled"]),
    )
    facility = Facility(
        id="F1",
        kind=row["facility_kind"],
        sector=Sector(row["sector"]),
        level=int(row["level"]),
        agreements=(Period(EPOCH),) if _yes(row["agreement"]) else (),
        direct_billing=(Period(EPOCH),) if _yes(row["direct_billing"]) else (),
    )
    line = ClaimLine(
        code=row["code"],
        kind=LineKind(row["kind"]),
        service_date=day,
        billed=Decimal(row["billed"]),
        quantity=int(row["quantity"]),
        coefficient=Decimal(row["coefficient"]) if row["coefficient"] else None,
    )
    referral = {
        "none": None,
        "valid": Referral(day - timedelta(days=5), 4, day + timedelta(days=30)),
        "expired": Referral(day - timedelta(days=120), 4, day - timedelta(days=30)),
    }[row["referral"]]
    documents = ALL_DOCUMENTS if row["documents"] == "complete" else frozenset(row["documents"].split())
    return ClaimSnapshot(
        claim_id=f"{row['case']}-1",
        batch_id="LOT-1",
        care_type=CareType(row["care_type"]),
        channel=Channel(row["channel"]),
        beneficiary=beneficiary,
        facility=facility,
        lines=(line,) * int(row["lines"]),
        received_on=date.fromisoformat(row["received_on"]),
        documents=documents,
        discharge_date=_optional_date(row["discharge_date"]),
        dispensing_date=_optional_date(row["dispensing_date"]),
        diagnosis=diagnosis,
        referral=referral,
        authorizations=_authorization(row["authorization"], row["code"], day),
        history=_history(row["history"], day, facility.id),
        emergency=_yes(row["emergency"]),
    )


def decide(row: dict[str, str]) -> Decision:
    snapshot = build_snapshot(row)
    copies = int(row["batch_copies"])
    if copies == 1:
        return adjudicate(snapshot, _reference(row["profile"]))
    return list(adjudicate_batch([snapshot] * copies, _reference(row["profile"])))[-1]


def test_it_has_at_least_60_cases_over_the_three_funds() -> None:
    assert len(CASES) >= 60
    assert {row["profile"] for row in CASES} == {"CNASS", "CNOPS", "CNSS"}
    assert len({row["case"] for row in CASES}) == len(CASES)
    assert all(row["explication_fr"] and row["explanation_en"] for row in CASES)


@pytest.mark.parametrize("row", CASES, ids=[row["case"] for row in CASES])
def test_golden_case(row: dict[str, str]) -> None:
    decision = decide(row)
    last = decision.lines[-1]
    got = {
        "status": last.status.value,
        "fund": str(last.fund_share),
        "patient": str(last.patient_share),
        "penalty": str(last.penalty),
        "reasons": sorted(code.value for code in decision.reasons()),
        "file_status": decision.status.value,
        "routing": decision.routing.value,
        "payee": decision.payee.value,
        "file_fund": str(decision.fund_share),
    }
    expected = {
        "status": row["expect_status"],
        "fund": row["expect_fund"],
        "patient": row["expect_patient"],
        "penalty": row["expect_penalty"],
        "reasons": sorted(row["expect_reasons"].split()),
        "file_status": row["expect_file_status"],
        "routing": row["expect_routing"],
        "payee": row["expect_payee"],
        "file_fund": row["expect_file_fund"],
    }
    assert got == expected, row["explanation_en"]
    for line in decision.lines:
        assert line.fund_share + line.patient_share == line.billed
