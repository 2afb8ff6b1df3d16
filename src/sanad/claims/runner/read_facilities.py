"""What the snapshots need of facilities: the days under an agreement and with direct-billing access, read
once per facility for a whole run."""

from __future__ import annotations

from dataclasses import dataclass, field

from sanad import adjudication as engine
from sanad.providers.selectors.billing_days import billing_days


def _facility_periods(
    facility_ids: set[int],
) -> tuple[dict[int, tuple[engine.Period, ...]], dict[int, tuple[engine.Period, ...]]]:
    """Per facility, the days under an agreement (active and within a validity period), and the days it
    may bill the fund directly (under an agreement or with direct-billing access granted): the very days
    the billing-right pre-check `providers.selectors.facility_can_bill` reads, from the same reading."""
    days = billing_days(facility_ids)
    return (
        {f: tuple(engine.Period(a, b) for a, b in d.agreement) for f, d in days.items() if d.agreement},
        {f: tuple(engine.Period(a, b) for a, b in d.direct) for f, d in days.items() if d.direct},
    )


@dataclass(slots=True)
class FacilityCache:
    """The facilities' agreement and direct-billing periods, read once per run (three queries for the
    facilities not seen yet): a run decides files of a few hundred facilities, chunk after chunk."""

    agreements: dict[int, tuple[engine.Period, ...]] = field(default_factory=dict)
    direct_billing: dict[int, tuple[engine.Period, ...]] = field(default_factory=dict)
    known: set[int] = field(default_factory=set)

    def load(self, facility_ids: set[int]) -> None:
        missing = facility_ids - self.known
        if not missing:
            return
        agreements, direct = _facility_periods(missing)
        self.agreements.update(agreements)
        self.direct_billing.update(direct)
        self.known |= missing
