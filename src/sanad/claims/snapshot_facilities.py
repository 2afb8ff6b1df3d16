"""What the snapshots need of facilities: the days under an agreement and with direct-billing access, read
once per facility for a whole run."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sanad import adjudication as engine
from sanad.providers.models import AgreementEvent, AgreementPeriod, DirectBillingEvent
from sanad.providers.statuses import AgreementStatus, DirectBillingStatus

_DAY = datetime.timedelta(days=1)


def _spans(events: Iterable[tuple[int, datetime.date, str]], open_status: str) -> dict[int, list]:
    """Per owner, the spans of days in `open_status`, from the dated events of its workflow.

    A status holds from the day of the event that set it (as `facility_can_bill` reads them) to the day
    before the next event that changed it; the last span of an owner still open has no end.
    """
    spans: dict[int, list[list[datetime.date | None]]] = defaultdict(list)
    state: dict[int, bool] = {}
    for owner, day, status in events:  # ordered by owner, date, then order of recording
        was_open = state.get(owner, False)
        is_open = status == open_status
        if is_open and not was_open:
            spans[owner].append([day, None])
        elif was_open and not is_open:
            spans[owner][-1][1] = day - _DAY
        state[owner] = is_open
    return spans


def _clip(span: Sequence[datetime.date | None], start: datetime.date, end: datetime.date):
    low = max(span[0], start)  # type: ignore[type-var]
    high = end if span[1] is None else min(span[1], end)  # type: ignore[type-var]
    return engine.Period(low, high) if low <= high else None


def _ordered(periods: list[engine.Period]) -> tuple[engine.Period, ...]:
    return tuple(sorted(periods, key=lambda p: p.start))


def _facility_periods(
    facility_ids: set[int],
) -> tuple[dict[int, tuple[engine.Period, ...]], dict[int, tuple[engine.Period, ...]]]:
    """Per facility, the days under an agreement (active and within a validity period), and the days it
    may bill the fund directly: under an agreement or with direct-billing access granted, as
    `providers.selectors.facility_can_bill` decides."""
    active = _spans(
        AgreementEvent.objects.filter(request__facility_id__in=facility_ids)
        .order_by("request_id", "on", "id")
        .values_list("request_id", "on", "to_status"),
        AgreementStatus.ACTIVE,
    )
    agreements: dict[int, list[engine.Period]] = defaultdict(list)
    for request_id, facility_id, valid_from, valid_to in AgreementPeriod.objects.filter(
        request__facility_id__in=facility_ids
    ).values_list("request_id", "request__facility_id", "valid_from", "valid_to"):
        for span in active.get(request_id, ()):
            period = _clip(span, valid_from, valid_to)
            if period is not None:
                agreements[facility_id].append(period)
    rows = list(
        DirectBillingEvent.objects.filter(access__facility_id__in=facility_ids)
        .order_by("access_id", "on", "id")
        .values_list("access_id", "on", "to_status", "access__facility_id")
    )
    facility_of = {access_id: facility_id for access_id, _on, _status, facility_id in rows}
    granted = _spans(((a, on, status) for a, on, status, _f in rows), DirectBillingStatus.GRANTED)
    direct: dict[int, list[engine.Period]] = defaultdict(list)
    for facility_id, periods in agreements.items():
        direct[facility_id].extend(periods)
    for access_id, spans in granted.items():
        direct[facility_of[access_id]].extend(engine.Period(a, b) for a, b in spans)  # type: ignore[arg-type]
    return (
        {f: _ordered(p) for f, p in agreements.items()},
        {f: _ordered(p) for f, p in direct.items()},
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
