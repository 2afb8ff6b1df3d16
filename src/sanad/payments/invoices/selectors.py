"""Reading the facilities' global invoices: a facility's own, and the finance officer's list (newest first,
paged by id, filtered by facility, status and day of receipt)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sanad.common.paging import PAGE_SIZE, key_page
from sanad.common.permissions import require
from sanad.payments.models import GlobalInvoice

_TOP = str(2**62)  # a cursor above every id: the newest page


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceFilters:
    facility: str = ""  # facility code
    status: str = ""
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class InvoicePage:
    rows: list[GlobalInvoice]
    older: str | None
    newer: str | None


def invoices_of_facility(facility: Any) -> QuerySet[GlobalInvoice]:
    """The invoices a facility sent, newest first: a facility reads only its own."""
    return GlobalInvoice.objects.filter(facility=facility).select_related("batch").order_by("-id")


def invoice_rows(*, user: Any, filters: InvoiceFilters) -> QuerySet[GlobalInvoice]:
    require(user, "payments.view")
    rows = GlobalInvoice.objects.select_related("facility", "batch", "decided_by")
    if filters.facility:
        rows = rows.filter(facility__code__iexact=filters.facility)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.received_from:
        rows = rows.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        rows = rows.filter(received_at__date__lte=filters.received_to)
    return rows


def invoice_page(
    *, user: Any, filters: InvoiceFilters, older: str = "", newer: str = "", size: int = PAGE_SIZE
) -> InvoicePage:
    """A page of invoices, newest first, paged by id (never an OFFSET)."""
    rows = invoice_rows(user=user, filters=filters)
    older, newer = (c if c.isdigit() else "" for c in (older, newer))
    if newer:
        page = key_page(rows, key="id", after=newer, size=size)
        return InvoicePage(page.rows[::-1], older=page.prev_before, newer=page.next_after)
    page = key_page(rows, key="id", before=older or _TOP, size=size)
    after_last = str(page.rows[-1].pk) if older and page.rows else None
    return InvoicePage(page.rows[::-1], older=page.prev_before, newer=after_last)


def invoice_get(*, user: Any, pk: int) -> GlobalInvoice:
    require(user, "payments.view")
    try:
        return GlobalInvoice.objects.select_related("facility", "batch", "decided_by").get(pk=pk)
    except GlobalInvoice.DoesNotExist:
        raise Http404 from None
