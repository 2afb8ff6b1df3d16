"""Facilities of the fund's network and the staff accounts bound to them.

The accreditation, agreement and direct-billing models come with the provider-network capability.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityKind(models.TextChoices):
    HEALTH_POST = "health_post", _("Health post")
    HEALTH_CENTRE = "health_centre", _("Health centre")
    REGIONAL_HOSPITAL = "regional_hospital", _("Regional hospital")
    NATIONAL_HOSPITAL = "national_hospital", _("National hospital")
    UNIVERSITY_HOSPITAL = "university_hospital", _("University hospital")
    MILITARY_HOSPITAL = "military_hospital", _("Military hospital")
    PRIVATE_CLINIC = "private_clinic", _("Private clinic")
    DIALYSIS_CENTRE = "dialysis_centre", _("Dialysis centre")
    EYE_CENTRE = "eye_centre", _("Eye centre")
    ONCOLOGY_CENTRE = "oncology_centre", _("Oncology centre")
    PHARMACY = "pharmacy", _("Pharmacy")
    LABORATORY = "laboratory", _("Laboratory")
    IMAGING_CENTRE = "imaging_centre", _("Imaging centre")


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    NON_PROFIT = "non_profit", _("Non-profit")
    PRIVATE = "private", _("Private")


class Facility(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=FacilityKind.choices)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    # Level and region are codes of the fund profile (care pyramid, country regions).
    level = models.CharField(_("level on the care pyramid"), max_length=32, db_index=True)
    region = models.CharField(_("region"), max_length=32, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fr}"


class FacilityStaff(models.Model):
    """Binds a facility staff account to the one facility whose data it may see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facility_staff"
    )
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="staff")

    class Meta:
        verbose_name = _("facility staff account")
        verbose_name_plural = _("facility staff accounts")

    def __str__(self) -> str:
        return f"{self.user} @ {self.facility.code}"
