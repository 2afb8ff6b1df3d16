"""Running the engine over many files: the cyclic garbage collector paused.

Deciding makes millions of short-lived tuples and almost no reference cycles; they are freed by their
reference counts. Left to its thresholds, the collector would walk them again and again (a tenth of a
settlement run). Callers that keep objects from one batch to the next collect once after each batch.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_frozen() -> Iterator[None]:
    """Move what exists out of the collector's reach until the block ends, without collecting it first.
    Processes forked inside never walk what they inherit: a walk writes to every object it visits, and
    would make each process copy every page of its parent's objects."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Freeze what exists (long-lived: inputs, caches, modules) and pause the cyclic collector until the
    block ends."""
    enabled = gc.isenabled()
    gc.collect()
    with collector_frozen():
        gc.disable()
        try:
            yield
        finally:
            if enabled:
                gc.enable()


def survivors_collect() -> None:
    """Collect the cycles among what a batch left alive: only its survivors are still tracked, a short
    walk."""
    gc.collect(1)
