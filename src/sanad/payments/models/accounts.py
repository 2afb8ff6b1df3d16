"""Facilities' bank accounts over time (issue §3): a change is proposed with the day it takes effect (and the
bank's certificate), approved by a finance officer who did not propose it, and kept for ever. The account
the facility was registered with (the providers' record) holds until the first approved change takes over;
a payment goes to the account valid on the day of its run."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.common.banking import AccountStatus, DatedAccount
from sanad.providers.models import Facility

AccountChangeStatus = AccountStatus


def _certificate_path(instance: FacilityAccountChange, filename: str) -> str:
    return f"payments/accounts/{instance.facility_id}/{filename}"


class FacilityAccountChange(DatedAccount):
    """A facility's new bank account, valid from a day, proposed by one person and approved by another."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    # The account it replaces, as it stood when the change was proposed (for the history's reader).
    previous = models.CharField(_("previous account"), max_length=34, blank=True)
    certificate = models.FileField(_("bank certificate"), upload_to=_certificate_path, blank=True)

    class Meta(DatedAccount.Meta):
        verbose_name = _("facility's bank account change")
        verbose_name_plural = _("facilities' bank account changes")
        ordering = ["facility_id", "-valid_from", "-id"]
        indexes = [
            models.Index(fields=["facility", "status", "valid_from"], name="payments_account_facility_idx")
        ]

    def __str__(self) -> str:
        return f"{self.facility_id}: {self.account}"
