"""Direct-billing access (tiers payant, CNOPS seed 002): applied for, or granted automatically."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.providers.models.events import WorkflowEvent
from sanad.providers.models.facility import Facility
from sanad.providers.statuses import DirectBillingStatus


class DirectBillingAccess(models.Model):
    """A facility's access to direct billing, with its application papers and dated decisions."""

    # CASCADE, not PROTECT: facilities are never deleted in operation, only by resets of demo data.
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="direct_billing")
    status = models.CharField(_("status"), max_length=16, choices=DirectBillingStatus.choices)
    automatic = models.BooleanField(_("admitted automatically"), default=False)
    applied_on = models.DateField(_("application date"))
    bank_account = models.CharField(_("bank account (IBAN or RIB)"), max_length=34, blank=True)
    registration_sheet = models.CharField(_("regulator's registration sheet"), max_length=64, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("direct-billing access")
        verbose_name_plural = _("direct-billing accesses")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["facility", "status"], name="direct_billing_facility_idx")]

    def __str__(self) -> str:
        return f"{self.facility.code} {self.get_status_display()}"


class DirectBillingEvent(WorkflowEvent):
    access = models.ForeignKey(DirectBillingAccess, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("direct-billing event")
        verbose_name_plural = _("direct-billing events")
        indexes = [models.Index(fields=["access", "on"], name="direct_billing_event_idx")]
