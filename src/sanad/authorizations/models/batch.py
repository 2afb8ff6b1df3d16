"""A batch of requests handed in together before the act, with the fund's receipt given on the spot
(seed 002, CNOPS oncology centres: "par lots de 30 au maximum, avant l'acte")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.providers.models import Facility


class RequestBatch(models.Model):
    """The requests of one facility handed in together; its number is the receipt's number."""

    number = models.CharField(_("receipt number"), max_length=20, unique=True)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    handed_in_at = models.DateTimeField(_("handed in at"))
    handed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("batch of requests")
        verbose_name_plural = _("batches of requests")
        ordering = ["-handed_in_at", "-id"]
        indexes = [models.Index(fields=["facility", "-handed_in_at"], name="auth_batch_facility_idx")]

    def __str__(self) -> str:
        return self.number
