"""Supplements: a paid file decided again for more (an upheld complaint, a review after payment) is paid the
difference by the next run, once per decision, never the whole amount again."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import BillingFile, FileDecision
from sanad.payments.models.orders import PaymentOrder
from sanad.payments.models.runs import MONEY, SettlementRun


class Supplement(models.Model):
    """What a run pays on a file it did not settle: its current decision's fund share less what was already
    paid on it (settled, less recovered, plus earlier supplements). Deleted with its order when its run is
    cancelled: the next run finds it again."""

    billing_file = models.ForeignKey(BillingFile, on_delete=models.PROTECT, related_name="+")
    # The decision that pays more; a file decided again several times gets one supplement per decision.
    decision = models.ForeignKey(
        FileDecision, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    run = models.ForeignKey(SettlementRun, on_delete=models.CASCADE, related_name="supplements")
    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="supplements")
    paid = models.DecimalField(_("already paid"), **MONEY)
    now_due = models.DecimalField(_("fund share decided again"), **MONEY)
    amount = models.DecimalField(_("supplement"), **MONEY)

    class Meta:
        verbose_name = _("supplement")
        verbose_name_plural = _("supplements")
        ordering = ["run_id", "billing_file_id"]
        constraints = [
            models.UniqueConstraint(fields=["billing_file", "decision"], name="payments_supplement_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_supplement_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.billing_file_id}: +{self.amount}"
