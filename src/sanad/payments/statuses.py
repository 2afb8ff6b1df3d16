"""Statuses of settlement runs, payment orders and bank transfers, and the transition tables every change of
status goes through."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.errors import DomainError, ErrorCode


class RunStatus(models.TextChoices):
    """Where a settlement run (liquidation) stands, from gathering its files to the bank's confirmation."""

    PREPARING = "preparing", gettext_lazy("Being prepared")
    PREPARED = "prepared", gettext_lazy("Prepared, awaiting approval")
    APPROVED = "approved", gettext_lazy("Approved")
    SENT = "sent", gettext_lazy("Sent to the bank")
    PARTLY_REJECTED = "partly_rejected", gettext_lazy("Partly rejected by the bank")
    PAID = "paid", gettext_lazy("Paid")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


class OrderStatus(models.TextChoices):
    """A payment order: what the fund owes one payee in one run."""

    TO_PAY = "to_pay", gettext_lazy("To pay")
    SENT = "sent", gettext_lazy("Sent to the bank")
    PAID = "paid", gettext_lazy("Paid")
    REJECTED = "rejected", gettext_lazy("Rejected by the bank")
    # Every file of the payee was settled at nothing (a fund share of zero): no transfer is made.
    NOTHING_DUE = "nothing_due", gettext_lazy("Nothing to pay")


class TransferStatus(models.TextChoices):
    """One attempt at paying an order: a credit transfer in a bank file."""

    SENT = "sent", gettext_lazy("Sent to the bank")
    PAID = "paid", gettext_lazy("Paid")
    REJECTED = "rejected", gettext_lazy("Rejected by the bank")


class PayeeKind(models.TextChoices):
    """Direct billing pays the facility; a reimbursement pays the insured person (the member)."""

    FACILITY = "facility", gettext_lazy("Facility")
    INSURED = "insured", gettext_lazy("Insured person")


class ConfirmationKind(models.TextChoices):
    STATUS_REPORT = "pain.002", gettext_lazy("Payment status report (pain.002)")
    DEBIT_NOTIFICATION = "camt.054", gettext_lazy("Debit notification (camt.054)")


R = RunStatus
O = OrderStatus  # noqa: E741

# Each action on a run, the statuses it may start from and the status it leads to.
RUN_STEPS: dict[str, tuple[frozenset[RunStatus], RunStatus]] = {
    "settlement_run_finish": (frozenset({R.PREPARING}), R.PREPARED),
    "settlement_run_approve": (frozenset({R.PREPARED}), R.APPROVED),
    "settlement_run_cancel": (frozenset({R.PREPARING, R.PREPARED}), R.CANCELLED),
    # A bank file: the first one of an approved run, or another for the orders paid again.
    "bank_file_issue": (frozenset({R.APPROVED, R.SENT, R.PARTLY_REJECTED}), R.SENT),
    "settlement_run_paid": (frozenset({R.SENT, R.PARTLY_REJECTED}), R.PAID),
    "settlement_run_partly_rejected": (frozenset({R.SENT}), R.PARTLY_REJECTED),
}

# Each change of an order, from the statuses it may start from.
ORDER_STEPS: dict[str, tuple[frozenset[OrderStatus], OrderStatus]] = {
    "order_nothing_due": (frozenset({O.TO_PAY}), O.NOTHING_DUE),
    # A rejected order is sent again (a new transfer of the same order) once its bank details are corrected.
    "order_send": (frozenset({O.TO_PAY, O.REJECTED}), O.SENT),
    "order_paid": (frozenset({O.SENT}), O.PAID),
    "order_rejected": (frozenset({O.SENT}), O.REJECTED),
}

# Who settled a run and what they did, said to the second of two people acting on one run at once.
DONE = {
    "settlement_run_start": gettext_lazy("%(who)s started this settlement run on %(when)s."),
    "settlement_run_approve": gettext_lazy("%(who)s approved this settlement run on %(when)s."),
    "settlement_run_cancel": gettext_lazy("%(who)s cancelled this settlement run on %(when)s."),
    "bank_file_issue": gettext_lazy("%(who)s issued a bank file for this run on %(when)s."),
}


def run_step_check(action: str, current: str) -> RunStatus:
    """An action on a run runs only from the statuses listed for it; it returns the status it leads to."""
    starts, target = RUN_STEPS[action]
    if current not in starts:
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            _("This settlement run is “%(status)s”: this cannot be done now.")
            % {"status": RunStatus(current).label},
            field="status",
        )
    return target


def order_step_allowed(action: str, current: str) -> bool:
    """Whether an order in `current` may take the step `action` (a bank's confirmation that contradicts
    what is already known, such as a rejection of a paid transfer, is counted and left aside)."""
    return current in ORDER_STEPS[action][0]
