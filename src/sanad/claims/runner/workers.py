"""Several runners side by side: the work of `runner.claims_adjudicate_run` spread over processes.

PostgreSQL does most of a run's work (each decision writes a row and its lines into indexed tables, each
status change rewrites the file's index entries); one connection is one server process, so one runner
uses at most one core on each side. Each worker is a forked process with its own connection, deciding
the files of its share of the beneficiaries: all the files of one person go through one worker, in order,
so duplicates, frequencies and anomaly signals see the files decided before them, as with one runner.

A run survives its faults (issue #16 §3): each worker reports on a pipe of its own, and the parent watches
those pipes and the workers' sentinels together, so a worker that dies (killed, out of memory) or goes
silent is seen at once; the parent then stops the others and raises `RunStopped` with the count of files
still received, instead of waiting for ever. A worker ends with its parent (`faults.die_with_parent`).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from django.db import connections

from sanad.adjudication.collector import collector_frozen
from sanad.claims.runner.decide import RunContext, RunResult, received_count, runs_stream
from sanad.claims.runner.faults import (
    RunStopped,
    cause_of_error,
    cause_of_exit,
    cause_of_silence,
    die_with_parent,
    parent_check,
)

logger = logging.getLogger(__name__)

# How often the parent looks up from its pipes, and a worker waiting for the averages checks its parent.
_POLL = 1.0
# A worker that reports nothing for this long is taken as stuck (a chunk takes seconds, not minutes).
SILENCE = 30 * 60.0
# How long a worker asked to stop (SIGTERM) gets before it is killed.
_GRACE = 5.0

# The parent's connections, kept aside in a worker: using one would mix two processes' messages on one
# socket, and closing one would end the parent's session (its transaction too).
_INHERITED: list[Any] = []


def _own_connections() -> None:
    for connection in connections.all(initialized_only=True):
        _INHERITED.append(connection)
        connections[connection.alias] = connections.create_connection(connection.alias)


@dataclass(slots=True)
class _Ends:
    """A worker's two pipes: its reports go up `up`, the day's peer averages come down `down`."""

    up_read: Connection
    up_write: Connection
    down_read: Connection
    down_write: Connection

    def all(self) -> tuple[Connection, ...]:
        return (self.up_read, self.up_write, self.down_read, self.down_write)


def _averages_wait(inbox: Connection, parent: int) -> Any:
    while not inbox.poll(_POLL):
        parent_check(parent)
    return inbox.recv()


def _work(ctx: RunContext, part: int, parts: int, chunk: int, ends: list[_Ends], parent: int) -> None:
    die_with_parent(parent)
    mine = ends[part]
    # Only this worker's ends stay open here: the end of a dead worker's pipe is then closed everywhere,
    # so nobody blocks writing to it, and the parent reads its end of file.
    for other in ends:
        for end in other.all():
            if end is not mine.up_write and end is not mine.down_read:
                end.close()
    out = mine.up_write
    try:
        _own_connections()
        if ctx.peers is None:  # they come from the parent, which computes them while the workers start
            ctx.peers_arrive = lambda: _averages_wait(mine.down_read, parent)

        def report(files: int, lines: int, statuses: Counter) -> None:
            parent_check(parent)
            out.send(("chunk", (files, lines, dict(statuses))))

        runs_stream(ctx, chunk=chunk, part=(part, parts), report=report)
        out.send(("done", None))
    except BaseException:
        with contextlib.suppress(OSError):  # the parent is gone
            out.send(("error", traceback.format_exc()))
    finally:
        for connection in connections.all(initialized_only=True):
            if connection not in _INHERITED:
                connection.close()


@dataclass(slots=True)
class _Worker:
    number: int
    process: Any
    reports: Connection
    done: bool = False
    heard: float = 0.0  # when it last reported (time.monotonic)


def _send(outbox: Connection, averages: Any) -> None:
    """Hand the averages to one worker; from a thread, as a worker that never reads them must not hold the
    parent back (its pipe breaks once it is stopped)."""
    try:
        outbox.send(averages)
    except OSError:
        pass
    finally:
        outbox.close()


def _stop(workers: list[_Worker]) -> None:
    """Stop every worker still running (SIGTERM, then SIGKILL) and reap them all: their server sessions
    end with them, and PostgreSQL rolls back the chunks they were deciding."""
    for worker in workers:
        if worker.process.is_alive():
            worker.process.terminate()
    deadline = time.monotonic() + _GRACE
    for worker in workers:
        worker.process.join(max(0.0, deadline - time.monotonic()))
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()


class _Fault(Exception):
    def __init__(self, worker: _Worker, cause: str) -> None:
        super().__init__(cause)
        self.worker, self.cause = worker, cause


def _read(worker: _Worker, total: RunResult, progress: Callable[[RunResult], Any] | None) -> bool:
    """Take one report of `worker`; False at the end of its pipe (it is gone)."""
    try:
        kind, payload = worker.reports.recv()
    except (EOFError, OSError):
        return False
    worker.heard = time.monotonic()
    if kind == "chunk":
        files, lines, statuses = payload
        total.add(files, lines, Counter(statuses))
        if progress is not None:
            progress(total)
    elif kind == "done":
        worker.done = True
    else:
        logger.error("Runner %s failed:\n%s", worker.number + 1, payload)
        raise _Fault(worker, cause_of_error(payload))
    return True


def _watch(
    workers: list[_Worker], total: RunResult, progress: Callable[[RunResult], Any] | None, silence: float
) -> None:
    """Add up the workers' reports until each is done; `_Fault` as soon as one dies, fails or stays silent."""
    for worker in workers:
        worker.heard = time.monotonic()
    while pending := [w for w in workers if not w.done]:
        by_handle: dict[Any, _Worker] = {}
        for worker in pending:
            by_handle[worker.reports] = worker
            by_handle[worker.process.sentinel] = worker
        for handle in wait(list(by_handle), timeout=_POLL):
            worker = by_handle[handle]
            if worker.done:
                continue
            if handle is worker.reports and _read(worker, total, progress):
                continue
            # Its process ended, or its pipe did: read what it sent before, then judge.
            while not worker.done and worker.reports.poll(0) and _read(worker, total, progress):
                pass
            if not worker.done:
                worker.process.join(_GRACE)
                raise _Fault(worker, cause_of_exit(worker.process.exitcode))
        now = time.monotonic()
        for worker in pending:
            if not worker.done and now - worker.heard > silence:
                raise _Fault(worker, cause_of_silence(silence))


def runs_parallel(
    ctx: RunContext,
    *,
    chunk: int,
    workers: int,
    progress: Callable[[RunResult], Any] | None = None,
    silence: float = SILENCE,
) -> RunResult:
    """Run `workers` forked runners over the received files and add up what they decided. Without peer
    averages in `ctx`, the day's are read (or computed) here while the workers read their first chunks (a
    quarter of lines to scan: it would otherwise hold every worker back), and each worker gets them before
    it raises its first signals.

    If a worker dies, fails or reports nothing for `silence` seconds, the others are stopped and
    `RunStopped` says how many files are still received (what was committed stays decided)."""
    fork = multiprocessing.get_context("fork")
    ends = []
    for _n in range(workers):
        up_read, up_write = fork.Pipe(duplex=False)
        down_read, down_write = fork.Pipe(duplex=False)
        ends.append(_Ends(up_read, up_write, down_read, down_write))
    parent = os.getpid()
    processes = [
        fork.Process(target=_work, args=(ctx, n, workers, chunk, ends, parent), daemon=True)
        for n in range(workers)
    ]
    with collector_frozen():  # each worker's collections walk only what it makes itself
        for process in processes:
            process.start()
    for end in ends:  # the workers' ends: a worker's death then closes its pipes
        end.up_write.close()
        end.down_read.close()
    running = [_Worker(n, process, ends[n].up_read) for n, process in enumerate(processes)]
    total = RunResult()
    try:
        if ctx.peers is None:
            averages = ctx.peers_of_day()
            for end in ends:
                threading.Thread(target=_send, args=(end.down_write, averages), daemon=True).start()
        else:
            for end in ends:
                end.down_write.close()
        _watch(running, total, progress, silence)
    except _Fault as fault:
        _stop(running)
        raise RunStopped(
            runner=fault.worker.number + 1, runners=workers, cause=fault.cause, undecided=received_count()
        ) from None
    except BaseException:
        _stop(running)
        raise
    finally:
        for worker in running:
            worker.reports.close()
    for worker in running:
        worker.process.join()
    return total
