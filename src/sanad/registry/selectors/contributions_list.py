"""The fund-wide list of contributions paid in a period (issue 20: the list behind the contributions
collected, seed 003: cash, mobile money, bank transfer or cheque), by payment channel and member's region,
oldest paid first, paged by key.

The period reads Contribution by `paid_on` (its index); the key (paid_on, id) pages on it. The member by
primary key.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import can
from sanad.registry.models import Contribution, ContributionStatus

PAID_KEY = ("paid_on", "id")
ANY_STATUS = "any"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContributionFilters:
    paid_from: datetime.date | None = None
    paid_to: datetime.date | None = None
    method: str = ""  # a PaymentMethod
    region: str = ""  # the member's region
    # A ContributionStatus, or ANY_STATUS; blank: the payments that still open rights (those counted).
    status: str = ""


def may_read_contributions(user: Any) -> bool:
    """The register's staff, and the finance officer who answers for the money collected (the
    indicator's readers)."""
    return can(user, "registry.view") or can(user, "payments.view")


def contributions_paid(*, filters: ContributionFilters) -> QuerySet[Contribution]:
    """The contributions the filters keep (no reader check)."""
    rows = Contribution.objects.all()
    if filters.status != ANY_STATUS:
        rows = rows.filter(status=filters.status or ContributionStatus.RECORDED)
    if filters.paid_from is not None:
        rows = rows.filter(paid_on__gte=filters.paid_from)
    if filters.paid_to is not None:
        rows = rows.filter(paid_on__lte=filters.paid_to)
    if filters.method:
        rows = rows.filter(method=filters.method)
    if filters.region:
        rows = rows.filter(member__region=filters.region)
    return rows


def contribution_list_paid(
    *, user: Any, filters: ContributionFilters, after: str = "", before: str = "", size: int = PAGE_SIZE
) -> KeyPage[Contribution]:
    """A page of the contributions paid, oldest first, with their member."""
    if not may_read_contributions(user):
        raise PermissionDenied("registry.view")
    rows = contributions_paid(filters=filters).select_related("member")
    return key_page(rows, key=PAID_KEY, after=after, before=before, size=size)


def contributions_export_paid(*, user: Any, filters: ContributionFilters) -> Iterator[Contribution]:
    if not may_read_contributions(user):
        raise PermissionDenied("registry.view")
    return rows_by_key(
        lambda after: contribution_list_paid(user=user, filters=filters, after=after, size=EXPORT_CHUNK)
    )
