"""Reads of facilities, scoped to the user who asks: facility staff see only their own facility."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from sanad.common.errors import DomainError, ErrorCode
from sanad.common.paging import KeyPage, key_page
from sanad.common.permissions import can
from sanad.providers.models import Facility

PAGE_SIZE = 25


def facility_of_user(*, user: Any) -> Facility | None:
    """The facility a facility staff account is bound to, or None."""
    staff = getattr(user, "facility_staff", None) if getattr(user, "is_authenticated", False) else None
    return staff.facility if staff is not None else None


def facility_counts_by_level() -> dict[str, int]:
    """How many facilities stand at each level of the care pyramid."""
    rows = Facility.objects.values("level").annotate(n=Count("id")).order_by()
    return {row["level"]: row["n"] for row in rows}


def facility_count() -> int:
    return Facility.objects.count()


def facilities_visible(*, user: Any) -> QuerySet[Facility]:
    """Fund staff who may view the network see every facility; facility staff only their own; others none."""
    if can(user, "providers.view"):
        return Facility.objects.all()
    own = facility_of_user(user=user)
    if own is not None:
        return Facility.objects.filter(pk=own.pk)
    raise PermissionDenied("providers.view")


def facility_get(*, user: Any, code: str) -> Facility:
    """One facility by code, if the user may see it; otherwise it does not exist for them."""
    facility = facilities_visible(user=user).filter(code=code).first()
    if facility is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("No such facility."), field="code")
    return facility


FacilityPage = KeyPage  # a page of facilities, by code


def facility_list(
    *,
    user: Any,
    region: str = "",
    kind: str = "",
    level: str = "",
    status: str = "",
    q: str = "",
    after: str = "",
    before: str = "",
    limit: int = PAGE_SIZE,
) -> KeyPage[Facility]:
    """Facilities by code, filtered; pages follow the last code seen (a key, not an OFFSET), so that a
    page deep in the list costs as little as the first."""
    rows = facilities_visible(user=user)
    filters = {"region": region, "kind": kind, "level": level, "network_status": status}
    rows = rows.filter(**{name: value for name, value in filters.items() if value})
    if q:
        rows = rows.filter(
            Q(code__istartswith=q)
            | Q(name_fr__icontains=q)
            | Q(name_ar__icontains=q)
            | Q(provider_identifier=q)
        )
    return key_page(rows, key="code", after=after, before=before, size=limit)
