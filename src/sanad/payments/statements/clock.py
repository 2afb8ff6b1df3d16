"""The processing clock of a billing file, from the day the fund received it to the day it was paid (seed
000, CNASS: "30 jours à compter de la réception"; each profile's `claims.processing_clock` sets the file's
due date), and the validated files still unpaid past that date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from sanad.claims.models import BillingFile, FileDecision
from sanad.claims.statuses import FileStatus
from sanad.payments.models import SettledFile
from sanad.payments.statuses import OrderStatus

# An order in these statuses has been paid, or owed nothing: its files' clock has stopped.
SETTLED = (OrderStatus.PAID, OrderStatus.NOTHING_DUE)


@dataclass(frozen=True, slots=True)
class Clock:
    """Days from receipt to payment (to `today` while unpaid), and whether the due date was passed."""

    days: int
    paid: bool
    late: bool


def processing_clock(
    *,
    received_on: datetime.date,
    due_on: datetime.date | None,
    paid_on: datetime.date | None,
    today: datetime.date,
) -> Clock:
    """The clock of one file: it runs from the day received and stops on the day paid."""
    end = paid_on or today
    return Clock(
        days=(end - received_on).days, paid=paid_on is not None, late=due_on is not None and end > due_on
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class OverdueFilters:
    facility: str = ""  # a facility's code
    region: str = ""
    # Received on or after / before these days.
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None


def files_unpaid_overdue(*, today: datetime.date, filters: OverdueFilters) -> QuerySet[BillingFile]:
    """Validated files past their due date and not paid yet: not settled by any run, or settled in an order
    still to pay, sent or rejected by the bank. Oldest received first."""
    paid = SettledFile.objects.filter(billing_file=OuterRef("pk"), order__status__in=SETTLED)
    rows = (
        BillingFile.objects.filter(status=FileStatus.VALIDATED, due_on__lt=today)
        .filter(~Exists(paid))
        .select_related("facility", "settlement__run", "settlement__order")
    )
    if filters.facility:
        rows = rows.filter(facility__code=filters.facility)
    if filters.region:
        rows = rows.filter(facility__region=filters.region)
    if filters.received_from:
        rows = rows.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        rows = rows.filter(received_on__lte=filters.received_to)
    return rows.order_by("received_on", "id")


def overdue_totals(*, today: datetime.date) -> tuple[int, Decimal]:
    """(count, fund share) of the validated files unpaid past their due date, for the finance home."""
    overdue = files_unpaid_overdue(today=today, filters=OverdueFilters()).values("pk")
    sums = FileDecision.objects.filter(billing_file_id__in=overdue, is_current=True).aggregate(
        n=Count("pk"), amount=Sum("fund_share")
    )
    return sums["n"] or 0, Decimal(sums["amount"] or 0).quantize(Decimal("0.01"))
