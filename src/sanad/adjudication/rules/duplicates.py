"""Duplicates: the same service already paid, billed twice in the same batch, or billed in another file
still being processed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from sanad.adjudication.codes import Reason
from sanad.adjudication.decision import Finding, finding
from sanad.adjudication.inputs import HistoryLine, PendingLine

RULE = "duplicates"

#: (beneficiary, code, service date, facility) of a line.
LineKey = tuple[str, str, date, str]


def paid_index(beneficiary_id: str, history: Iterable[HistoryLine]) -> dict[LineKey, str]:
    """Index the beneficiary's lines already paid by their key → claim id."""
    return {(beneficiary_id, h.code, h.service_date, h.facility_id): h.claim_id for h in history}


def pending_index(beneficiary_id: str, pending: Iterable[PendingLine]) -> dict[LineKey, str]:
    """Index the beneficiary's lines of files still being processed by their key → claim id (the first
    file given that has the key)."""
    found: dict[LineKey, str] = {}
    for p in pending:
        found.setdefault((beneficiary_id, p.code, p.service_date, p.facility_id), p.claim_id)
    return found


def check_duplicate(
    key: LineKey,
    paid: Mapping[LineKey, str] | None,
    seen: Mapping[LineKey, int] | None,
    file_no: int,
    claims: Sequence[str] = (),
) -> Finding | None:
    """A line with the same beneficiary, code, date of service and facility as a line already paid, or as
    a line of an earlier file of the same batch, is a duplicate and is rejected.

    ``seen`` maps the keys of the lines accepted so far in the batch to the number of their file, and
    ``claims`` gives the claim id of each file number; a repeat inside the same file (same ``file_no``)
    is a quantity, left to the frequency rule.
    Source: 000_* (administrative check of care sheets and invoices), as real funds apply it; the
    within-batch check follows the batches of 002_*.
    """
    if paid:
        first = paid.get(key)
        if first is not None:
            return finding(Reason.DUPLICATE_ALREADY_PAID, RULE, code=key[1], date=key[2], claim=first)
    if seen:
        earlier = seen.get(key)
        if earlier is not None and earlier != file_no:
            return finding(Reason.DUPLICATE_IN_BATCH, RULE, code=key[1], date=key[2], claim=claims[earlier])
    return None


def check_pending(key: LineKey, pending: Mapping[LineKey, str] | None) -> Finding | None:
    """A line with the same beneficiary, code, date of service and facility as a line of another file the
    fund received before it and has not decided yet (received, in administrative check or in medical
    review; never a cancelled or rejected one) goes to the administrative check, the other file named.

    It is not rejected: neither file is paid yet, and which one is the copy is for a checker to say.
    Source: 000_* (administrative check of care sheets and invoices), as real funds apply it.
    """
    if not pending:
        return None
    other = pending.get(key)
    if other is None:
        return None
    return finding(Reason.DUPLICATE_IN_PROCESS, RULE, code=key[1], date=key[2], claim=other)
