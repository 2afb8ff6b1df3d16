"""Complaints on a billing file or a decision, registered by a regional office, each with its clock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.claims.models.files import BillingFile
from sanad.claims.statuses import ComplainantKind, ComplaintStatus
from sanad.providers.models import Facility
from sanad.registry.models import Member


class Complaint(models.Model):
    """A complaint from an insured person or a facility; its answer may reopen the file (sent back
    through adjudication)."""

    number = models.CharField(_("complaint number"), max_length=40, unique=True)
    billing_file = models.ForeignKey(
        BillingFile,
        verbose_name=_("billing file"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    complainant = models.CharField(_("complainant"), max_length=16, choices=ComplainantKind.choices)
    member = models.ForeignKey(
        Member,
        verbose_name=_("insured person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The regional office that registered it (complaints go to the regional offices).
    region = models.CharField(_("regional office"), max_length=16)
    subject = models.TextField(_("complaint"))
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("to be answered by"))
    status = models.CharField(
        _("status"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The answer upheld the complaint and sent the file back through adjudication.
    reopened = models.BooleanField(_("file reopened"), default=False)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on", "id"], name="claims_complaint_queue_idx"),
            models.Index(fields=["region", "status", "due_on"], name="claims_complaint_region_idx"),
            models.Index(fields=["facility", "-received_on"], name="claims_complaint_facility_idx"),
            models.Index(fields=["member", "-received_on"], name="claims_complaint_member_idx"),
            # The complaints list of any status, oldest due first, and its days of receipt.
            models.Index(fields=["due_on", "id"], name="claims_complaint_due_idx"),
            models.Index(fields=["received_on"], name="claims_complaint_received_idx"),
            # The dashboards' computation of a day: the complaints answered that day.
            models.Index(fields=["answered_on"], name="claims_complaint_answered_idx"),
        ]

    def __str__(self) -> str:
        return self.number
