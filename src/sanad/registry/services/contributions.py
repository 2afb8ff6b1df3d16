"""Contributions paid at the counter, by wallet or through a bank, and the rights they open (seed 003)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.registry.models import Contribution, Member, RightsPeriod
from sanad.registry.rules import (
    RightsWindow,
    certificates_valid_on,
    contribution_amount,
    contribution_period_end,
    dependant_eligibility,
    rights_window,
)
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


def _persons_covered(profile: FundProfile, member: Member, on: date) -> int:
    """The member and every dependant eligible on `on`: the persons a flat contribution is paid for."""
    persons = 1
    for dependant in member.dependants.prefetch_related("certificates"):
        verdict = dependant_eligibility(
            profile,
            relationship=dependant.relationship,
            birth_date=dependant.birth_date,
            on=on,
            certificates=certificates_valid_on(dependant.certificates.all(), on),
            disabled=dependant.disabled,
        )
        persons += verdict.ok
    return persons


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
) -> Contribution:
    """Record one period's payment, its amount computed from the profile, and open its rights period.

    The period starts the day after the last one paid (or on the payment date for a first payment) unless
    given; periods of a member never overlap. The receipt number is unique.
    """
    profile = active_profile()
    member = Member.objects.select_for_update().filter(pk=member_id).first()
    if member is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="member_id")
    _payment_check(
        profile, method=method, operator=operator, reference=reference, cheque_number=cheque_number, bank=bank
    )
    last = member.rights_periods.order_by("-end").first()
    if period_start is None:
        period_start = last.end + timedelta(days=1) if last else paid_on
    period_end = contribution_period_end(profile, period_start)
    if member.contributions.filter(period_start__lte=period_end, period_end__gte=period_start).exists():
        raise DomainError(ErrorCode.CONFLICT, _("This period is already paid."), field="period_start")
    persons = _persons_covered(profile, member, period_start) if profile.contributions.flat else 1
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
    transaction.on_commit(lambda: contribution_recorded.send(sender=Contribution, contribution=contribution))
    return contribution
