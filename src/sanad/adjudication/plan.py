"""Line plans: what the rules conclude about a catalogue code for the fund, precomputed once per reference.

For every code, the validity of each catalogue row is cut at every date where its benefit-package
membership or its key-letter value changes, so that inside one plan these are constant. A plan holds the
row, whether it is in the package, whether it needs prior approval under the profile, its yearly ceiling,
the documents it calls for and its unit tariff at the nomenclature coefficient. The values come from the
rule functions themselves, evaluated on the first day of the plan, so no rule is written twice; the engine
then reads one plan per line instead of consulting the package, the key letters and the profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sanad.adjudication.codes import LineKind
from sanad.adjudication.reference import ActRef, CatalogItem, KeyLetterValue, PackageEntry, ProfileRules
from sanad.adjudication.rules.package import check_in_package
from sanad.adjudication.rules.prior_approval import needs_prior_approval
from sanad.adjudication.rules.valuation import act_unit_tariff

_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class LinePlan:
    """One catalogue row over a period where the package and the key-letter value do not change."""

    valid_from: date
    valid_to: date | None
    item: CatalogItem
    in_package: bool
    needs_approval: bool
    ceiling: Decimal | None
    documents: frozenset[str] | None
    #: Unit tariff at the nomenclature coefficient, quantized; None when it must be computed per line.
    unit_tariff: Decimal | None
    #: True for a key-letter act, whose tariff depends on the coefficient billed.
    keyed: bool
    #: The coefficient ``unit_tariff`` was computed for (None: none in the nomenclature, i.e. 1).
    coefficient: Decimal | None
    #: The kind of line the row bills (``item.kind``).
    kind: LineKind = LineKind.ACT
    #: The row limits the facility or the person (``checks_facility`` or ``checks_person``).
    checks_item: bool = False
    #: In the package and limiting neither the facility nor the person: only duplicates can reject it.
    ready: bool = False
    #: Lines of the row count against prior authorizations or frequency limits.
    counts_use: bool = False
    #: The smallest of the row's frequency limits (None: no limit): a quantity within it, with nothing
    #: counted before, is allowed.
    unit_limit: int | None = None


def _cuts(
    start: date, end: date | None, rows: tuple[PackageEntry, ...] | tuple[KeyLetterValue, ...]
) -> set[date]:
    cuts = set()
    for row in rows:
        for cut in (row.valid_from, None if row.valid_to is None else row.valid_to + _DAY):
            if cut is not None and start < cut and (end is None or cut <= end):
                cuts.add(cut)
    return cuts


def build_plans(
    items: Mapping[str, tuple[CatalogItem, ...]],
    package: Mapping[str, tuple[PackageEntry, ...]],
    key_letters: Mapping[str, tuple[KeyLetterValue, ...]],
    profile: ProfileRules,
) -> dict[str, tuple[LinePlan, ...]]:
    """Plans for every code, newest first, covering exactly the validity of its catalogue rows (claims are
    mostly recent: the engine tests the first plan before looking further)."""
    quantum, rounding = profile.quantum, profile.rounding
    plans: dict[str, tuple[LinePlan, ...]] = {}
    for code, rows in items.items():
        entries = package.get(code)
        out: list[LinePlan] = []
        for item in rows:
            letter_rows = key_letters.get(item.key_letter or "", ()) if isinstance(item, ActRef) else ()
            cuts = _cuts(item.valid_from, item.valid_to, entries or ()) | _cuts(
                item.valid_from, item.valid_to, letter_rows
            )
            starts = sorted({item.valid_from, *cuts})
            ends: list[date | None] = [s - _DAY for s in starts[1:]]
            ends.append(item.valid_to)
            documents = set(profile.documents_by_kind.get(item.kind, ()))
            documents.update(profile.documents_by_category.get(item.category, ()))
            for start, end in zip(starts, ends, strict=True):
                unit: Decimal | None = item.fixed_price
                keyed = unit is None and isinstance(item, ActRef)
                coefficient = None
                if keyed and isinstance(item, ActRef):
                    coefficient = item.coefficient
                    unit, _used, _note = act_unit_tariff(item, None, start, key_letters)
                out.append(
                    LinePlan(
                        valid_from=start,
                        valid_to=end,
                        item=item,
                        in_package=check_in_package(code, start, entries) is None,
                        needs_approval=needs_prior_approval(
                            item.needs_prior_approval, item.category, profile.prior_approval_categories
                        ),
                        ceiling=profile.yearly_ceilings.get(item.category),
                        documents=frozenset(documents) or None,
                        unit_tariff=None if unit is None else unit.quantize(quantum, rounding),
                        keyed=keyed,
                        coefficient=coefficient,
                        kind=item.kind,
                        ready=check_in_package(code, start, entries) is None
                        and not (item.checks_facility or item.checks_person),
                        checks_item=item.checks_facility or item.checks_person,
                        counts_use=item.checks_frequency
                        or needs_prior_approval(
                            item.needs_prior_approval, item.category, profile.prior_approval_categories
                        ),
                        unit_limit=min(
                            (n for n in (item.max_per_day, item.max_per_period) if n is not None),
                            default=None,
                        ),
                    )
                )
        out.sort(key=lambda plan: plan.valid_from, reverse=True)
        plans[code] = tuple(out)
    return plans
