"""A facility's global invoice (facture globale): what it claims from the fund for a period or a batch of
its billing files, matched against those files and accepted or returned by the finance officer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import Batch
from sanad.payments.models.runs import TOTAL
from sanad.providers.models import Facility


class InvoiceStatus(models.TextChoices):
    RECEIVED = "received", _("Received, to check")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned to the facility")


def _scan_path(instance: GlobalInvoice, filename: str) -> str:
    return f"payments/invoices/{instance.facility_id}/{filename}"


class GlobalInvoice(models.Model):
    """The facility's global invoice for the files it billed in a period, or in one batch (seed 000: the
    facility's "facture globale"; seed 002: invoices state the fund's and the patient's shares)."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("invoice number"), max_length=40)
    issued_on = models.DateField(_("invoice date"))
    # A period of receipt, or one batch: what the invoice covers.
    period_start = models.DateField(_("files received from"), null=True, blank=True)
    period_end = models.DateField(_("files received until"), null=True, blank=True)
    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the facility claims from the fund (the fund's share of the files it billed).
    total = models.DecimalField(_("total claimed"), **TOTAL)
    scan = models.FileField(_("scan"), upload_to=_scan_path, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.RECEIVED
    )
    # Why the invoice was returned, in the finance officer's words.
    reasons = models.TextField(_("reasons"), blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("global invoice")
        verbose_name_plural = _("global invoices")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "-id"], name="payments_invoice_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="payments_invoice_number_unique"),
            models.CheckConstraint(
                condition=(Q(batch__isnull=False) & Q(period_start__isnull=True) & Q(period_end__isnull=True))
                | (
                    Q(batch__isnull=True)
                    & Q(period_start__isnull=False)
                    & Q(period_end__gte=F("period_start"))
                ),
                name="payments_invoice_period_or_batch",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="payments_invoice_total_positive"),
        ]

    def __str__(self) -> str:
        return self.number
