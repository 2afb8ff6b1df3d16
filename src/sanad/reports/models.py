"""The indicators' tables: one row per indicator, period and combination of dimensions, written only by the
computation of a day (`sanad.reports.compute`), read by the pages. A page never scans the claims.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.providers.models import Facility


class Grain(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    # The same periods summed over the whole fund (every region, facility and kind of facility), by
    # indicator, care type and key: a page without those filters reads these (some hundreds of rows a month
    # instead of one per facility).
    DAY_FUND = "day_fund", _("day, whole fund")
    MONTH_FUND = "month_fund", _("month, whole fund")


# Each period's whole-fund grain.
FUND_GRAIN = {Grain.DAY: Grain.DAY_FUND, Grain.MONTH: Grain.MONTH_FUND}


class Figure(models.Model):
    """An indicator's measures for one day (or one month, the sum of its days) and one combination of
    dimensions; blank dimensions mean "all" or "not applicable" for that indicator."""

    grain = models.CharField(_("period"), max_length=12, choices=Grain.choices, default=Grain.DAY)
    # The day, or the first day of the month.
    day = models.DateField(_("day"))
    # The code of an indicator registered in `sanad.reports.indicators`.
    indicator = models.CharField(_("indicator"), max_length=48)
    region = models.CharField(_("region"), max_length=32, blank=True, default="")
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    facility_kind = models.CharField(_("facility kind"), max_length=32, blank=True, default="")
    care_type = models.CharField(_("care type"), max_length=32, blank=True, default="")
    # A further dimension of the indicator: a reason code, a payment channel, a branch, an hour, an outcome,
    # or a duration bucket (whole hours or days) from which medians are read.
    key = models.CharField(_("key"), max_length=64, blank=True, default="")
    count = models.BigIntegerField(_("count"), default=0)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, default=0)
    # How many of `count` were done within their clock (for the clock indicators).
    on_time = models.BigIntegerField(_("within the clock"), default=0)
    # The sum of the durations of `count` cases, in hours (averages are `hours / count`).
    hours = models.DecimalField(_("hours"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        indexes = [
            models.Index(fields=["grain", "indicator", "day"], name="figure_indicator_day_idx"),
            models.Index(fields=["facility", "grain", "indicator", "day"], name="figure_facility_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.day}"


class ComputedDay(models.Model):
    """When a day's figures were last computed, and what it took (the nightly task and the bench read it)."""

    day = models.DateField(_("day"), unique=True)
    computed_at = models.DateTimeField(_("computed at"))
    seconds = models.DecimalField(_("seconds"), max_digits=10, decimal_places=3)
    rows = models.IntegerField(_("rows"))

    class Meta:
        verbose_name = _("computed day")
        verbose_name_plural = _("computed days")
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)


class RegionalStaff(models.Model):
    """Binds a staff account of a regional office to its region: its dashboards show that region's figures
    only, whatever region it asks for (issue 20, §2: the regional office sees the indicators of its work)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regional_staff"
    )
    # A region code of the fund profile (`regions`).
    region = models.CharField(_("region"), max_length=32)

    class Meta:
        verbose_name = _("regional office account")
        verbose_name_plural = _("regional office accounts")

    def __str__(self) -> str:
        return f"{self.user} @ {self.region}"
