"""The claims' clocks (issue 20, §1): files decided and paid within the processing clock, files overdue.

The processing clock runs from the day the fund received a file to its due date (`BillingFile.due_on`, set
on receipt from the profile's `claims.processing_clock`: 30 days, seeds 000, 002 and 004, working days and
holidays as the profile counts them); a file is on time when decided, or paid, on or before it.

What each query reads, and its index:
- the day's decisions: FileDecision by `decided_on` (no index yet: the claims app is to add
  `Index(fields=["decided_on", "id"])`; until then each day reads every decision), then their file, sheet
  and facility by primary key;
- the day's payments: PaymentOrder by `paid_on` (no index yet, a small table: one order per payee and run),
  then SettledFile by its order (the foreign key's index);
- the overdue files: BillingFile's (status, due_on, id).
Every query groups in SQL; a day never reads a line of a care sheet.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import BillingFile, FileDecision
from sanad.claims.selectors.decided import DecidedFilters, decisions_decided
from sanad.claims.selectors.queues import OPEN_STATUSES
from sanad.claims.statuses import FileStatus
from sanad.common.permissions import Role
from sanad.funds.types import FundProfile
from sanad.payments.models import SettledFile
from sanad.payments.statuses import OrderStatus
from sanad.reports.compute import FigureRow
from sanad.reports.compute._durations import bucket_days, hours_of_days
from sanad.reports.indicators import (
    Area,
    Indicator,
    Measure,
    Selection,
    address,
    register,
    selected_facility_code,
)

# Who sees what (sanad.common.permissions.Role): the fund's staff of the claims and their managers; facility
# staff see their own facility's rows of the indicators that name them.
EVERYONE = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
CLAIMS_STAFF = frozenset({Role.CLAIMS_CHECKER, Role.MEDICAL_ADVISER}) | EVERYONE
FINANCE = frozenset({Role.FINANCE_OFFICER}) | EVERYONE
FACILITY = frozenset({Role.FACILITY_STAFF})


def dimensions(file_path: str) -> dict[str, F]:
    """A figure's dimensions as `values()` expressions, read through the billing file at `file_path` (""
    when the query is on BillingFile itself)."""
    prefix = f"{file_path}__" if file_path else ""
    return {
        "dim_facility": F(f"{prefix}facility_id"),
        "dim_region": F(f"{prefix}facility__region"),
        "dim_kind": F(f"{prefix}facility__kind"),
        "dim_care": F(f"{prefix}care_sheet__care_type"),
    }


def dims_of(row: dict[str, Any]) -> dict[str, Any]:
    """A grouped row's dimensions, as FigureRow's fields."""
    return {
        "facility_id": row["dim_facility"],
        "region": row["dim_region"] or "",
        "facility_kind": row["dim_kind"] or "",
        "care_type": row["dim_care"] or "",
    }


def decisions_final(*, day: datetime.date) -> QuerySet[FileDecision]:
    """The decisions of the day that settled their file (every one of them, current or since replaced):
    the engine's when it validates or rejects on its own, or a person's (`sanad.claims.selectors.decided`)."""
    return decisions_decided(filters=DecidedFilters(decided_from=day, decided_to=day))


def _clock_rows(indicator: str, rows: Iterable[dict[str, Any]], day: datetime.date) -> Iterator[FigureRow]:
    """Rows grouped by dimensions, day received and due date: the duration is the same for each group."""
    for row in rows:
        received, due, n = row["received"], row["due"], row["n"]
        if received is None:
            continue
        days = (day - received).days
        yield FigureRow(
            indicator=indicator,
            count=n,
            on_time=n if due is not None and day <= due else 0,
            hours=n * hours_of_days(days),
            key=bucket_days(days),
            **dims_of(row),
        )


def decided_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    dims = dimensions("billing_file")
    rows = (
        decisions_final(day=day)
        .values(**dims, received=F("billing_file__received_on"), due=F("billing_file__due_on"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _clock_rows("claims_decided", rows, day)


def paid_files(*, day: datetime.date) -> QuerySet[SettledFile]:
    """The files whose payment left the fund that day: settled in an order the bank confirmed paid on it."""
    return SettledFile.objects.filter(order__paid_on=day, order__status=OrderStatus.PAID)


def paid_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    dims = dimensions("billing_file")
    rows = (
        paid_files(day=day)
        .values(**dims, received=F("billing_file__received_on"), due=F("billing_file__due_on"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _clock_rows("claims_paid", rows, day)


def overdue_files(*, day: datetime.date) -> QuerySet[BillingFile]:
    """Files still in the fund's pipeline whose due date has passed at the end of `day` (the overdue list
    opened the next morning: due before that day)."""
    return BillingFile.objects.filter(status__in=OPEN_STATUSES, due_on__lte=day)


def overdue_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    rows = overdue_files(day=day).values("status", **dimensions("")).annotate(n=Count("pk"))
    for row in rows.order_by():
        yield FigureRow(indicator="claims_overdue", count=row["n"], key=row["status"], **dims_of(row))


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    yield from decided_rows(day=day)
    yield from paid_rows(day=day)
    yield from overdue_rows(day=day)


# ---- Links ----------------------------------------------------------------------------------------------


def list_query(selection: Selection, **extra: Any) -> str:
    """A list's query string carrying a selection's dimensions (blank ones left out)."""
    params = {
        "facility": selected_facility_code(selection),
        "region": selection.region,
        "facility_kind": selection.facility_kind,
        "care_type": selection.care_type,
        **extra,
    }
    return urlencode({name: value for name, value in params.items() if value not in ("", None)})


def _overdue_link(selection: Selection) -> str | None:
    """The fund's overdue list, one step of the pipeline (the key) at a time: what is overdue now, the
    state the last day's figure counts."""
    if selection.key not in OPEN_STATUSES:
        return None
    return f"{address('claims:fund_overdue')}?{list_query(selection, status=selection.key)}"


def decided_link(selection: Selection, **extra: str) -> str:
    """The fund's list of the decisions of the selection's period with its dimensions (and `extra`)."""
    query = list_query(
        selection,
        decided_from=selection.start.isoformat(),
        decided_to=selection.end.isoformat(),
        **extra,
    )
    return f"{address('claims:fund_decided')}?{query}"


def _decided_link(selection: Selection) -> str:
    """The decisions of the period; a bucket (whole days from receipt) narrows them to its days. Bucket "0"
    also holds a file decided before its recorded receipt (the days are floored at 0): no lower bound."""
    if not selection.key.isdigit():
        return decided_link(selection)
    bounds = {"days_to": selection.key}
    if selection.key != "0":
        bounds["days_from"] = selection.key
    return decided_link(selection, **bounds)


def paid_link(selection: Selection, **extra: str) -> str:
    """The finance list of what was paid in the selection's period with its dimensions (and `extra`)."""
    query = list_query(selection, start=selection.start.isoformat(), end=selection.end.isoformat(), **extra)
    return f"{address('payments:paid_list')}?{query}"


def _paid_link(selection: Selection) -> str:
    """The files settled in orders paid in the period; a bucket narrows them to its days from receipt
    (bucket "0" also holds a file paid before its recorded receipt: no lower bound)."""
    bounds = {"kind": "file"}
    if selection.key.isdigit():
        bounds["days_to"] = selection.key
        if selection.key != "0":
            bounds["days_from"] = selection.key
    return paid_link(selection, **bounds)


def _status_label(key: str) -> str:
    return str(FileStatus(key).label) if key in FileStatus.values else key


register(
    Indicator(
        code="claims_decided",
        label=_("Files decided"),
        area=Area.CLOCKS,
        measure=Measure.ON_TIME,
        description=_(
            "Billing files decided that day (validated or rejected by the engine, a claims checker or a "
            "medical adviser), and how many within the processing clock of 30 days from receipt "
            "(seeds 000, 002, 004)."
        ),
        roles=CLAIMS_STAFF | FACILITY,
        link=_decided_link,
        key_name=_("days from receipt"),
        duration_unit="days",
        public=True,
    ),
    Indicator(
        code="claims_paid",
        label=_("Files paid"),
        area=Area.CLOCKS,
        measure=Measure.ON_TIME,
        description=_(
            "Billing files whose payment the bank confirmed that day, and how many within 30 days of "
            "their receipt (seed 000: validation, settlement and payment within the processing time)."
        ),
        roles=CLAIMS_STAFF | FINANCE | FACILITY,
        link=_paid_link,
        key_name=_("days from receipt"),
        duration_unit="days",
    ),
    Indicator(
        code="claims_overdue",
        label=_("Files overdue"),
        area=Area.CLOCKS,
        measure=Measure.COUNT,
        description=_(
            "Billing files still being processed at the end of the day whose processing clock of 30 days "
            "from receipt has run out (seeds 000, 002, 004), by step of the processing."
        ),
        roles=CLAIMS_STAFF,
        link=_overdue_link,
        key_label=_status_label,
        key_name=_("step of the processing"),
        snapshot=True,
    ),
)
