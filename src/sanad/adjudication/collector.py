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
def collector_paused() -> Iterator[None]:
    """Freeze what exists (long-lived: inputs, caches, modules) and pause the cyclic collector until the
    block ends."""
    enabled = gc.isenabled()
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def survivors_collect() -> None:
    """Collect the cycles among what a batch left alive: only its survivors are still tracked, a short
    walk."""
    gc.collect(1)
