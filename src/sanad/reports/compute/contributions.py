"""Contributions collected (issue 20, §1, money): the payments recorded each day, by payment channel
(seed 003: cash, mobile payment, bank transfer or cheque), per member's region.

Only a payment that still opens rights counts (status "recorded"): a voided, refunded or replaced one does
not, and a day computed again after a correction drops it. There is no list of contributions across
members yet: the figure links nowhere.

What the query reads, and its index: Contribution by `paid_on`, its member's region by primary key.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from sanad.common.permissions import Role
from sanad.funds.types import FundProfile
from sanad.registry.models import Contribution, ContributionStatus
from sanad.registry.vocabulary import PaymentMethod
from sanad.reports.compute import FigureRow
from sanad.reports.indicators import Area, Indicator, Measure, register

ROLES = frozenset({Role.FINANCE_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
COLLECTED = "contributions_collected"


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
