"""Several runners side by side: the work of `runner.claims_adjudicate_run` spread over processes.

PostgreSQL does most of a run's work (each decision writes a row and its lines into indexed tables, each
status change rewrites the file's index entries); one connection is one server process, so one runner
uses at most one core on each side. Each worker is a forked process with its own connection, deciding
the files of its share of the beneficiaries: all the files of one person go through one worker, in order,
so duplicates, frequencies and anomaly signals see the files decided before them, as with one runner.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import connections

from sanad.adjudication.collector import collector_frozen
from sanad.claims.runner.decide import RunContext, RunResult, runs_stream

# The parent's connections, kept aside in a worker: using one would mix two processes' messages on one
# socket, and closing one would end the parent's session (its transaction too).
_INHERITED: list[Any] = []


def _own_connections() -> None:
    for connection in connections.all(initialized_only=True):
        _INHERITED.append(connection)
        connections[connection.alias] = connections.create_connection(connection.alias)


def _work(ctx: RunContext, part: int, parts: int, chunk: int, queue: Any, inbox: Any) -> None:
    try:
        _own_connections()
        if ctx.peers is None:  # they come from the parent, which computes them while the workers start
            ctx.peers_arrive = inbox.recv
        runs_stream(
            ctx,
            chunk=chunk,
            part=(part, parts),
            report=lambda files, lines, statuses: queue.put(("chunk", (files, lines, statuses))),
        )
        queue.put(("done", None))
    except BaseException:
        queue.put(("error", traceback.format_exc()))
    finally:
        for connection in connections.all(initialized_only=True):
            if connection not in _INHERITED:
                connection.close()


def runs_parallel(
    ctx: RunContext,
    *,
    chunk: int,
    workers: int,
    progress: Callable[[RunResult], Any] | None = None,
) -> RunResult:
    """Run `workers` forked runners over the received files and add up what they decided. Without peer
    averages in `ctx`, the day's are read (or computed) here while the workers read their first chunks (a
    quarter of lines to scan: it would otherwise hold every worker back), and each worker gets them before
    it raises its first signals."""
    fork = multiprocessing.get_context("fork")
    queue = fork.Queue()
    pipes = [fork.Pipe(duplex=False) for _ in range(workers)]
    processes = [
        fork.Process(target=_work, args=(ctx, n, workers, chunk, queue, pipes[n][0])) for n in range(workers)
    ]
    with collector_frozen():  # each worker's collections walk only what it makes itself
        for process in processes:
            process.start()
    if ctx.peers is None:
        try:
            averages = ctx.peers_of_day()
        except BaseException:
            for process in processes:
                process.terminate()
                process.join()
            raise
        for _inbox, outbox in pipes:
            outbox.send(averages)
    total, running, failures = RunResult(), workers, []
    while running:
        kind, payload = queue.get()
        if kind == "chunk":
            files, lines, statuses = payload
            total.add(files, lines, Counter(statuses))
            if progress is not None:
                progress(total)
        else:
            running -= 1
            if kind == "error":
                failures.append(payload)
    for process in processes:
        process.join()
    if failures:
        raise RuntimeError("a runner failed:\n" + "\n".join(failures))
    return total
