"""Contributions paid at the counter, by wallet or through a bank, and the rights they open (seed 003)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.guards import date_check
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.registry.models import Contribution, ContributionStatus, Member, RightsPeriod
from sanad.registry.rules import (
    RightsWindow,
    contribution_amount,
    contribution_period_end,
    rights_window,
)
from sanad.registry.selectors.family import persons_covered
from sanad.registry.services.checks import required
from sanad.registry.signals import contribution_recorded
from sanad.registry.vocabulary import PaymentMethod


def _payment_check(
    profile: FundProfile, *, method: str, operator: str, reference: str, cheque_number: str, bank: str
) -> None:
    """Each way of paying carries its trace: operator and reference, transfer reference, cheque and bank."""
    if method not in profile.contributions.payment_methods:
        raise DomainError(ErrorCode.INVALID, _("This fund does not take this way of paying."), field="method")
    if method == PaymentMethod.MOBILE_MONEY:
        if operator not in profile.contributions.mobile_money_operators:
            raise DomainError(ErrorCode.INVALID, _("Unknown mobile-money operator."), field="operator")
        required(reference, "reference")
    elif method == PaymentMethod.BANK_TRANSFER:
        required(reference, "reference")
    elif method == PaymentMethod.CHEQUE:
        required(cheque_number, "cheque_number")
        required(bank, "bank")


@transaction.atomic
def contribution_record(
    *,
    actor: Any,
    member_id: int,
    method: str,
    paid_on: date,
    period_start: date | None = None,
    salary: Decimal | None = None,
    operator: str = "",
    reference: str = "",
    cheque_number: str = "",
    bank: str = "",
    payer: str = "",
    receipt_number: str = "",
    confirm_gap: bool = False,
    announce: bool = True,
) -> Contribution:
    """Record one period's payment, its amount computed from the profile, and open its rights period.

    The period starts the day after the last one paid (or on the payment date for a first payment) unless
    given; periods of a member never overlap. The receipt number is unique. A payment is never dated in
    the future. A period that leaves days unpaid after the last one opens a new waiting period: it is
    recorded only with `confirm_gap`, the refusal saying when rights would start. `announce` False: the
    caller sends its own message (a corrected entry).
    """
    profile = active_profile()
    member = Member.objects.select_for_update().filter(pk=member_id).first()
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="member_id")
    date_check(paid_on, field="paid_on", label=_("Paid on"), birth_date=member.birth_date)
    _payment_check(
        profile, method=method, operator=operator, reference=reference, cheque_number=cheque_number, bank=bank
    )
    last = member.rights_periods.order_by("-end").first()
    if period_start is None:
        period_start = last.end + timedelta(days=1) if last else paid_on
    period_end = contribution_period_end(profile, period_start)
    paid = member.contributions.filter(status=ContributionStatus.RECORDED)
    if paid.filter(period_start__lte=period_end, period_end__gte=period_start).exists():
        raise DomainError(ErrorCode.CONFLICT, _("This period is already paid."), field="period_start")
    persons = (
        persons_covered(member=member, on=period_start, profile=profile) if profile.contributions.flat else 1
    )
    amount = contribution_amount(profile, persons=persons, salary=salary)
    receipt_number = receipt_number.strip() or f"R-{member.registration_number}-{period_start:%Y%m%d}"
    if Contribution.objects.filter(receipt_number=receipt_number).exists():
        raise DomainError(
            ErrorCode.CONFLICT, _("This receipt number is already used."), field="receipt_number"
        )

    contribution = Contribution.objects.create(
        member=member,
        method=method,
        operator=operator.strip(),
        reference=reference.strip(),
        cheque_number=cheque_number.strip(),
        bank=bank.strip(),
        payer=payer.strip() or member.full_name,
        salary=salary if profile.contributions.salary else None,
        persons=persons,
        insured_share=amount.insured_share,
        sponsor_share=amount.sponsor_share,
        amount=amount.amount,
        currency=profile.currency,
        period_start=period_start,
        period_end=period_end,
        paid_on=paid_on,
        receipt_number=receipt_number,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    before = member.rights_periods.filter(end__lt=period_start).order_by("-end").first()
    previous = RightsWindow(before.paid_from, before.start, before.end) if before else None
    window = rights_window(profile, paid_from=period_start, previous=previous)
    lapsed = previous is not None and period_start > previous.end + (
        profile.rights.grace_days + 1
    ) * timedelta(1)
    if lapsed and not confirm_gap:
        assert previous is not None
        raise DomainError(
            ErrorCode.CONFLICT,
            _(
                "Rights lapsed after %(end)s: the days before %(paid_from)s stay unpaid and the family will "
                "be covered from %(start)s. Tick the confirmation to record the payment."
            )
            % {
                "end": date_format(previous.end, "SHORT_DATE_FORMAT"),
                "paid_from": date_format(period_start, "SHORT_DATE_FORMAT"),
                "start": date_format(window.start, "SHORT_DATE_FORMAT"),
            },
            field="confirm_gap",
        )
    RightsPeriod.objects.create(
        member=member,
        contribution=contribution,
        paid_from=window.paid_from,
        start=window.start,
        end=window.end,
    )
    audit_record(
        actor=actor,
        action="contribution_record",
        obj=contribution,
        after={
            "member": member.pk,
            "method": method,
            "amount": amount.amount,
            "insured_share": amount.insured_share,
            "sponsor_share": amount.sponsor_share,
            "period": [period_start, period_end],
            "rights": [window.start, window.end],
            "receipt_number": receipt_number,
        },
    )
    if announce:
        # Inside the transaction: the member's SMS is written with the change or not at all (issue #16).
        contribution_recorded.send(sender=Contribution, contribution=contribution)
    return contribution


def rights_recompute(*, member: Member) -> list[dict[str, Any]]:
    """The member's rights made again from the payments that still stand, in the order of their periods,
    each continuing or not the one before (the rule of `rights_window`).

    Called with the member locked, after a payment is voided, refunded or re-dated, or two records of one
    person merged. A period whose payment no longer stands goes; returns what changed, for the audit event.
    """
    profile = active_profile()
    standing = list(member.contributions.filter(status=ContributionStatus.RECORDED).order_by("period_start"))
    periods = {p.contribution_id: p for p in RightsPeriod.objects.select_for_update().filter(member=member)}
    kept = {c.pk for c in standing}
    gone = [p for contribution_id, p in periods.items() if contribution_id not in kept]
    changed: list[dict[str, Any]] = [
        {"period": p.pk, "before": [p.start, p.end], "after": None} for p in gone
    ]
    RightsPeriod.objects.filter(pk__in=[p.pk for p in gone]).delete()
    previous: RightsWindow | None = None
    for contribution in standing:
        window = rights_window(profile, paid_from=contribution.period_start, previous=previous)
        period = periods.get(contribution.pk)
        if period is None:
            period = RightsPeriod.objects.create(
                member=member,
                contribution=contribution,
                paid_from=window.paid_from,
                start=window.start,
                end=window.end,
            )
            changed.append({"period": period.pk, "before": None, "after": [window.start, window.end]})
        elif (period.paid_from, period.start, period.end) != (window.paid_from, window.start, window.end):
            changed.append(
                {
                    "period": period.pk,
                    "before": [period.start, period.end],
                    "after": [window.start, window.end],
                }
            )
            period.paid_from, period.start, period.end = window.paid_from, window.start, window.end
            period.save(update_fields=["paid_from", "start", "end"])
        previous = window
    return changed
