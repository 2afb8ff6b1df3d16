"""The deposit and pick-up calendar of a regional office, with the fund's named contact for each facility
(seed 002, CNOPS: "un calendrier de dépôt et de retrait des dossiers des demandes de prise en charge",
"un contact personnalisé ... selon un planning qui sera défini au niveau de chaque délégation régionale").

A regional office is a region of the fund profile; a facility belongs to the office of its region."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.providers.models import Facility


class SlotKind(models.TextChoices):
    # The facility's representative hands in a batch of requests.
    DEPOSIT = "deposit", _("Deposit of requests")
    # The representative collects the decisions ready.
    PICKUP = "pickup", _("Pick-up of decisions")


class FacilityContact(models.Model):
    """The fund's named contact for a facility ("contact personnalisé"): the staff member its
    representative asks for at the regional office."""

    facility = models.OneToOneField(
        Facility, on_delete=models.CASCADE, related_name="authorization_contact", verbose_name=_("facility")
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("named contact")
    )
    phone = models.CharField(_("contact's phone"), max_length=32, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("named contact of a facility")
        verbose_name_plural = _("named contacts of the facilities")

    def __str__(self) -> str:
        return f"{self.facility_id}: {self.contact_id}"


class CalendarSlot(models.Model):
    """A time at the regional office when a facility's representative comes to hand in or to collect."""

    region = models.CharField(_("regional office"), max_length=32)
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="+", verbose_name=_("facility")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=SlotKind.choices)
    day = models.DateField(_("day"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A cancelled slot stays on record (who cancelled it, why); it is no longer offered.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("calendar slot")
        verbose_name_plural = _("calendar slots")
        ordering = ["day", "starts", "id"]
        indexes = [
            models.Index(fields=["region", "day"], name="auth_slot_region_day_idx"),
            models.Index(fields=["facility", "day"], name="auth_slot_facility_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="auth_slot_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.day} {self.starts} {self.kind}"
