"""Bank files sent (ISO 20022 pain.001) and the bank's confirmations received (pain.002, camt.054)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.payments.models.runs import TOTAL, SettlementRun
from sanad.payments.statuses import ConfirmationKind


class BankFile(models.Model):
    """A customer credit transfer initiation (pain.001.001.09) of a run, checked against the official schema
    before it was stored: the first of an approved run, then one per sending of rejected orders again."""

    run = models.ForeignKey(SettlementRun, on_delete=models.PROTECT, related_name="bank_files")
    sequence = models.PositiveSmallIntegerField(_("number in the run"))
    message_id = models.CharField(_("message reference"), max_length=35, unique=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    execution_date = models.DateField(_("execution date"))
    transactions = models.PositiveIntegerField(_("transfers"))
    control_sum = models.DecimalField(_("control sum"), **TOTAL)
    currency = models.CharField(_("currency"), max_length=3)
    xml = models.TextField()

    class Meta:
        verbose_name = _("bank file")
        verbose_name_plural = _("bank files")
        ordering = ["run_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["run", "sequence"], name="payments_bank_file_sequence_unique")
        ]

    def __str__(self) -> str:
        return self.message_id


class ConfirmationImport(models.Model):
    """A confirmation file imported from the bank, once: the same message imported again changes nothing."""

    kind = models.CharField(_("kind"), max_length=16, choices=ConfirmationKind.choices)
    message_id = models.CharField(_("message reference"), max_length=35)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid = models.PositiveIntegerField(_("paid"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    # Transfers the bank only acknowledged, or whose news contradicts what is already known.
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    # End-to-end references the fund never sent: listed for the finance officer.
    unknown = models.JSONField(_("unknown references"), default=list, blank=True)
    content = models.TextField()

    class Meta:
        verbose_name = _("bank confirmation")
        verbose_name_plural = _("bank confirmations")
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "message_id"], name="payments_confirmation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id}"
