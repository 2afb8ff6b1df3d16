"""Batches of billing files (bordereaux): grouped by the facility, submitted, received by the fund."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.claims.statuses import BatchStatus
from sanad.providers.models import Facility


class Batch(models.Model):
    """At most the profile's number of files (30) of one group (outpatient or inpatient), sent with a
    transmittal slip; the fund gives a numbered receipt."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="claim_batches")
    number = models.CharField(_("batch number"), max_length=40)
    # The profile's batch group (outpatient, inpatient): every file of the batch is of this group.
    group = models.CharField(_("type of files"), max_length=16)
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["facility", "status", "-id"], name="claims_batch_facility_idx"),
            # The fund's reception desk: submitted batches, oldest first.
            models.Index(fields=["status", "submitted_on", "id"], name="claims_batch_queue_idx"),
            # The facility's list by type of files and by day of submission.
            models.Index(fields=["facility", "group", "-id"], name="claims_batch_group_idx"),
            models.Index(fields=["facility", "submitted_on"], name="claims_batch_submitted_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="claims_batch_number_unique"),
            models.UniqueConstraint(
                fields=["receipt_number"], condition=~Q(receipt_number=""), name="claims_batch_receipt_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number
