"""Recoveries (indus): sums paid on a file found wrong after payment, owed back by the payee, offset against
its next payment orders or paid back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import BillingFile, FileDecision
from sanad.payments.models.orders import PaymentOrder
from sanad.payments.models.runs import MONEY
from sanad.payments.statuses import PayeeKind
from sanad.providers.models import Facility
from sanad.registry.models import Member


class RecoveryReason(models.TextChoices):
    # An upheld complaint or a medical review after payment decided the file again for less.
    DECIDED_AGAIN = "decided_again", _("File decided again for less after payment")
    DUPLICATE = "duplicate", _("File paid twice (duplicate)")


class RecoveryStatus(models.TextChoices):
    OPEN = "open", _("To recover")
    RECOVERED = "recovered", _("Recovered on payments")
    PAID_BACK = "paid_back", _("Paid back")


class Recovery(models.Model):
    """A sum paid wrongly on a settled file, owed back by whoever was paid for it (the facility, or the
    insured person for a reimbursement). Offset against the payee's next runs until nothing is left, or
    marked paid back for what remains."""

    billing_file = models.ForeignKey(BillingFile, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=RecoveryReason.choices)
    # The decision that replaced the one paid (decided again); none for a duplicate.
    decision = models.ForeignKey(
        FileDecision,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    # The payee, as on its payment orders.
    payee_key = models.CharField(max_length=24)
    payee_kind = models.CharField(_("payee"), max_length=16, choices=PayeeKind.choices)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    paid = models.DecimalField(_("amount paid"), **MONEY)
    amount = models.DecimalField(_("amount to recover"), **MONEY)
    # What the payee paid back by itself (the rest, once nothing more is offset).
    paid_back = models.DecimalField(_("paid back"), max_digits=14, decimal_places=2, default=0)
    paid_back_on = models.DateField(_("paid back on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RecoveryStatus.choices, default=RecoveryStatus.OPEN
    )
    found_on = models.DateField(_("found on"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")
        ordering = ["found_on", "id"]
        indexes = [
            models.Index(fields=["payee_key", "status"], name="payments_recovery_payee_idx"),
            # The dashboards' computation of a day: the amounts paid back that day.
            models.Index(
                fields=["paid_back_on"],
                condition=models.Q(paid_back_on__isnull=False),
                name="payments_recovery_back_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_recovery_positive"),
            models.CheckConstraint(
                condition=Q(amount__lte=models.F("paid")), name="payments_recovery_le_paid"
            ),
            # A decision found once; a file paid twice found once.
            models.UniqueConstraint(
                fields=["billing_file", "decision"],
                condition=Q(decision__isnull=False),
                name="payments_recovery_decision_unique",
            ),
            models.UniqueConstraint(
                fields=["billing_file"],
                condition=Q(reason="duplicate"),
                name="payments_recovery_duplicate_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payee_key}: {self.amount}"


class RecoveryOffset(models.Model):
    """Part of a recovery deducted from one payment order of the same payee. Deleted with its order when a
    run is cancelled: the recovery is then due again."""

    recovery = models.ForeignKey(Recovery, on_delete=models.PROTECT, related_name="offsets")
    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="offsets")
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        verbose_name = _("recovery offset")
        verbose_name_plural = _("recovery offsets")
        ordering = ["order_id", "recovery_id"]
        constraints = [
            models.UniqueConstraint(fields=["recovery", "order"], name="payments_offset_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_offset_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.recovery_id} → {self.order_id}"
