"""What the fund's own pharmacy handed over against an approval (seed 002, CNOPS: the drugs outside the
direct-billing list are dispensed by the fund's pharmacy)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.models.decision import Decision
from sanad.authorizations.models.request import AuthorizationRequest


class Dispensing(models.Model):
    """One handing over: the drug, how many (cycles or units, as the approval counts), on which day and by
    whom. Counted by request and code, so that what is left survives a modification of the approval."""

    request = models.ForeignKey(AuthorizationRequest, on_delete=models.PROTECT, related_name="dispensings")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=32)
    quantity = models.PositiveIntegerField(_("quantity dispensed"))
    dispensed_on = models.DateField(_("dispensed on"))
    dispensed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("dispensing by the fund's pharmacy")
        verbose_name_plural = _("dispensings by the fund's pharmacy")
        ordering = ["-recorded_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="auth_dispensing_quantity")]
        indexes = [models.Index(fields=["request", "code"], name="auth_dispensing_request_idx")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.code} × {self.quantity}"
