"""The fund's answer to a request: approved, approved with reserve or refused, with what it covers.

A decision is never changed: a modification or an extension writes a new one that replaces it, so that
what a facility was told on any day stays on record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.models.request import AuthorizationRequest
from sanad.authorizations.statuses import Counts, DecisionAction, DecisionKind, ItemKind
from sanad.providers.models import Facility

_MONEY = {"max_digits": 14, "decimal_places": 2}


class Decision(models.Model):
    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=24, choices=DecisionKind.choices)
    action = models.CharField(_("kind of decision"), max_length=16, choices=DecisionAction.choices)
    replaces = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Taken by a rule of the profile (named) rather than by an adviser.
    automatic = models.BooleanField(_("automatic"), default=False)
    rule = models.CharField(_("rule"), max_length=32, blank=True)
    conditions = models.TextField(_("conditions of the reserve"), blank=True)
    reasons = models.JSONField(_("reasons for refusal"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    counts = models.CharField(_("counted in"), max_length=16, choices=Counts.choices)
    amount = models.DecimalField(_("amount approved"), null=True, blank=True, **_MONEY)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))
    # Made on an appeal of an earlier decision of the request (its `Appeal.answer`): counted apart by the
    # reports ("approved after appeal").
    on_appeal = models.BooleanField(_("decided on appeal"), default=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["request_id", "decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="refused")
                | (Q(valid_from__isnull=False) & Q(valid_to__gte=models.F("valid_from"))),
                name="auth_decision_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.kind}"

    @property
    def approved(self) -> bool:
        return self.kind != DecisionKind.REFUSED


class DecisionItem(models.Model):
    """What an approval covers: an act, a drug or a device, how many (days, sessions, cycles or units)
    and, when capped, up to what amount."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=8, choices=ItemKind.choices)
    code = models.CharField(_("code"), max_length=32)
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.DecimalField(_("amount"), null=True, blank=True, **_MONEY)
    # A drug the fund's own pharmacy dispenses (the profile's `fund_pharmacy`): the facility sends the
    # patient there and does not bill it.
    fund_pharmacy = models.BooleanField(_("dispensed by the fund's pharmacy"), default=False)

    class Meta:
        verbose_name = _("approved item")
        verbose_name_plural = _("approved items")
        ordering = ["decision_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="auth_item_quantity")]

    def __str__(self) -> str:
        return f"{self.code} × {self.quantity}"
