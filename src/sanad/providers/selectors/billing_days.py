"""The days a facility may bill the fund, read from the dated steps of its agreements and direct-billing
access. The billing-right pre-check (`facility_can_bill`) and the claims engine's view of the facility
(`claims.runner.read_facilities`) both read them here, so that they agree on every day.

A status holds from the day of the step that set it to the day before the next step that changed it: care
given on the day an agreement is suspended or terminated is not covered; care given on the day it is
reinstated is. An agreement covers only the days of its validity periods (seed 001).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sanad.providers.models import AgreementEvent, AgreementPeriod, DirectBillingEvent
from sanad.providers.statuses import AgreementStatus, DirectBillingStatus

_DAY = datetime.timedelta(days=1)
Span = tuple[datetime.date, datetime.date | None]  # first and last day; no last day: still open


@dataclass(frozen=True, slots=True)
class BillingDays:
    """The spans of days a facility was under an agreement in force, and those it could bill the fund
    directly: under an agreement, or with direct-billing access granted."""

    agreement: tuple[Span, ...] = ()
    direct: tuple[Span, ...] = ()


def spans_cover(spans: Iterable[Span], day: datetime.date) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in spans)


def status_spans(events: Iterable[tuple[int, datetime.date, str]], open_status: str) -> dict[int, list[Span]]:
    """Per owner, the spans of days in `open_status`, from its steps ordered by owner, date and recording.
    A span opened and closed on the same day covers no day and is left out."""
    spans: dict[int, list[list[datetime.date | None]]] = defaultdict(list)
    state: dict[int, bool] = {}
    for owner, day, status in events:
        was_open = state.get(owner, False)
        is_open = status == open_status
        if is_open and not was_open:
            spans[owner].append([day, None])
        elif was_open and not is_open:
            spans[owner][-1][1] = day - _DAY
        state[owner] = is_open
    return {
        owner: [(a, b) for a, b in found if b is None or a <= b]  # type: ignore[misc]
        for owner, found in spans.items()
    }


def _clip(span: Span, start: datetime.date, end: datetime.date) -> Span | None:
    low = max(span[0], start)
    high = end if span[1] is None else min(span[1], end)
    return (low, high) if low <= high else None


def _start(span: Span) -> datetime.date:
    return span[0]


def billing_days(facility_ids: Iterable[int]) -> dict[int, BillingDays]:
    """Per facility (those with any agreement or access), its billing days, in three queries whatever the
    number of facilities."""
    ids = set(facility_ids)
    active = status_spans(
        AgreementEvent.objects.filter(request__facility_id__in=ids)
        .order_by("request_id", "on", "id")
        .values_list("request_id", "on", "to_status"),
        AgreementStatus.ACTIVE,
    )
    agreements: dict[int, list[Span]] = defaultdict(list)
    periods = AgreementPeriod.objects.filter(request__facility_id__in=ids).values_list(
        "request_id", "request__facility_id", "valid_from", "valid_to"
    )
    for request_id, facility_id, valid_from, valid_to in periods:
        for span in active.get(request_id, ()):
            clipped = _clip(span, valid_from, valid_to)
            if clipped is not None:
                agreements[facility_id].append(clipped)
    rows = list(
        DirectBillingEvent.objects.filter(access__facility_id__in=ids)
        .order_by("access_id", "on", "id")
        .values_list("access_id", "on", "to_status", "access__facility_id")
    )
    facility_of = {access_id: facility_id for access_id, _on, _status, facility_id in rows}
    granted = status_spans(((a, on, status) for a, on, status, _f in rows), DirectBillingStatus.GRANTED)
    direct: dict[int, list[Span]] = defaultdict(list)
    for facility_id, spans in agreements.items():
        direct[facility_id].extend(spans)
    for access_id, spans in granted.items():
        direct[facility_of[access_id]].extend(spans)
    return {
        facility_id: BillingDays(
            agreement=tuple(sorted(agreements.get(facility_id, ()), key=_start)),
            direct=tuple(sorted(direct.get(facility_id, ()), key=_start)),
        )
        for facility_id in set(agreements) | set(direct)
    }
