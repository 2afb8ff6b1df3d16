"""The peer averages of a day, computed once and kept for the runs and pages of that day."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerDay(models.Model):
    """The (facility, act) pairs whose average amount per act is above the profile's factor times their
    peers' over the quarter before `on`: computed by the first run or page of the day that needs them, and
    read by every other (the quarter's lines are scanned once a day, not at every run)."""

    fund = models.CharField(_("fund"), max_length=16)
    on = models.DateField(_("day"))
    # The profile's thresholds they were computed with: a change of profile computes them again.
    factor = models.DecimalField(max_digits=8, decimal_places=4)
    min_acts = models.PositiveIntegerField()
    # [[facility id, act code, the facility's average, its peers'], …]: the pairs flagged, few.
    above = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("peer averages of a day")
        verbose_name_plural = _("peer averages of a day")
        constraints = [models.UniqueConstraint(fields=["fund", "on"], name="claims_peer_day_unique")]

    def __str__(self) -> str:
        return f"{self.fund} {self.on}"
