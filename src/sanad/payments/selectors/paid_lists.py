"""The money lists behind the finance indicators (issue 20, §2: every figure is a link to the list behind
it): what was paid in a period (files settled in orders the bank confirmed paid, and supplements), what was
recovered (offset against those orders, or paid back by the payee) and what is still to pay (validated
files not paid yet).

A paid or recovered row is one of two kinds read from two tables; a page merges them by (day, kind, id),
oldest first, and its cursor is that key (forward only). The period reads PaymentOrder by `paid_on` (no
index yet: a small table, one order per payee and run) and Recovery by `paid_back_on` (no index yet: the
recoveries are few); each row's file, sheet and facility by key.
"""

from __future__ import annotations

import datetime
import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from sanad.claims.models import BillingFile, FileDecision
from sanad.claims.statuses import DecisionSource, FileStatus, Outcome, RoutingChoice
from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import can
from sanad.payments.models import RecoveryOffset, SettledFile, Supplement
from sanad.payments.models.recoveries import Recovery
from sanad.payments.statuses import OrderStatus

# The kinds of rows, in the order a day lists them.
SETTLED_FILE, SUPPLEMENT = "file", "supplement"
OFFSET, PAID_BACK = "offset", "paid_back"
_RANK = {SETTLED_FILE: 0, SUPPLEMENT: 1, OFFSET: 0, PAID_BACK: 1}


@dataclass(frozen=True, slots=True, kw_only=True)
class MoneyFilters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    facility_ids: tuple[int, ...] | None = None
    region: str = ""
    facility_kind: str = ""
    care_type: str = ""
    kind: str = ""  # one kind of row only (SETTLED_FILE, SUPPLEMENT, OFFSET, PAID_BACK); blank: both
    # Whole days from the file's receipt to its payment, both included (settled files only).
    days_from: int | None = None
    days_to: int | None = None
    reason: str = ""  # a RecoveryReason (recoveries only)


@dataclass(frozen=True, slots=True)
class MoneyRow:
    kind: str
    pk: int
    day: datetime.date
    billing_file: BillingFile
    amount: Decimal
    order: Any = None  # the payment order, for a row paid or offset in one
    reason: str = ""  # the recovery's reason, for a recovery


def _dimensions(rows: QuerySet, path: str, filters: MoneyFilters) -> QuerySet:
    """The filters on the billing file at `path` ("": the query is on BillingFile), as the indicators group
    it."""
    path = f"{path}__" if path else ""
    if filters.facility_ids is not None:
        rows = rows.filter(**{f"{path}facility_id__in": filters.facility_ids})
    if filters.region:
        rows = rows.filter(**{f"{path}facility__region": filters.region})
    if filters.facility_kind:
        rows = rows.filter(**{f"{path}facility__kind": filters.facility_kind})
    if filters.care_type:
        rows = rows.filter(**{f"{path}care_sheet__care_type": filters.care_type})
    return rows.select_related(f"{path}facility", f"{path}care_sheet")


def _period(rows: QuerySet, day: str, filters: MoneyFilters) -> QuerySet:
    if filters.start is not None:
        rows = rows.filter(**{f"{day}__gte": filters.start})
    if filters.end is not None:
        rows = rows.filter(**{f"{day}__lte": filters.end})
    return rows


@dataclass(frozen=True, slots=True)
class _Source:
    kind: str
    rows: QuerySet
    day: str  # the path of the row's day
    row: Any  # model instance -> MoneyRow


def _cursor(row: MoneyRow) -> str:
    return json.dumps([row.day.isoformat(), _RANK[row.kind], row.pk])


def _decode(cursor: str) -> tuple[datetime.date, int, int] | None:
    try:
        day, rank, pk = json.loads(cursor)
        return datetime.date.fromisoformat(day), int(rank), int(pk)
    except (ValueError, TypeError):
        return None


def _after(source: _Source, cursor: tuple[datetime.date, int, int] | None) -> QuerySet:
    if cursor is None:
        return source.rows
    day, rank, pk = cursor
    mine = _RANK[source.kind]
    if mine > rank:
        return source.rows.filter(**{f"{source.day}__gte": day})
    if mine < rank:
        return source.rows.filter(**{f"{source.day}__gt": day})
    return source.rows.filter(Q(**{f"{source.day}__gt": day}) | Q(**{source.day: day, "pk__gt": pk}))


def _merged_page(sources: list[_Source], *, after: str, size: int) -> KeyPage[MoneyRow]:
    """A page of the sources' rows merged by (day, kind, id), after the cursor."""
    cursor = _decode(after) if after else None
    found: list[list[MoneyRow]] = []
    for source in sources:
        rows = _after(source, cursor).order_by(source.day, "pk")[: size + 1]
        found.append([source.row(item) for item in rows])
    merged = list(heapq.merge(*found, key=lambda r: (r.day, _RANK[r.kind], r.pk)))
    page = merged[:size]
    return KeyPage(rows=page, next_after=_cursor(page[-1]) if len(merged) > size else None)


def _paid_sources(filters: MoneyFilters) -> list[_Source]:
    sources = []
    if filters.kind in ("", SETTLED_FILE):
        settled = SettledFile.objects.filter(order__status=OrderStatus.PAID).select_related("order")
        settled = _dimensions(_period(settled, "order__paid_on", filters), "billing_file", filters)
        if filters.days_from is not None or filters.days_to is not None:
            # A duration compared as a duration: the same on SQLite and PostgreSQL.
            settled = settled.alias(waited=F("order__paid_on") - F("billing_file__received_on"))
            if filters.days_from is not None:
                settled = settled.filter(waited__gte=datetime.timedelta(days=filters.days_from))
            if filters.days_to is not None:
                settled = settled.filter(waited__lte=datetime.timedelta(days=filters.days_to))
        sources.append(
            _Source(
                SETTLED_FILE,
                settled,
                "order__paid_on",
                lambda s: MoneyRow(
                    SETTLED_FILE, s.pk, s.order.paid_on, s.billing_file, s.fund_share, s.order
                ),
            )
        )
    # The days from receipt are a settled file's clock: a supplement has none.
    days = filters.days_from is not None or filters.days_to is not None
    if filters.kind in ("", SUPPLEMENT) and not days:
        supplements = Supplement.objects.filter(order__status=OrderStatus.PAID).select_related("order")
        supplements = _dimensions(_period(supplements, "order__paid_on", filters), "billing_file", filters)
        sources.append(
            _Source(
                SUPPLEMENT,
                supplements,
                "order__paid_on",
                lambda s: MoneyRow(SUPPLEMENT, s.pk, s.order.paid_on, s.billing_file, s.amount, s.order),
            )
        )
    return sources


def _recovered_sources(filters: MoneyFilters) -> list[_Source]:
    sources = []
    if filters.kind in ("", OFFSET):
        offsets = RecoveryOffset.objects.filter(order__status=OrderStatus.PAID).select_related(
            "order", "recovery"
        )
        if filters.reason:
            offsets = offsets.filter(recovery__reason=filters.reason)
        offsets = _dimensions(_period(offsets, "order__paid_on", filters), "recovery__billing_file", filters)
        sources.append(
            _Source(
                OFFSET,
                offsets,
                "order__paid_on",
                lambda o: MoneyRow(
                    OFFSET,
                    o.pk,
                    o.order.paid_on,
                    o.recovery.billing_file,
                    o.amount,
                    o.order,
                    o.recovery.reason,
                ),
            )
        )
    if filters.kind in ("", PAID_BACK):
        paid_back = Recovery.objects.filter(paid_back__gt=0, paid_back_on__isnull=False)
        if filters.reason:
            paid_back = paid_back.filter(reason=filters.reason)
        paid_back = _dimensions(_period(paid_back, "paid_back_on", filters), "billing_file", filters)
        sources.append(
            _Source(
                PAID_BACK,
                paid_back,
                "paid_back_on",
                lambda r: MoneyRow(
                    PAID_BACK, r.pk, r.paid_back_on, r.billing_file, r.paid_back, None, r.reason
                ),
            )
        )
    return sources


def _check(user: Any) -> None:
    if not can(user, "payments.view"):
        raise PermissionDenied("payments.view")


def payment_list_paid(
    *, user: Any, filters: MoneyFilters, after: str = "", size: int = PAGE_SIZE
) -> KeyPage[MoneyRow]:
    """A page of what the fund paid in a period: the files settled in orders the bank confirmed paid, with
    their fund share, and the supplements those orders paid; oldest first."""
    _check(user)
    return _merged_page(_paid_sources(filters), after=after, size=size)


def recovery_list_recovered(
    *, user: Any, filters: MoneyFilters, after: str = "", size: int = PAGE_SIZE
) -> KeyPage[MoneyRow]:
    """A page of the sums got back in a period: offset against orders confirmed paid, or paid back by the
    payee; oldest first."""
    _check(user)
    return _merged_page(_recovered_sources(filters), after=after, size=size)


# A decision under which its file stood validated, for a decision since replaced (a file is decided again
# only from a queue, where its decision was not a validating one, or when a complaint reopens it): the
# engine's that validated the file on its own, or a person's that did not reject it.
_VALIDATED_FILE = Q(source=DecisionSource.ENGINE, routing=RoutingChoice.AUTO_APPROVE) | (
    ~Q(source=DecisionSource.ENGINE) & ~Q(status=Outcome.REJECTED)
)


def unpaid_by(rows: QuerySet[Any], day: datetime.date, *, file: str = "billing_file_id") -> QuerySet[Any]:
    """The rows whose file (at `file`) was not paid by the end of `day`: not settled in an order the bank
    confirmed paid on or before it (an order marked paid without a date: paid always), nor in an order
    that owed nothing (its files' fund share all offset) of a run of that day or before. Two lookups by
    the file's key, each a join PostgreSQL makes an anti-join of."""
    paid = SettledFile.objects.filter(billing_file_id=OuterRef(file), order__status=OrderStatus.PAID)
    paid = paid.filter(Q(order__paid_on__lte=day) | Q(order__paid_on__isnull=True))
    nothing_due = SettledFile.objects.filter(
        billing_file_id=OuterRef(file), order__status=OrderStatus.NOTHING_DUE, run__on__lte=day
    )
    return rows.filter(~Exists(paid)).filter(~Exists(nothing_due))


def _owed_current(day: datetime.date) -> QuerySet[FileDecision]:
    current = FileDecision.objects.filter(
        is_current=True, decided_on__lte=day, billing_file__status=FileStatus.VALIDATED
    )
    return unpaid_by(current, day)


def _owed_former(day: datetime.date) -> QuerySet[FileDecision]:
    decided_again = FileDecision.objects.filter(is_current=True, decided_on__gt=day).values("billing_file_id")
    later = FileDecision.objects.filter(
        billing_file_id=OuterRef("billing_file_id"), decided_on__lte=day, pk__gt=OuterRef("pk")
    )
    former = (
        FileDecision.objects.filter(_VALIDATED_FILE, is_current=False, decided_on__lte=day)
        .filter(billing_file_id__in=decided_again)
        .filter(~Exists(later))
    )
    return unpaid_by(former, day)


def payable_decisions(*, day: datetime.date) -> tuple[QuerySet[FileDecision], QuerySet[FileDecision]]:
    """What the fund owed at the end of `day`: the decision then in force (the latest decided on or
    before it) of each billing file it left validated, whose file was not paid by then.

    For today this is the validated files not paid and their current decision. For a past day it is read
    from dates, so that computing the day again later gives the same answer: a file validated then and
    paid since is counted; a file decided again since (a complaint upheld, a correction) is counted on the
    decision then in force, if that one validated it. A file whose order the bank rejected stays owed
    until an order of it is confirmed paid. Supplements owed on files already paid and recoveries are not
    in it: a file paid is paid (they are counted by the paid and recovered figures).

    Two parts, no file in both: the files whose current decision was in force (read through the file
    queue index by status), and the files decided again after `day` (by the decisions' day index; the
    few whose decision then in force validated them).
    """
    return _owed_current(day), _owed_former(day)


def payables_at(*, day: datetime.date) -> QuerySet[BillingFile]:
    """The billing files the fund owed at the end of `day` (`payable_decisions`), each with `owed`, the
    fund's share of its decision then in force."""
    owed = Q(status=FileStatus.VALIDATED, decisions__is_current=True, decisions__decided_on__lte=day)
    former = list(_owed_former(day).values_list("pk", flat=True))
    if former:
        owed |= Q(decisions__pk__in=former)
    rows = unpaid_by(BillingFile.objects.filter(owed), day, file="pk")
    return rows.annotate(owed=F("decisions__fund_share"))


def payables_current() -> QuerySet[BillingFile]:
    """Validated files the fund has not paid yet: not settled, or settled in an order still to pay, sent or
    rejected by the bank (what the payables figure of today counts: `payable_decisions`)."""
    return payables_at(day=timezone.localdate())


def payable_list(*, user: Any, filters: MoneyFilters, after: str = "", size: int = PAGE_SIZE) -> KeyPage[Any]:
    """A page of the validated files not paid yet (at the end of `filters.end`, today when blank), with the
    fund's share of their decision then in force, by id."""
    _check(user)
    owed = payables_current() if filters.end is None else payables_at(day=filters.end)
    rows = _dimensions(owed, "", filters)
    return key_page(rows, key="id", after=after, size=size)


def _walk(read: Any) -> Iterator[Any]:
    return rows_by_key(read)


def payments_export_paid(*, user: Any, filters: MoneyFilters) -> Iterator[MoneyRow]:
    _check(user)
    return _walk(lambda after: payment_list_paid(user=user, filters=filters, after=after, size=EXPORT_CHUNK))


def recoveries_export_recovered(*, user: Any, filters: MoneyFilters) -> Iterator[MoneyRow]:
    _check(user)
    return _walk(
        lambda after: recovery_list_recovered(user=user, filters=filters, after=after, size=EXPORT_CHUNK)
    )


def payables_export(*, user: Any, filters: MoneyFilters) -> Iterator[Any]:
    _check(user)
    return _walk(lambda after: payable_list(user=user, filters=filters, after=after, size=EXPORT_CHUNK))
