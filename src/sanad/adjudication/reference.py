"""Reference data the rules read: the fund's profile rules and the dated catalogue, indexed by code.

Every catalogue row is dated (``valid_from``/``valid_to``); the row in force on the date of service is used.
Rows are indexed in dicts ``code -> tuple of rows sorted by valid_from`` so a lookup is one dict access and a
scan of a row or two. Build a ``ReferenceSnapshot`` once per run with ``ReferenceSnapshot.build``.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, ClassVar, TypeVar
from typing import Protocol as TypingProtocol

from sanad.adjudication.codes import CareType, LineKind, Sector, Sex

if TYPE_CHECKING:
    from sanad.adjudication.plan import LinePlan

_ZERO = Decimal(0)
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileRules:
    """What differs between funds, as the engine needs it. A converter builds it from the fund profile.

    Rates are fractions (``Decimal("0.80")``). ``coverage_rates`` is keyed by (care type, sector);
    ``drug_rate`` applies to drug lines outside inpatient stays; ``long_term_rate`` applies, when higher,
    to a file whose diagnosis is a long-term condition of the beneficiary. ``pyramid_entry_level`` is the
    highest level a patient may use without a referral (None: no pyramid rule).
    """

    fund: str
    currency: str
    time_bar_months: int
    coverage_rates: Mapping[tuple[CareType, Sector], Decimal]
    quantum: Decimal = Decimal("0.01")
    rounding: str = ROUND_HALF_UP
    drug_rate: Decimal | None = None
    long_term_rate: Decimal | None = None
    direct_billing_threshold: Decimal | None = None
    agreement_required: bool = False
    pyramid_entry_level: int | None = None
    pyramid_penalty_rate: Decimal = _ZERO
    medical_review_limit: Decimal | None = None
    review_sample_rate: Decimal = _ZERO
    review_seed: str = ""
    overbilling_factor: Decimal | None = None
    prior_approval_categories: frozenset[str] = frozenset()
    emergency_grace_days: int = 0
    required_documents: Mapping[CareType, frozenset[str]] = field(default_factory=dict)
    documents_by_kind: Mapping[LineKind, frozenset[str]] = field(default_factory=dict)
    documents_by_category: Mapping[str, frozenset[str]] = field(default_factory=dict)
    child_age_limit: int = 21
    student_age_limit: int = 26
    student_certificates: frozenset[str] = frozenset({"school", "unmarried"})
    disabled_certificates: frozenset[str] = frozenset({"medical_control"})
    spouse_certificates: frozenset[str] = frozenset()
    yearly_ceilings: Mapping[str, Decimal] = field(default_factory=dict)
    zero: Decimal = field(init=False, repr=False, compare=False)
    sample_threshold: bytes | None = field(init=False, repr=False, compare=False)
    sample_salt: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, rate in (
            ("drug_rate", self.drug_rate),
            ("long_term_rate", self.long_term_rate),
            ("pyramid_penalty_rate", self.pyramid_penalty_rate),
            ("review_sample_rate", self.review_sample_rate),
            *((f"coverage_rates[{k}]", v) for k, v in self.coverage_rates.items()),
        ):
            if rate is not None and not _ZERO <= rate <= _ONE:
                raise ValueError(f"{name} must be between 0 and 1: {rate}")
        if self.quantum <= 0:
            raise ValueError("quantum must be positive")
        if self.overbilling_factor is not None and self.overbilling_factor < 1:
            raise ValueError("overbilling_factor must be at least 1")
        object.__setattr__(self, "zero", _ZERO.quantize(self.quantum))
        # The sample takes a file when its 8-byte draw, read big-endian, falls below rate × 2^64 (bytes of
        # equal length compare like the numbers). A rate of 1 takes FF×8 + 00, above every 8-byte draw.
        bound = int(self.review_sample_rate * (1 << 64))
        threshold = None
        if bound >= 1 << 64:
            threshold = b"\xff" * 8 + b"\x00"
        elif bound > 0:
            threshold = bound.to_bytes(8, "big")
        object.__setattr__(self, "sample_threshold", threshold)
        salt = hashlib.blake2b(self.review_seed.encode(), digest_size=16).digest()
        object.__setattr__(self, "sample_salt", salt)


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogItem:
    """A dated catalogue row and the constraints on its use (None: no constraint).

    ``max_per_period`` units are allowed in any window of ``period_days`` days ending on the service date.
    """

    kind: ClassVar[LineKind]
    code: str
    valid_from: date
    valid_to: date | None = None
    category: str = ""
    min_age: int | None = None
    max_age: int | None = None
    sex: Sex | None = None
    facility_kinds: frozenset[str] | None = None
    min_level: int | None = None
    max_level: int | None = None
    max_per_day: int | None = None
    max_per_period: int | None = None
    period_days: int | None = None
    needs_prior_approval: bool = False
    fixed_price: Decimal | None = field(init=False, default=None, repr=False, compare=False)
    checks_person: bool = field(init=False, default=False, repr=False, compare=False)
    checks_facility: bool = field(init=False, default=False, repr=False, compare=False)
    checks_frequency: bool = field(init=False, default=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if (self.max_per_period is None) != (self.period_days is None):
            raise ValueError(f"{self.code}: max_per_period and period_days go together")
        osa = object.__setattr__
        osa(self, "checks_person", not (self.min_age is None and self.max_age is None and self.sex is None))
        osa(
            self,
            "checks_facility",
            not (self.facility_kinds is None and self.min_level is None and self.max_level is None),
        )
        osa(self, "checks_frequency", not (self.max_per_day is None and self.max_per_period is None))


@dataclass(frozen=True, slots=True, kw_only=True)
class ActRef(CatalogItem):
    """A nomenclature act: priced by key letter × coefficient, or by a package price."""

    kind: ClassVar[LineKind] = LineKind.ACT
    key_letter: str | None = None
    coefficient: Decimal | None = None
    package_price: Decimal | None = None

    def __post_init__(self) -> None:
        CatalogItem.__post_init__(self)
        if (self.key_letter is None) == (self.package_price is None):
            raise ValueError(f"act {self.code}: give either a key letter or a package price")
        object.__setattr__(self, "fixed_price", self.package_price)


@dataclass(frozen=True, slots=True, kw_only=True)
class DrugRef(CatalogItem):
    """A drug with its reimbursement base price and flags (``costly``, ``hospital_only``, …)."""

    kind: ClassVar[LineKind] = LineKind.DRUG
    base_price: Decimal
    flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        CatalogItem.__post_init__(self)
        object.__setattr__(self, "fixed_price", self.base_price)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceRef(CatalogItem):
    """A medical device (prosthesis, orthosis, implant, glasses…) with its tariff."""

    kind: ClassVar[LineKind] = LineKind.DEVICE
    price: Decimal

    def __post_init__(self) -> None:
        CatalogItem.__post_init__(self)
        object.__setattr__(self, "fixed_price", self.price)


@dataclass(frozen=True, slots=True)
class KeyLetterValue:
    """The value of a key letter (C, Cs, K, B, Z…) in the currency, over a period."""

    letter: str
    value: Decimal
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class PackageEntry:
    """A code belongs to the benefit package over a period."""

    code: str
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class Protocol:
    """A treatment protocol: for a diagnosis, the codes expected to be billed."""

    diagnosis: str
    codes: frozenset[str]


class _Dated(TypingProtocol):
    @property
    def valid_from(self) -> date: ...
    @property
    def valid_to(self) -> date | None: ...


_D = TypeVar("_D", bound=_Dated)


def in_force(rows: tuple[_D, ...], day: date) -> _D | None:
    """The row of ``rows`` in force on ``day``, or None."""
    for row in rows:
        if row.valid_from <= day and (row.valid_to is None or day <= row.valid_to):
            return row
    return None


def _index(rows: Iterable[_D], key: str) -> dict[str, tuple[_D, ...]]:
    grouped: dict[str, list[_D]] = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    out: dict[str, tuple[_D, ...]] = {}
    for code, group in grouped.items():
        group.sort(key=lambda r: r.valid_from)
        for before, after in itertools.pairwise(group):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                raise ValueError(f"{code}: overlapping validity periods")
        out[code] = tuple(group)
    return out


@dataclass(frozen=True, slots=True)
class ReferenceSnapshot:
    """The profile rules and the catalogue, indexed by code. Codes are unique across acts, drugs, devices."""

    profile: ProfileRules
    items: Mapping[str, tuple[CatalogItem, ...]]
    key_letters: Mapping[str, tuple[KeyLetterValue, ...]]
    package: Mapping[str, tuple[PackageEntry, ...]]
    protocols: Mapping[str, frozenset[str]]
    rate_table: Mapping[tuple[CareType, Sector, bool], Mapping[LineKind, Decimal | None]] = field(
        init=False, repr=False, compare=False
    )
    plans: Mapping[str, tuple[LinePlan, ...]] = field(init=False, repr=False, compare=False)
    #: Every document some plan calls for: a file holding them all needs no check line by line.
    plan_documents: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from sanad.adjudication.plan import build_plans
        from sanad.adjudication.rules.valuation import coverage_rate

        plans = build_plans(self.items, self.package, self.key_letters, self.profile)
        object.__setattr__(self, "plans", plans)
        documents = {d for rows in plans.values() for plan in rows for d in plan.documents or ()}
        object.__setattr__(self, "plan_documents", frozenset(documents))

        table = {
            (care_type, sector, long_term): {
                kind: coverage_rate(self.profile, care_type, sector, kind, long_term) for kind in LineKind
            }
            for care_type in CareType
            for sector in Sector
            for long_term in (False, True)
        }
        object.__setattr__(self, "rate_table", table)

    @classmethod
    def build(
        cls,
        profile: ProfileRules,
        *,
        acts: Iterable[ActRef] = (),
        drugs: Iterable[DrugRef] = (),
        devices: Iterable[DeviceRef] = (),
        key_letters: Iterable[KeyLetterValue] = (),
        package: Iterable[PackageEntry] = (),
        protocols: Iterable[Protocol] = (),
    ) -> ReferenceSnapshot:
        items: list[CatalogItem] = [*acts, *drugs, *devices]
        index = _index(items, "code")
        for code, rows in index.items():
            if len({type(r) for r in rows}) > 1:
                raise ValueError(f"{code}: the same code is used for different kinds")
        return cls(
            profile=profile,
            items=index,
            key_letters=_index(key_letters, "letter"),
            package=_index(package, "code"),
            protocols={p.diagnosis: p.codes for p in protocols},
        )

    def item(self, code: str, day: date) -> CatalogItem | None:
        rows = self.items.get(code)
        return None if rows is None else in_force(rows, day)
