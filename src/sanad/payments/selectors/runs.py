"""Reading settlement runs: the list (newest first, paged by key), a run with its orders and bank files, and
what a run would gather before it is started."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import require
from sanad.payments.gathering import Preview, Scope, files_preview
from sanad.payments.models import BankFile, ConfirmationImport, PaymentOrder, SettlementRun, Transfer

_TOP = str(2**62)  # a cursor above every id: the newest page


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFilters:
    status: str = ""
    # Runs whose period overlaps these days.
    period_from: datetime.date | None = None
    period_to: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class RunPage:
    rows: list[SettlementRun]
    older: str | None
    newer: str | None


def run_rows(*, user: Any, filters: RunFilters) -> QuerySet[SettlementRun]:
    require(user, "payments.view")
    rows = SettlementRun.objects.select_related("prepared_by", "approved_by")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.period_from:
        rows = rows.filter(period_end__gte=filters.period_from)
    if filters.period_to:
        rows = rows.filter(period_start__lte=filters.period_to)
    return rows


def run_page(
    *, user: Any, filters: RunFilters, older: str = "", newer: str = "", size: int = PAGE_SIZE
) -> RunPage:
    """A page of runs, newest first, paged by id (never an OFFSET)."""
    rows = run_rows(user=user, filters=filters)
    older, newer = (c if c.isdigit() else "" for c in (older, newer))
    if newer:
        page = key_page(rows, key="id", after=newer, size=size)
        return RunPage(page.rows[::-1], older=page.prev_before, newer=page.next_after)
    page = key_page(rows, key="id", before=older or _TOP, size=size)
    after_last = str(page.rows[-1].pk) if older and page.rows else None
    return RunPage(page.rows[::-1], older=page.prev_before, newer=after_last)


def run_get(*, user: Any, run_id: int) -> SettlementRun:
    require(user, "payments.view")
    try:
        return SettlementRun.objects.select_related("prepared_by", "approved_by").get(pk=run_id)
    except SettlementRun.DoesNotExist:
        raise Http404 from None


def order_page(*, run: SettlementRun, after: str = "", status: str = "") -> KeyPage[PaymentOrder]:
    """A run's orders, by id, with their payee and latest transfer."""
    rows = PaymentOrder.objects.filter(run=run).select_related("facility", "member")
    if status:
        rows = rows.filter(status=status)
    page = key_page(rows, key="id", after=after if after.isdigit() else "")
    transfers: dict[int, Any] = dict.fromkeys(order.pk for order in page.rows)
    for transfer in Transfer.objects.filter(order__in=page.rows).order_by("attempt"):
        transfers[transfer.order_id] = transfer  # the latest attempt wins
    for order in page.rows:
        order.last_transfer = transfers[order.pk]
    return page


def order_counts(*, run: SettlementRun) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in run.payment_orders.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def bank_files_of(*, run: SettlementRun) -> list[BankFile]:
    return list(run.bank_files.defer("xml").select_related("created_by"))


def bank_file_get(*, user: Any, pk: int) -> BankFile:
    require(user, "payments.view")
    try:
        return BankFile.objects.select_related("run").get(pk=pk)
    except BankFile.DoesNotExist:
        raise Http404 from None


def confirmations_recent(*, user: Any, size: int = 20) -> list[ConfirmationImport]:
    require(user, "payments.view")
    return list(ConfirmationImport.objects.defer("content").select_related("imported_by")[:size])


def settlement_preview(
    *,
    user: Any,
    period_start: datetime.date,
    period_end: datetime.date,
    region: str = "",
    facility_kind: str = "",
) -> Preview:
    """What a run over this scope would gather now."""
    require(user, "payments.prepare")
    return files_preview(
        Scope(start=period_start, end=period_end, region=region, facility_kind=facility_kind)
    )
