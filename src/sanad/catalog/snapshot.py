"""The catalog as the adjudication engine reads it: every row in force over a date range, as frozen
dataclasses indexed by code and date, loaded in one query per table."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sanad.adjudication import (
    ActRef,
    CareType,
    DeviceRef,
    DrugRef,
    KeyLetterValue,
    PackageEntry,
    ProfileRules,
    Protocol,
    ReferenceSnapshot,
    Sector,
    Sex,
)
from sanad.catalog import models as m
from sanad.catalog.engine_rules import profile_rules
from sanad.catalog.selectors.prior_approval import drug_category
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds import load_profile

_CONSTRAINTS = (
    "code",
    "valid_from",
    "valid_to",
    "min_age",
    "max_age",
    "sex",
    "facility_kinds",
    "min_level",
    "max_level",
    "max_per_day",
    "max_per_period",
    "period_days",
    "needs_prior_approval",
)


def _constraints(row: tuple[Any, ...]) -> dict[str, Any]:
    (
        code,
        start,
        end,
        min_age,
        max_age,
        sex,
        kinds,
        min_level,
        max_level,
        per_day,
        per_period,
        days,
        approval,
    ) = row
    return {
        "code": code,
        "valid_from": start,
        "valid_to": end,
        "min_age": min_age,
        "max_age": max_age,
        "sex": Sex(sex) if sex else None,
        "facility_kinds": frozenset(kinds) if kinds else None,
        "min_level": min_level,
        "max_level": max_level,
        "max_per_day": per_day,
        "max_per_period": per_period,
        "period_days": days,
        "needs_prior_approval": approval,
    }


def _rows(model: type, start: datetime.date, end: datetime.date, fields: Iterable[str], **where: Any):
    return (
        model.objects.filter(m.overlapping(start, end), **where)
        .values_list(*fields)
        .iterator(chunk_size=5000)
    )


def _key_letters(start: datetime.date, end: datetime.date, sector: str | None) -> list[KeyLetterValue]:
    """Per letter, the sector's own series of values if it has one, else the series for every sector."""
    series: dict[tuple[str, str], list[KeyLetterValue]] = {}
    sectors = ["", sector] if sector else [""]
    for letter, row_sector, value, valid_from, valid_to in _rows(
        m.KeyLetterValue,
        start,
        end,
        ("letter", "sector", "value", "valid_from", "valid_to"),
        sector__in=sectors,
    ):
        series.setdefault((letter, row_sector), []).append(
            KeyLetterValue(letter, value, valid_from, valid_to)
        )
    chosen = {letter: rows for (letter, row_sector), rows in series.items() if row_sector == ""}
    chosen |= {letter: rows for (letter, row_sector), rows in series.items() if row_sector != ""}
    return [value for rows in chosen.values() for value in rows]


def _rules_with_overrides(
    rules: ProfileRules, fund: str, start: datetime.date, end: datetime.date
) -> ProfileRules:
    """Rates of the coverage table in force over the whole range replace the profile's."""
    overrides = list(
        m.CoverageRate.objects.filter(m.overlapping(start, end), fund=fund).values_list(
            "care_type", "sector", "rate", "valid_from", "valid_to"
        )
    )
    if not overrides:
        return rules
    rates = dict(rules.coverage_rates)
    for care_type, sector, rate, valid_from, valid_to in overrides:
        if valid_from > start or (valid_to is not None and valid_to < end):
            # The engine holds one rate per care type and sector: a run must not straddle a change of rate.
            raise DomainError(
                ErrorCode.CONFLICT,
                f"The coverage rate {care_type}/{sector} changes between {start} and {end}: split the run.",
            )
        rates[(CareType(care_type), Sector(sector))] = rate
    return replace(rules, coverage_rates=rates)


def reference_snapshot(
    *, fund: str, start: datetime.date, end: datetime.date, sector: str | None = None
) -> ReferenceSnapshot:
    """Everything in force on at least one day of [start, end] for `fund`, ready for the engine.

    The engine prices a key letter without a sector: give `sector` to use that sector's values where a
    letter has its own, the values for every sector otherwise.
    """
    rules = _rules_with_overrides(profile_rules(load_profile(fund)), fund, start, end)
    acts = [
        ActRef(
            **_constraints(row[:13]),
            category=row[13],
            key_letter=row[14] or None,
            coefficient=row[15],
            package_price=row[16],
        )
        for row in _rows(
            m.Act, start, end, (*_CONSTRAINTS, "category", "key_letter", "coefficient", "package_price")
        )
    ]
    drugs = [
        DrugRef(
            **_constraints(row[:13]),
            category=drug_category(costly=row[15], long_term_only=row[16]),
            base_price=row[13],
            flags=frozenset(
                name
                for name, on in (
                    ("direct_billing", row[14]),
                    ("costly", row[15]),
                    ("long_term_only", row[16]),
                )
                if on
            ),
        )
        for row in _rows(
            m.Drug,
            start,
            end,
            (*_CONSTRAINTS, "reimbursement_base", "direct_billing", "costly", "long_term_only"),
        )
    ]
    devices = [
        DeviceRef(**_constraints(row[:13]), category=row[13], price=row[14])
        for row in _rows(m.Device, start, end, (*_CONSTRAINTS, "category", "package_amount"))
    ]
    package = [
        PackageEntry(code, valid_from, valid_to)
        for code, valid_from, valid_to in _rows(
            m.BenefitPackageEntry, start, end, ("code", "valid_from", "valid_to"), fund=fund
        )
    ]
    expected: dict[str, set[str]] = {}
    # Protocols are not dated in the engine: every version in force over the range counts (the union).
    for diagnosis, codes in _rows(m.TreatmentProtocol, start, end, ("diagnosis", "expected_codes")):
        expected.setdefault(diagnosis, set()).update(codes)
    return ReferenceSnapshot.build(
        rules,
        acts=acts,
        drugs=drugs,
        devices=devices,
        key_letters=_key_letters(start, end, sector),
        package=package,
        protocols=[Protocol(d, frozenset(c)) for d, c in expected.items()],
    )
