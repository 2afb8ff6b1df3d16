"""The engine as a whole: reference indexing and plans, empty files, determinism, batches, bench, mypy."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest

from sanad.adjudication import (
    ActRef,
    FileStatus,
    KeyLetterValue,
    PackageEntry,
    Reason,
    ReferenceSnapshot,
    Routing,
    adjudicate,
    adjudicate_batch,
)
from sanad.adjudication.bench import BENCHES, run_engine
from sanad.adjudication.reference import in_force

from .funds import CNOPS, EPOCH, SERVICE, line, reference, snapshot

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "src" / "sanad" / "adjudication"


def test_it_indexes_dated_rows_and_picks_the_one_in_force() -> None:
    values = (
        KeyLetterValue("C", D(200), EPOCH, date(2025, 12, 31)),
        KeyLetterValue("C", D(250), date(2026, 1, 1)),
    )
    assert in_force(values, date(2025, 12, 31)) is values[0]
    assert in_force(values, date(2026, 1, 1)) is values[1]
    assert in_force(values, date(2019, 12, 31)) is None


def test_it_refuses_overlapping_periods_and_codes_of_two_kinds() -> None:
    c = ActRef(code="C", valid_from=EPOCH, key_letter="C")
    with pytest.raises(ValueError, match="overlapping"):
        ReferenceSnapshot.build(CNOPS, acts=[c, dataclasses.replace(c, valid_from=date(2025, 1, 1))])
    with pytest.raises(ValueError, match="either a key letter or a package price"):
        ActRef(code="X", valid_from=EPOCH)


def test_it_cuts_plans_where_the_package_or_the_key_letter_changes() -> None:
    c = ActRef(code="C", valid_from=EPOCH, key_letter="C", coefficient=D(1))
    ref = ReferenceSnapshot.build(
        CNOPS,
        acts=[c],
        key_letters=[
            KeyLetterValue("C", D(80), EPOCH, date(2025, 6, 30)),
            KeyLetterValue("C", D(90), date(2025, 7, 1)),
        ],
        package=[PackageEntry("C", EPOCH, date(2025, 12, 31))],
    )
    plans = ref.plans["C"]
    assert [(p.valid_from, p.valid_to, p.unit_tariff, p.in_package) for p in plans] == [
        (date(2026, 1, 1), None, D("90.00"), False),
        (date(2025, 7, 1), date(2025, 12, 31), D("90.00"), True),
        (EPOCH, date(2025, 6, 30), D("80.00"), True),
    ]


def test_it_rejects_an_empty_file() -> None:
    decision = adjudicate(snapshot(lines=()), reference("CNOPS"))
    assert decision.status is FileStatus.REJECTED and decision.routing is Routing.REJECT
    assert decision.reasons() == (Reason.EMPTY_FILE,)
    assert decision.billed == D("0.00")


def test_it_refuses_negative_amounts_and_quantities_in_the_input() -> None:
    with pytest.raises(ValueError):
        line("C", "-1")
    with pytest.raises(ValueError):
        line("C", "80", quantity=0)


def test_it_quantizes_amounts_to_the_currency_quantum() -> None:
    decision = adjudicate(snapshot(line("C", "79.999")), reference("CNOPS"))
    result = decision.lines[0]
    assert (
        str(result.billed) == "80.00" and str(result.fund_share) == "64.00" and str(result.penalty) == "0.00"
    )


def test_it_is_deterministic() -> None:
    ref = reference("CNOPS", review_sample_rate=D("0.3"), review_seed="s")
    files = [snapshot(line("C"), line("CS", "300"), claim_id=f"CL{n}") for n in range(50)]
    assert [adjudicate(f, ref) for f in files] == [adjudicate(f, ref) for f in files]
    assert list(adjudicate_batch(files, ref)) == list(adjudicate_batch(files, ref))


def test_it_streams_a_batch_lazily() -> None:
    def files():  # type: ignore[no-untyped-def]
        for n in range(3):
            yield snapshot(claim_id=f"CL{n}", lines=(line("C", service_date=SERVICE + timedelta(days=n)),))

    decisions = adjudicate_batch(files(), reference("CNOPS"))
    assert next(decisions).claim_id == "CL0"
    assert [d.claim_id for d in decisions] == ["CL1", "CL2"]


def test_it_registers_the_engine_bench() -> None:
    assert list(BENCHES) == ["engine"] and BENCHES["engine"] is run_engine
    metrics = list(run_engine(0.002))
    assert [(name, unit) for name, _, unit in metrics] == [
        ("lines_per_s", "lines/s"),
        ("files_per_s", "files/s"),
    ]
    assert all(value > 0 for _, value, _ in metrics)


def test_it_passes_mypy_strict() -> None:
    api = pytest.importorskip("mypy.api")
    stdout, stderr, status = api.run(["--strict", "--no-error-summary", str(PACKAGE_DIR)])
    assert status == 0, stdout + stderr
