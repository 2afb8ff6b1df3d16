"""The engine's reference snapshot loaded for a window of dates wider than asked, to be reused.

Two users: the claims runner keeps one per sector for a whole run (the next chunks' dates fall in it);
the facility desk's preview of a draft file keeps one per fund and sector for a minute per process
(`reference_snapshot_recent`), forgotten as soon as this process writes to the catalogue. A preview
binds no one: the engine decides a received file with the catalogue as it is then.
"""

from __future__ import annotations

import datetime
import time
from typing import Any, NamedTuple

from django.db import transaction

from sanad.adjudication import ReferenceSnapshot
from sanad.catalog.snapshot import reference_snapshot
from sanad.common.errors import DomainError

# The window around the dates asked: six months each side, about the dates of the files of a run or of a
# week at a desk; the catalogue's validity dates keep the snapshot exact whatever the window.
MARGIN = datetime.timedelta(days=184)
# How long a preview may use a snapshot read by an earlier request of the same process.
RECENT = 60.0


class Window(NamedTuple):
    low: datetime.date
    high: datetime.date
    reference: ReferenceSnapshot

    def covers(self, start: datetime.date, end: datetime.date) -> bool:
        return self.low <= start and end <= self.high


def reference_window(
    *, fund: str, sector: str | None, start: datetime.date, end: datetime.date, held: Window | None = None
) -> Window:
    """The snapshot for [start, end] widened by `MARGIN` (and by the window `held`, which it replaces);
    if the fund's coverage rates change inside the wider window, the snapshot of [start, end] alone."""
    low, high = start - MARGIN, end + MARGIN
    if held is not None:
        low, high = min(low, held.low), max(high, held.high)
    try:
        return Window(low, high, reference_snapshot(fund=fund, start=low, end=high, sector=sector))
    except DomainError:  # a change of coverage rate inside the margin: keep to the dates asked
        return Window(start, end, reference_snapshot(fund=fund, start=start, end=end, sector=sector))


_recent: dict[tuple[str, str | None], tuple[float, Window]] = {}


def reference_snapshot_recent(
    *, fund: str, start: datetime.date, end: datetime.date, sector: str | None = None
) -> ReferenceSnapshot:
    """A reference snapshot covering [start, end], read at most `RECENT` seconds ago by this process."""
    key = (fund, sector)
    now = time.monotonic()
    held = _recent.get(key)
    if held is not None and now - held[0] < RECENT and held[1].covers(start, end):
        return held[1].reference
    window = reference_window(fund=fund, sector=sector, start=start, end=end)
    _recent[key] = (now, window)
    return window.reference


def recent_forget(**_signal: Any) -> None:
    """Drop the snapshots kept for previews (the catalogue changed): now, for the transaction that changes
    it, and again at its commit, in case another request read the catalogue as it was meanwhile."""
    recent_clear()
    transaction.on_commit(recent_clear)


def recent_clear() -> None:
    """Drop the snapshots kept for previews, now."""
    _recent.clear()
