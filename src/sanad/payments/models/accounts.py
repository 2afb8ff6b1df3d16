"""Facilities' bank accounts over time (issue §3): a change is proposed with the day it takes effect (and the
bank's certificate), approved by a finance officer who did not propose it, and kept for ever. The account
the facility was registered with (the providers' record) holds until the first approved change takes over;
a payment goes to the account valid on the day of its run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sanad.providers.models import Facility


class AccountChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("To approve")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


def _certificate_path(instance: FacilityAccountChange, filename: str) -> str:
    return f"payments/accounts/{instance.facility_id}/{filename}"


class FacilityAccountChange(models.Model):
    """A facility's new bank account, valid from a day, proposed by one person and approved by another."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    # IBAN, or a national account number (a Moroccan RIB of 24 digits), stored compact.
    account = models.CharField(_("bank account (IBAN or RIB)"), max_length=34)
    # The account it replaces, as it stood when the change was proposed (for the history's reader).
    previous = models.CharField(_("previous account"), max_length=34, blank=True)
    valid_from = models.DateField(_("valid from"))
    certificate = models.FileField(_("bank certificate"), upload_to=_certificate_path, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AccountChangeStatus.choices, default=AccountChangeStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    class Meta:
        verbose_name = _("facility's bank account change")
        verbose_name_plural = _("facilities' bank account changes")
        ordering = ["facility_id", "-valid_from", "-id"]
        indexes = [
            models.Index(fields=["facility", "status", "valid_from"], name="payments_account_facility_idx")
        ]
        constraints = [
            # Four eyes, held by the database too: whoever proposed a change never approves it.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="payments_account_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id}: {self.account}"
