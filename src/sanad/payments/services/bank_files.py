"""Bank files of approved runs: one credit transfer per payment order in an ISO 20022 pain.001.001.09
message, checked against the official schema before it is stored and offered.

Each order is paid to its payee's account valid on the run's date (not as it stands when the file is
made); orders of insured persons without an approved account wait for their bank details, listed on the
run's page. The first bank file of a run pays every order that has bank details; a later one pays again
the orders the bank rejected, once their bank details were corrected, and those whose details were
missing: the same orders, each as a new transfer (its next attempt), never as a second order for the
same files.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import require
from sanad.funds.active import active_profile
from sanad.payments.iso20022 import schemas
from sanad.payments.iso20022.pain001 import Credit, Initiation, initiation_xml
from sanad.payments.models import BankFile, PaymentOrder, SettlementRun, Transfer
from sanad.payments.selectors.accounts import payee_accounts
from sanad.payments.statuses import OrderStatus, run_step_check


@dataclass(slots=True)
class Issued:
    bank_file: BankFile
    # Orders left out: no valid bank account, or the account the bank rejected is still the one on file.
    waiting: list[PaymentOrder] = field(default_factory=list)


def _remittance(run: SettlementRun, order: PaymentOrder, language: str) -> str:
    """What the payee reads on its bank statement, in the fund's first language."""
    with translation.override(language):
        return _("Settlement %(number)s: %(files)s files") % {"number": run.number, "files": order.files}


def _invalid(fault: str) -> DomainError:
    return DomainError(
        ErrorCode.INVALID,
        _("The bank file does not follow the ISO 20022 schema, it was not made: %(fault)s")
        % {"fault": fault},
        field=None,
    )


@transaction.atomic
def bank_file_issue(*, actor: Any, run_id: int, on: datetime.date) -> Issued:
    """Make the run's next bank file: a transfer for each order to pay (or rejected, with corrected bank
    details), executed on `on`. Refused when no order can be sent."""
    require(actor, "payments.prepare")
    run = SettlementRun.objects.select_for_update().get(pk=run_id)
    target = run_step_check("bank_file_issue", run.status)
    profile = active_profile()
    orders = list(
        PaymentOrder.objects.select_for_update(of=("self",))
        .filter(run=run, status__in=[OrderStatus.TO_PAY, OrderStatus.REJECTED])
        .select_related("facility", "member")
        .order_by("id")
    )
    last = {t.order_id: t for t in Transfer.objects.filter(order__in=orders).order_by("attempt")}
    # The account valid on the run's date; an order whose payee had none then, or whose account the bank
    # rejected, goes to the account valid on the new file's execution date (the details given since).
    payees = payee_accounts(orders, on=run.on)
    later = payee_accounts(orders, on=on) if on > run.on else payees
    credits, sent, waiting = [], [], []
    for order in orders:
        payee, previous = payees[order.pk], last.get(order.pk)
        rejected = order.status == OrderStatus.REJECTED and previous is not None
        if not payee.account or (rejected and previous.account == payee.account):
            payee = later[order.pk]
        # Sent again to the account the bank rejected, it would be rejected again.
        unchanged = rejected and previous.account == payee.account
        if not payee.account or order.amount <= 0 or unchanged:
            waiting.append(order)
            continue
        attempt = previous.attempt + 1 if previous else 1
        credit = Credit(
            end_to_end_id=f"{run.number}-{order.pk}-{attempt}",
            amount=order.amount,
            creditor_name=payee.name,
            account=payee.account,
            remittance=_remittance(run, order, profile.default_language),
        )
        credits.append(credit)
        sent.append((order, attempt, credit))
    if not credits:
        raise DomainError(
            ErrorCode.INVALID,
            _(
                "No payment order can be sent: the payees' bank details are missing or unchanged since the "
                "bank rejected them."
            ),
            field=None,
        )
    sequence = (run.bank_files.aggregate(last=Max("sequence"))["last"] or 0) + 1
    initiation = Initiation(
        message_id=f"{profile.short_name}-{run.number}-{sequence}",
        created_at=timezone.localtime(),
        execution_date=on,
        initiating_party=profile.payments.account_holder,
        currency=run.currency,
        debtor=profile.payments,
        credits=tuple(credits),
    )
    xml = initiation_xml(initiation)
    faults = schemas.problems(xml, schemas.PAIN_001)
    if faults:
        raise _invalid(faults[0])
    bank_file = BankFile.objects.create(
        run=run,
        sequence=sequence,
        message_id=initiation.message_id,
        created_at=initiation.created_at,
        created_by=actor,
        execution_date=on,
        transactions=len(credits),
        control_sum=initiation.control_sum,
        currency=run.currency,
        xml=xml,
    )
    Transfer.objects.bulk_create(
        Transfer(
            order=order,
            bank_file=bank_file,
            attempt=attempt,
            end_to_end_id=credit.end_to_end_id,
            amount=credit.amount,
            currency=run.currency,
            creditor_name=credit.creditor_name,
            account=credit.account,
        )
        for order, attempt, credit in sent
    )
    PaymentOrder.objects.filter(pk__in=[order.pk for order, _a, _c in sent]).update(status=OrderStatus.SENT)
    run.status = target
    run.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="bank_file_issue",
        obj=run,
        after={
            "message_id": bank_file.message_id,
            "transfers": len(credits),
            "control_sum": bank_file.control_sum,
        },
    )
    return Issued(bank_file, waiting)
