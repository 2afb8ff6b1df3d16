"""Corrections of a recorded payment: voided, refunded or re-dated, with a reason and, above the profile's
amount, a second person's approval. The payment itself is never deleted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.registry.models.money import Contribution


class CorrectionKind(models.TextChoices):
    VOID = "void", _("Void (entered by mistake)")
    REFUND = "refund", _("Refund to the payer")
    REDATE = "redate", _("Correct the payment date")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Refused")


class ContributionCorrection(models.Model):
    """One request to correct a payment, who asked and why, and who approved it."""

    contribution = models.ForeignKey(Contribution, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(_("correction"), max_length=16, choices=CorrectionKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=CorrectionStatus.choices)
    reason = models.CharField(_("reason"), max_length=300)
    paid_on = models.DateField(_("correct payment date"), null=True, blank=True)
    refund_reference = models.CharField(_("refund reference"), max_length=60, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    # The corrected entry a re-dating recorded in place of the payment.
    replacement = models.OneToOneField(
        Contribution, on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )

    class Meta:
        verbose_name = _("contribution correction")
        verbose_name_plural = _("contribution corrections")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="registry_correction_queue"),
            # The approvals list by kind of correction, oldest first.
            models.Index(fields=["status", "kind", "requested_at", "id"], name="registry_correction_kind"),
        ]
        constraints = [
            # At most one correction of a payment waits for approval at a time.
            models.UniqueConstraint(
                fields=["contribution"],
                condition=models.Q(status="pending"),
                name="registry_correction_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.contribution_id}"
