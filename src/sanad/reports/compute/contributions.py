"""Contributions collected (issue 20, §1, money): the payments recorded each day, by payment channel
(seed 003: cash, mobile payment, bank transfer or cheque), per member's region.

Only a payment that still opens rights counts (status "recorded"): a voided, refunded or replaced one does
not, and a day computed again after a correction drops it. The figure links to the fund-wide list of
contributions paid (`registry:contribution_list`) with its period, region and channel.

What the query reads, and its index: Contribution by `paid_on`, its member's region by primary key.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from sanad.common.permissions import Role
from sanad.funds.types import FundProfile
from sanad.registry.models import Contribution, ContributionStatus
from sanad.registry.vocabulary import PaymentMethod
from sanad.reports.compute import FigureRow
from sanad.reports.indicators import Area, Indicator, Measure, Selection, address, register

ROLES = frozenset({Role.FINANCE_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
COLLECTED = "contributions_collected"


def collected_link(selection: Selection) -> str | None:
    """The contributions paid in the period, still opening rights, in the member's region and the channel
    (the key). A contribution has no facility nor care type: a selection by them counts none, and has no
    list."""
    if selection.facility_id is not None or selection.facility_kind or selection.care_type:
        return None
    params = {
        "paid_from": selection.start.isoformat(),
        "paid_to": selection.end.isoformat(),
        "region": selection.region,
        "method": selection.key,
    }
    query = urlencode({name: value for name, value in params.items() if value})
    return f"{address('registry:contribution_list')}?{query}"


def channel_label(key: str) -> str:
    """A payment channel in the reader's words."""
    try:
        return str(PaymentMethod(key).label)
    except ValueError:
        return key


register(
    Indicator(
        code=COLLECTED,
        label=_("Contributions collected"),
        area=Area.MONEY,
        measure=Measure.AMOUNT,
        description=_(
            "Contributions paid, by payment channel: cash, mobile money, bank transfer or cheque (seed 003); "
            "a payment voided, refunded or replaced by a corrected entry is not counted."
        ),
        roles=ROLES,
        link=collected_link,
        key_label=channel_label,
        key_name=_("payment channel"),
    ),
)


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    rows = (
        Contribution.objects.filter(paid_on=day, status=ContributionStatus.RECORDED)
        .values("method", "member__region")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        yield FigureRow(
            indicator=COLLECTED,
            key=row["method"],
            region=row["member__region"] or "",
            count=row["n"],
            amount=row["total"],
        )
