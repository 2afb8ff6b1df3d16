"""The batch runner: decides every received billing file with the engine, chunk after chunk.

One chunk decider serves the runner and `services.billing_files_adjudicate` (explicit ids, from pages and
tasks): it locks the files still received (so two runners, or a runner and a checker, never decide one
file twice), reads them as tuples with a handful of queries, raises the anomaly signals, runs the engine
with one reference snapshot per sector of facility, and writes the decisions in bulk. The runner streams
the received files by key (date received, id) and commits each chunk on its own: a rerun, or a run after
a failure, takes only what is still received, so it changes nothing already decided.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from sanad.adjudication import Decision, ReferenceSnapshot, Routing, adjudicate_batch
from sanad.adjudication.collector import collector_paused, survivors_collect
from sanad.catalog.snapshot_window import Window, reference_window
from sanad.claims import signals
from sanad.claims.anomalies import PeerAverages, chunk_signals, peer_averages_of_day, peer_averages_shared
from sanad.claims.models import BillingFile
from sanad.claims.runner.read import (
    ChunkFile,
    FacilityCache,
    FileRow,
    SnapshotBuilder,
    chunk_read,
    files_by_id,
    files_select,
)
from sanad.claims.runner.statistics import statistics_refresh
from sanad.claims.runner.write import Written, decisions_write
from sanad.claims.statuses import ROUTING_STEP, FileStatus, file_step_check
from sanad.common.bulk_sql import is_postgres
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile

# Files per chunk: large enough that the per-chunk queries cost little per file, small enough that a
# chunk's transaction stays short and its IN lists reasonable.
CHUNK = 5000
_DECIDED = frozenset({FileStatus.VALIDATED, FileStatus.REJECTED})
# The share of a beneficiary: members and dependants numbered apart (their keys, M<id> and D<id>).
_SHARE = (
    " AND (CASE WHEN s.dependant_id IS NULL THEN 2 * s.member_id ELSE 2 * s.dependant_id + 1 END) %% %s = %s"
)
_PLANNER = ("enable_hashjoin", "enable_mergejoin", "enable_sort")
# A chunk's transaction: compiling its queries would cost more than running them; parallel workers
# would compete for the cores the runners already use (a whole-table scan of the lines split in three
# looked cheaper to the planner than the history index, and took three times as long). The commit does
# not wait for the disk: a crash may lose the last chunks committed, whose files are then still received
# (their decisions, statuses and audit events go or stay together) and are decided again by the next run;
# the rest of the database stays consistent.
_CHUNK_SETTINGS = (
    "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL synchronous_commit = off"
)
_WALK_THE_QUEUE = "; ".join(f"SET LOCAL {name} = off" for name in _PLANNER)
_PLAN_FREELY = "; ".join(f"RESET {name}" for name in _PLANNER)


def _targets() -> dict[Routing, FileStatus]:
    """The status each routing leads a received file to, through the transition table."""
    adjudicated = file_step_check("billing_file_adjudicate", FileStatus.RECEIVED)
    return {routing: file_step_check(ROUTING_STEP[routing], adjudicated) for routing in Routing}


@dataclass(slots=True)
class References:
    """The reference snapshots of a run, one per sector of facility, each over a window of dates."""

    fund: str
    loaded: dict[str, Window] = field(default_factory=dict)

    def get(self, sector: str, start: datetime.date, end: datetime.date) -> ReferenceSnapshot:
        held = self.loaded.get(sector)
        if held is None or not held.covers(start, end):
            held = self.loaded[sector] = reference_window(
                fund=self.fund, sector=sector, start=start, end=end, held=held
            )
        return held.reference


@dataclass(slots=True)
class RunContext:
    """What a run keeps from chunk to chunk."""

    profile: FundProfile
    on: datetime.date
    actor: Any
    # None until `peers_arrive()` gives them: a run of several workers computes them while they start.
    peers: PeerAverages | None
    builder: SnapshotBuilder
    references: References
    targets: dict[Routing, FileStatus] = field(default_factory=_targets)
    peers_arrive: Callable[[], PeerAverages] | None = None

    @classmethod
    def start(
        cls, *, on: datetime.date, actor: Any = None, fresh_peers: bool = True, peers: bool = True
    ) -> RunContext:
        """A run deciding on `on`; `fresh_peers` reads the day's peer averages (computing them if it is the
        first of the day) rather than share the process's (see `anomalies.peer_averages_shared`); without
        `peers`, they are left to `peers_arrive`."""
        profile = active_profile()
        if not peers:
            averages = None
        elif fresh_peers:
            averages = peer_averages_of_day(profile=profile, on=on)
        else:
            averages = peer_averages_shared(profile=profile, on=on)
        return cls(
            profile=profile,
            on=on,
            actor=actor,
            peers=averages,
            builder=SnapshotBuilder(profile, FacilityCache()),
            references=References(profile.code),
        )

    def peers_of_day(self) -> PeerAverages:
        """The day's peer averages (computed and kept if this is the first run of the day)."""
        return peer_averages_of_day(profile=self.profile, on=self.on)

    def peer_averages(self) -> PeerAverages:
        if self.peers is None:
            if self.peers_arrive is None:
                raise RuntimeError("a run without peer averages and no way to get them")
            self.peers = self.peers_arrive()
        return self.peers


@dataclass(slots=True)
class ChunkResult:
    written: list[Written]
    lines: int

    @property
    def files(self) -> int:
        return len(self.written)


def _span(items: list[ChunkFile]) -> tuple[datetime.date, datetime.date]:
    days = [line.service_date for item in items for line in item.snapshot.lines]
    days += [item.snapshot.received_on for item in items if not item.snapshot.lines]
    return min(days), max(days)


def _engine(built: list[ChunkFile], references: References) -> list[tuple[ChunkFile, Decision]]:
    """Run the engine per sector of facility (in the chunk's order within a sector), one reference
    snapshot per sector over its dates."""
    groups: dict[str, list[ChunkFile]] = defaultdict(list)
    for item in built:
        groups[item.snapshot.facility.sector.value].append(item)
    decided = []
    for sector, items in sorted(groups.items()):
        start, end = _span(items)
        reference = references.get(sector, start, end)
        decided += zip(items, adjudicate_batch((item.snapshot for item in items), reference), strict=True)
    return decided


def files_decide(rows: list[FileRow], ctx: RunContext) -> ChunkResult:
    """Decide the files `rows` (read by `files_lock` or `files_next`: locked, status received, in the
    order the engine should see them) and write everything. Call it inside a transaction."""
    if not rows:
        return ChunkResult([], 0)
    profile = ctx.profile
    chunk = chunk_read(rows, profile=profile, facilities=ctx.builder.facilities)
    raised = chunk_signals(chunk, profile=profile, peers=ctx.peer_averages())
    built = ctx.builder.build(chunk, flags={i: tuple(s.code for s in found) for i, found in raised.items()})
    decided = [(item, d, ctx.targets[d.routing].value) for item, d in _engine(built, ctx.references)]
    # The decisions (FileDecision rows, source engine) and one audit event per file are the record.
    written = decisions_write(decided, signals=raised, on=ctx.on, now=timezone.now(), actor=ctx.actor)
    finished = [w.file_id for w in written if w.status in _DECIDED]
    if finished:
        # Inside the chunk's transaction: the receivers write their messages in it (the notifications'
        # outbox), so a run killed just after a chunk commits has lost none of its SMS.
        signals.billing_files_decided.send(sender=BillingFile, file_ids=finished)
    return ChunkResult(written, sum(len(item.lines) for item in built))


def files_lock(file_ids: Sequence[int]) -> list[FileRow]:
    """The files of `file_ids` still received, locked (waiting for a transaction that holds one), oldest
    received first: the engine counts duplicates across files in this order."""
    return files_by_id(file_ids, lock="wait", received=True)


def files_next(
    after: tuple[datetime.date, int] | None, size: int, part: tuple[int, int] | None = None
) -> list[FileRow]:
    """The next `size` received files after the key `after` (date received, id), locked; files another
    transaction holds are skipped (another runner is deciding them). `part` (number, of how many) keeps
    the files of one share of the beneficiaries, so that runners working side by side each see every file
    of their beneficiaries, in order."""
    where = "f.status = %s AND f.received_on IS NOT NULL"
    params: list[Any] = [FileStatus.RECEIVED.value]
    if after is not None:
        # A row comparison: the queue index (status, received_on, id) is entered at the key.
        where += " AND (f.received_on, f.id) > (%s, %s)"
        params += list(after)
    if part is None:
        return files_select(where, params, limit=size, lock="skip")
    where += _SHARE
    params += [part[1], part[0]]
    if not is_postgres():
        return files_select(where, params, limit=size, lock="skip")
    with connection.cursor() as cursor:
        # PostgreSQL cannot estimate the share's condition and would sort every received file to find the
        # first of them; walking the queue index in order stops after `size` files of the share.
        cursor.execute(_WALK_THE_QUEUE)
        rows = files_select(where, params, limit=size, lock="skip")
        cursor.execute(_PLAN_FREELY)
    return rows


def received_count() -> int:
    """How many files wait for the engine (received, their date of receipt known): a run's whole work."""
    return BillingFile.objects.filter(status=FileStatus.RECEIVED, received_on__isnull=False).count()


@dataclass(slots=True)
class RunResult:
    files: int = 0
    lines: int = 0
    chunks: int = 0
    statuses: Counter = field(default_factory=Counter)

    def add(self, files: int, lines: int, statuses: Counter) -> None:
        self.files += files
        self.lines += lines
        self.chunks += 1
        self.statuses.update(statuses)


def runs_stream(
    ctx: RunContext,
    *,
    chunk: int = CHUNK,
    limit: int | None = None,
    part: tuple[int, int] | None = None,
    report: Callable[[int, int, Counter], Any] | None = None,
) -> RunResult:
    """Decide the received files (of the share `part` of the beneficiaries, see `files_next`), one
    transaction per chunk; `report(files, lines, statuses)` after each chunk."""
    result = RunResult()
    after = None
    with collector_paused():
        while limit is None or result.files < limit:
            size = chunk if limit is None else min(chunk, limit - result.files)
            with transaction.atomic():
                if is_postgres():
                    with connection.cursor() as cursor:
                        cursor.execute(_CHUNK_SETTINGS)
                rows = files_next(after, size, part)
                if not rows:
                    break
                done = files_decide(rows, ctx)
            after = (rows[-1].received_on, rows[-1].id)
            files, lines = done.files, done.lines
            statuses = Counter(w.status for w in done.written)
            del rows, done  # the chunk's objects go before the collector walks what is left
            survivors_collect()
            result.add(files, lines, statuses)
            if report is not None:
                report(files, lines, statuses)
    return result


def claims_adjudicate_run(
    *,
    on: datetime.date,
    actor: Any = None,
    chunk: int = CHUNK,
    limit: int | None = None,
    workers: int = 1,
    progress: Callable[[RunResult], Any] | None = None,
) -> RunResult:
    """Decide every received file, `chunk` files per transaction, oldest received first (at most `limit`
    files); `progress(result so far)` is called after each chunk. Files received while it runs are taken
    if their key comes after the last chunk's; a rerun takes what is left.

    With `workers` > 1 (PostgreSQL), as many processes share the work, each deciding the files of its
    share of the beneficiaries (see `workers`); the files must be committed before the run. If one of
    them fails, the others are stopped and `faults.RunStopped` says how many files are still received.

    On PostgreSQL the statistics of the tables the run reads are refreshed first where they are stale
    (see `statistics`): a run planned on the statistics of before a bulk load takes several times longer.
    """
    statistics_refresh()
    if workers > 1 and limit is None and is_postgres():
        from sanad.claims.runner.workers import runs_parallel

        ctx = RunContext.start(on=on, actor=actor, peers=False)
        return runs_parallel(ctx, chunk=chunk, workers=workers, progress=progress)
    ctx = RunContext.start(on=on, actor=actor)
    total = RunResult()

    def report(files: int, lines: int, statuses: Counter) -> None:
        total.add(files, lines, statuses)
        if progress is not None:
            progress(total)

    runs_stream(ctx, chunk=chunk, limit=limit, report=report)
    return total
