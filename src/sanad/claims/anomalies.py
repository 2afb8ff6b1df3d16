"""Anomaly signals that send a file to the medical review (DOMAIN.md: control of the effectiveness of care).

Each rule reads what the runner already loaded for a chunk (the neighbourhood of its beneficiaries, see
`snapshots.Chunk`) or the peer averages of the day (`PeerDay`), and gives, per file id, the signals raised.
The engine gets their codes as `anomaly_flags` (they route the file to the medical review); the decision
keeps them with their parameters (`FileDecision.anomalies`). Every threshold comes from the fund profile.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Sum

from sanad.claims.models import CareSheetLine, PeerDay
from sanad.claims.runner.read import Chunk
from sanad.claims.statuses import FileStatus, LineKind
from sanad.funds.types import FundProfile

SAME_DAY_ELSEWHERE = "same_day_elsewhere"
PEER_AVERAGE = "peer_average"
IDENTICAL_BURST = "identical_burst"
# Peer averages are taken over the acts served in this many days before the day of the run (assumption:
# a quarter, the time bar of the funds, holds enough acts to compare and follows changes of tariff).
PEER_WINDOW_DAYS = 90
# Pages and tasks decide a few files at a time: they keep the day's peer averages in the process for this
# long rather than read them at every call.
PEER_CACHE_SECONDS = 600
# Files the fund has: neither drafts at the facility nor drafts it cancelled before sending them.
_SENT = [s for s in FileStatus if s not in (FileStatus.DRAFT, FileStatus.CANCELLED)]
_CENT = Decimal("0.01")


class Signal(NamedTuple):
    """One anomaly raised on a file: its code and its parameters (JSON-safe)."""

    code: str
    params: dict[str, Any]


Signals = dict[int, list[Signal]]


# Per (beneficiary, day), per facility, the files with a line that day (from the chunk's neighbourhood).
DayIndex = dict[tuple[str, datetime.date], dict[int, set[int]]]


def day_index(chunk: Chunk) -> DayIndex:
    """Who was seen where on which day, from the lines of the chunk's beneficiaries (read once for both
    rules below)."""
    index: DayIndex = {}
    for n in chunk.neighbours:
        by_facility = index.get((n.beneficiary, n.service_date))
        if by_facility is None:
            index[(n.beneficiary, n.service_date)] = {n.facility_id: {n.file_id}}
        else:
            by_facility.setdefault(n.facility_id, set()).add(n.file_id)
    return index


def same_day_elsewhere(chunk: Chunk, index: DayIndex) -> Signals:
    """A file is flagged when its beneficiary has care billed by another facility on one of its days."""
    found: Signals = {}
    for row in chunk.files:
        key = row.beneficiary
        for line in chunk.lines.get(row.sheet_id, ()):
            seen = index.get((key, line.service_date))
            if seen is not None and len(seen) > 1:
                others = sorted(f for f in seen if f != row.facility_id)
                found[row.id] = [
                    Signal(SAME_DAY_ELSEWHERE, {"day": line.service_date.isoformat(), "facilities": others})
                ]
                break
    return found


def identical_burst(chunk: Chunk, index: DayIndex, *, profile: FundProfile) -> Signals:
    """A file is flagged when the profile's number of files (`anomaly_burst_files`) or more, itself
    included, come from one facility for one beneficiary with the same lines (days, codes, quantities and
    amounts)."""
    threshold = profile.claims.anomaly_burst_files
    # Only files sharing a facility, a beneficiary and a day with enough others can be in a burst.
    crowded = {
        file_id
        for by_facility in index.values()
        for files in by_facility.values()
        if len(files) >= threshold
        for file_id in files
    }
    if not crowded:
        return {}
    lines_of: dict[int, list[tuple]] = defaultdict(list)
    owner: dict[int, tuple[int, str]] = {}
    for n in chunk.neighbours:
        if n.file_id in crowded:
            lines_of[n.file_id].append((n.service_date, n.code, n.quantity, n.billed))
            owner[n.file_id] = (n.facility_id, n.beneficiary)
    count: dict[tuple, int] = defaultdict(int)
    fingerprint = {}
    for file_id, lines in lines_of.items():
        fingerprint[file_id] = key = (*owner[file_id], tuple(sorted(lines)))
        count[key] += 1
    found: Signals = {}
    for row in chunk.files:
        key = fingerprint.get(row.id)
        if key is not None and count[key] >= threshold:
            day = min(line[0] for line in key[2])
            found[row.id] = [Signal(IDENTICAL_BURST, {"day": day.isoformat(), "files": count[key]})]
    return found


@dataclass(frozen=True, slots=True)
class PeerAverages:
    """Per (facility, act code), the facility's average amount per act and its peers' where the first is
    above the profile's factor times the second: the pairs `peer_average` flags."""

    above: Mapping[tuple[int, str], tuple[Decimal, Decimal]]
    since: datetime.date
    until: datetime.date


def _window_start(on: datetime.date) -> datetime.date:
    return on - datetime.timedelta(days=PEER_WINDOW_DAYS)


def peer_averages(*, profile: FundProfile, on: datetime.date) -> PeerAverages:
    """The peer averages over the acts served in the `PEER_WINDOW_DAYS` before `on`, in one query.

    A facility's peers are the other facilities of its sector; both averages count only with at least
    the profile's `anomaly_peer_min_acts` acts, and the facility's is flagged above the profile's
    `anomaly_peer_factor` times its peers'.
    """
    claims = profile.claims
    since = _window_start(on)
    rows = list(
        CareSheetLine.objects.filter(
            kind=LineKind.ACT,
            service_date__gte=since,
            service_date__lte=on,
            care_sheet__billing_file__status__in=_SENT,
        )
        .values_list("care_sheet__facility_id", "care_sheet__facility__sector", "code")
        .annotate(acts=Sum("quantity"), amount=Sum("billed"))
        .order_by()
    )
    totals: dict[tuple[str, str], list] = defaultdict(lambda: [0, Decimal(0)])
    for _facility, sector, code, acts, amount in rows:
        total = totals[(sector, code)]
        total[0] += acts
        total[1] += amount
    minimum, factor = claims.anomaly_peer_min_acts, claims.anomaly_peer_factor
    above = {}
    for facility_id, sector, code, acts, amount in rows:
        peer_acts, peer_amount = totals[(sector, code)]
        peer_acts -= acts
        peer_amount -= amount
        if acts < minimum or peer_acts < minimum:
            continue
        average, peers = amount / acts, peer_amount / peer_acts
        if average > factor * peers:
            above[(facility_id, code)] = (average.quantize(_CENT), peers.quantize(_CENT))
    return PeerAverages(above=above, since=since, until=on)


def peer_averages_of_day(*, profile: FundProfile, on: datetime.date) -> PeerAverages:
    """The peer averages of `on` as kept for the day (`PeerDay`) if computed with the profile's thresholds;
    otherwise computed now and kept: the quarter's lines are scanned once a day, not at every run."""
    claims = profile.claims
    factor, minimum = claims.anomaly_peer_factor, claims.anomaly_peer_min_acts
    kept = PeerDay.objects.filter(fund=profile.code, on=on).first()
    if kept is not None and kept.factor == factor and kept.min_acts == minimum:
        above = {(f, code): (Decimal(a), Decimal(p)) for f, code, a, p in kept.above}
        return PeerAverages(above=above, since=_window_start(on), until=on)
    peers = peer_averages(profile=profile, on=on)
    rows = [[f, code, str(a), str(p)] for (f, code), (a, p) in sorted(peers.above.items())]
    if kept is None:  # two first runs of the day at once compute the same: the second keeps the first's
        day = PeerDay(fund=profile.code, on=on, factor=factor, min_acts=minimum, above=rows)
        PeerDay.objects.bulk_create([day], ignore_conflicts=True)
    else:
        PeerDay.objects.filter(pk=kept.pk).update(factor=factor, min_acts=minimum, above=rows)
    return peers


_cache: dict[tuple[str, datetime.date], tuple[float, PeerAverages]] = {}


def peer_averages_shared(*, profile: FundProfile, on: datetime.date, fresh: bool = False) -> PeerAverages:
    """`peer_averages_of_day`, read at most once per `PEER_CACHE_SECONDS` per process (`fresh`: now)."""
    key = (profile.code, on)
    now = time.monotonic()
    cached = _cache.get(key)
    if fresh or cached is None or now - cached[0] > PEER_CACHE_SECONDS:
        cached = _cache[key] = (now, peer_averages_of_day(profile=profile, on=on))
    return cached[1]


def peer_averages_forget() -> None:
    """Drop the shared peer averages (after a change of data they must see, as in tests)."""
    _cache.clear()


def peer_average(chunk: Chunk, *, peers: PeerAverages, profile: FundProfile) -> Signals:
    """A file is flagged when it bills an act whose facility's average amount per act is above the
    profile's factor times its peers' (same code, same sector), as `peer_averages` found."""
    if not peers.above:
        return {}
    found: Signals = {}
    for row in chunk.files:
        for line in chunk.lines.get(row.sheet_id, ()):
            pair = peers.above.get((row.facility_id, line.code)) if line.kind == LineKind.ACT else None
            if pair is not None:
                params = {
                    "code": line.code,
                    "average": str(pair[0]),
                    "peers": str(pair[1]),
                    "factor": str(profile.claims.anomaly_peer_factor),
                }
                found[row.id] = [Signal(PEER_AVERAGE, params)]
                break
    return found


def chunk_signals(chunk: Chunk, *, profile: FundProfile, peers: PeerAverages) -> Signals:
    """Every signal of every rule, per file id."""
    found: Signals = defaultdict(list)
    index = day_index(chunk)
    for signals in (
        same_day_elsewhere(chunk, index),
        peer_average(chunk, peers=peers, profile=profile),
        identical_burst(chunk, index, profile=profile),
    ):
        for file_id, raised in signals.items():
            found[file_id].extend(raised)
    return dict(found)
