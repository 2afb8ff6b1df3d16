"""Paid rights for benchmark registers, written in bulk: a contribution per member and the rights period it
opens (COPY on PostgreSQL), without model instances, for registers of a million members."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils import timezone

from sanad.common.bulk_sql import ids_reserve, rows_insert
from sanad.registry.models import Contribution, RightsPeriod

_CHUNK = 50_000
_CONTRIBUTION = (
    *("id", "member_id", "method", "operator", "reference", "cheque_number", "bank", "payer", "salary"),
    *("persons", "insured_share", "sponsor_share", "amount", "currency", "period_start", "period_end"),
    *("paid_on", "receipt_number", "created_at", "recorded_by_id"),
)
_PERIOD = ("member_id", "contribution_id", "paid_from", "start", "end")


def paid_rights_write(
    member_ids: Sequence[int],
    *,
    currency: str,
    start: datetime.date,
    end_of: Callable[[int], datetime.date],
) -> None:
    """A cash contribution of 200 paid on `start` for each member and the rights it opens from `start` to
    `end_of(rank of the member)`."""
    now = timezone.now()
    for first in range(0, len(member_ids), _CHUNK):
        part = member_ids[first : first + _CHUNK]
        rows, periods = [], []
        for rank, (member_id, contribution_id) in enumerate(
            zip(part, ids_reserve(Contribution, len(part)), strict=True), start=first
        ):
            end = end_of(rank)
            rows.append(
                (
                    *(contribution_id, member_id, "cash", "", "", "", "", "", None, 1),
                    *(Decimal("100"), Decimal("100"), Decimal("200"), currency, start, end),
                    *(start, f"BENCH-{contribution_id}", now, None),
                )
            )
            periods.append((member_id, contribution_id, start, start, end))
        rows_insert(Contribution, _CONTRIBUTION, rows)
        rows_insert(RightsPeriod, _PERIOD, periods)
