"""The engine: applies every rule to a claim snapshot and gives a decision per line and per file.

Order of the rules on a line (the first rejection stops the line; later checks would add nothing to it):
time bar → rights (and dependant conditions) → facility agreement and direct-billing access → code known →
benefit package → facility kind and level → age and sex → duplicates (of a line paid or of the batch; a
copy of a file still being processed is kept for the administrative check) → prior approval → frequency →
valuation (tariff, base, rate, pyramid penalty, yearly ceiling) → medical flags (protocol, overbilling) →
copy of a file being processed → documents. The file then gets its payee (direct-billing threshold), status
and routing (review limit, anomaly flags, random sample).

The rules live in ``rules/``; the engine only sequences them: ``decide.py`` over the lines of one file,
with the per-day context (``context.py``), the line steps kept out of its loop (``steps.py``) and the files
decided without line work (``closing.py``). For speed it reads one precomputed plan per line
(``plan.py``), skips a rule that cannot apply (an item without constraints, a profile without a pyramid, a
file without history) and tests inline the cheap trigger of a few rules before calling them for their
finding; findings are built only when needed.

The engine is pure: the same snapshot and reference give the same decision. ``adjudicate_batch`` keeps,
across the files of one batch, the lines accepted (duplicates), the authorization units used and the
amounts counted against yearly ceilings, so the order of the files in a batch matters, as at the counter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sanad.adjudication.context import BatchState
from sanad.adjudication.decide import decide_file
from sanad.adjudication.decision import Decision
from sanad.adjudication.inputs import ClaimSnapshot
from sanad.adjudication.reference import ReferenceSnapshot

__all__ = ["BatchState", "adjudicate", "adjudicate_batch"]


def adjudicate(snapshot: ClaimSnapshot, reference: ReferenceSnapshot) -> Decision:
    """Decide on one billing file against the reference data. Pure and deterministic."""
    return decide_file(snapshot, reference, BatchState())


def adjudicate_batch(snapshots: Iterable[ClaimSnapshot], reference: ReferenceSnapshot) -> Iterator[Decision]:
    """Decide on the files of one batch in order, detecting duplicates across files and counting prior
    authorization units and yearly ceilings across them. Lazy: decisions stream out one by one."""
    state = BatchState()
    for snapshot in snapshots:
        yield decide_file(snapshot, reference, state)
