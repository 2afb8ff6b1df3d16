"""Reads behind the contribution papers: the quote of the next contribution before it is paid, and a
recorded contribution as its receipt states it (valid, or voided, refunded or replaced)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.registry.models import (
    Contribution,
    ContributionCorrection,
    ContributionStatus,
    CorrectionStatus,
    Member,
    RightsPeriod,
)
from sanad.registry.rules import (
    ContributionAmount,
    RightsWindow,
    contribution_amount,
    contribution_period_end,
    rights_window,
)
from sanad.registry.selectors.family import CoveredFamily, family_covered

_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ContributionQuote:
    """What the next contribution of a family costs, for which period, and the rights it would open.

    Computed as `contribution_record` computes the payment (the same period, persons and amount), so that
    the family pays what it was told. `family` is set for a flat scheme (who is counted), `salary` for a
    share of salary; `lapsed_after` is the end of the last rights when the period leaves days unpaid.
    """

    member: Member
    paid_on: date
    period_start: date
    period_end: date
    amount: ContributionAmount
    currency: str
    rights: RightsWindow
    continues: bool
    family: CoveredFamily | None = None
    salary: Decimal | None = None
    lapsed_after: date | None = None

    @property
    def flat(self) -> bool:
        return self.family is not None

    @property
    def persons(self) -> int:
        return self.family.persons if self.family is not None else 1

    @property
    def waiting(self) -> bool:
        """Whether the rights start after a waiting period rather than on the first day paid."""
        return self.rights.start > self.rights.paid_from


def _previous(member: Member, period_start: date) -> RightsWindow | None:
    before = member.rights_periods.filter(end__lt=period_start).order_by("-end").first()
    return RightsWindow(before.paid_from, before.start, before.end) if before else None


def contribution_quote(*, member: Member, paid_on: date, salary: Decimal | None = None) -> ContributionQuote:
    """The contribution `member` would pay on `paid_on`: the period after the last one paid (from the
    payment day for a first payment), the persons eligible on its first day (flat scheme) or the salary
    (salary share), the amount with its shares, and the rights it opens.

    DomainError (field "salary") when a salary scheme is not given the salary, as the payment would be.
    """
    profile = active_profile()
    last = member.rights_periods.order_by("-end").first()
    period_start = last.end + _DAY if last else paid_on
    family = (
        family_covered(member=member, on=period_start, profile=profile)
        if profile.contributions.flat
        else None
    )
    amount = contribution_amount(profile, persons=family.persons if family else 1, salary=salary)
    previous = _previous(member, period_start)
    window = rights_window(profile, paid_from=period_start, previous=previous)
    gap = previous is not None and period_start > previous.end + (profile.rights.grace_days + 1) * _DAY
    return ContributionQuote(
        member=member,
        paid_on=paid_on,
        period_start=period_start,
        period_end=contribution_period_end(profile, period_start),
        amount=amount,
        currency=profile.currency,
        rights=window,
        continues=previous is not None and not gap,
        family=family,
        salary=salary if profile.contributions.salary else None,
        lapsed_after=previous.end if gap and previous is not None else None,
    )


@dataclass(frozen=True, slots=True)
class ContributionPaper:
    """A recorded contribution as its receipt states it.

    `valid` only while the payment stands (status recorded); otherwise `correction` is the applied
    correction that voided, refunded or replaced it and `replacement` the corrected entry. `replaces` is
    the entry this one corrects. `rights` is the rights period the payment opens while it stands.
    """

    contribution: Contribution
    rights: RightsPeriod | None
    grace_end: date | None
    correction: ContributionCorrection | None = None
    replacement: Contribution | None = None
    replaces: Contribution | None = None

    @property
    def valid(self) -> bool:
        return self.contribution.status == ContributionStatus.RECORDED

    @property
    def waiting(self) -> bool:
        return self.rights is not None and self.rights.start > self.rights.paid_from

    @property
    def stamp(self) -> str:
        """The word stamped across a receipt whose payment no longer stands; empty while it stands."""
        if self.valid:
            return ""
        stamps = {
            ContributionStatus.VOIDED: _("Voided"),
            ContributionStatus.REFUNDED: _("Refunded"),
            ContributionStatus.REPLACED: _("Replaced"),
        }
        return str(stamps.get(self.contribution.status, _("Not valid")))


def contribution_paper(*, pk: int, user: Any) -> ContributionPaper | None:
    """The contribution `pk` and what its receipt says, if `user` may see it: the register's staff, or the
    insured person of that member (anyone else: None, as for a receipt that does not exist)."""
    contribution = Contribution.objects.select_related("member", "recorded_by").filter(pk=pk).first()
    if contribution is None:
        return None
    if not can(user, "registry.view") and not (
        can(user, "self.view") and contribution.member.user_id == getattr(user, "pk", None)
    ):
        return None
    valid = contribution.status == ContributionStatus.RECORDED
    rights = RightsPeriod.objects.filter(contribution=contribution).first() if valid else None
    correction = None
    if not valid:
        correction = (
            ContributionCorrection.objects.filter(contribution=contribution, status=CorrectionStatus.APPLIED)
            .select_related("replacement")
            .first()
        )
    corrected = (
        ContributionCorrection.objects.filter(replacement=contribution).select_related("contribution").first()
    )
    grace = active_profile().rights.grace_days
    return ContributionPaper(
        contribution=contribution,
        rights=rights,
        grace_end=rights.end + grace * _DAY if rights is not None else None,
        correction=correction,
        replacement=correction.replacement if correction is not None else None,
        replaces=corrected.contribution if corrected is not None else None,
    )


def member_receipts(*, member: Member, limit: int = 12) -> list[Contribution]:
    """The member's latest payments, newest period first, whatever became of them (their status says)."""
    return list(member.contributions.order_by("-period_start", "-id")[:limit])
