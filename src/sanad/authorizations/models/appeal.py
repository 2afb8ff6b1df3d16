"""An appeal ("recours") against a refusal or an approval with reserve: filed once per decision by the
facility, or by a counter agent at a branch for the insured person, within the profile's `appeal_days`,
and decided again by another medical adviser (four eyes) on a new answer clock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.models.decision import Decision
from sanad.authorizations.models.request import AuthorizationRequest

# The reason is the appellant's argument, read by the adviser: bounded, as every free text at the door.
REASON_MAX_LENGTH = 2000


class Appeal(models.Model):
    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="appeals")
    # One appeal per decision: the database refuses a second one even if two clerks file at once.
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="appeal", verbose_name=_("decision appealed")
    )
    reason = models.TextField(_("reason for the appeal"), max_length=REASON_MAX_LENGTH)
    filed_at = models.DateTimeField(_("appealed on"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Filed by a counter agent at a branch for the insured person, rather than by the facility.
    at_branch = models.BooleanField(_("filed at a branch"), default=False)
    # The answer clock of the appeal, started when it is filed (the type's clock, as for a new request).
    due_at = models.DateTimeField(_("answer due at"), null=True, blank=True)
    # The decision made on the appeal (None while it waits).
    answer = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_appeal",
        verbose_name=_("decision on appeal"),
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["request_id", "filed_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.decision_id}"
