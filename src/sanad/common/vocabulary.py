"""Words every app shares: the kinds of facility and the sectors (catalog constraints, network, claims)."""

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
