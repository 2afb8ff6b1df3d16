"""Facilities of the fund's network, their practitioners and the staff accounts bound to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.common.vocabulary import FacilityKind, Sector, specialty_name
from sanad.providers.statuses import FacilityNetworkStatus


class Facility(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=FacilityKind.choices)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    # Level and region are codes of the fund profile (care pyramid, country regions).
    level = models.CharField(_("level on the care pyramid"), max_length=32, db_index=True)
    region = models.CharField(_("region"), max_length=32, db_index=True)
    health_directorate = models.CharField(_("regional health directorate"), max_length=200, blank=True)
    # Eligibility for a CNASS agreement needs a permanent mission of care (seed 001).
    mission_curative = models.BooleanField(_("permanent curative care"), default=True)
    mission_preventive = models.BooleanField(_("permanent preventive care"), default=False)
    mission_rehabilitation = models.BooleanField(_("permanent rehabilitation"), default=False)
    # IBAN, or a Moroccan RIB of 24 digits; stored compact, validated by sanad.common.banking.
    bank_account = models.CharField(_("bank account (IBAN or RIB)"), max_length=34, blank=True)
    regulator_registration = models.CharField(_("regulator's registration"), max_length=64, blank=True)
    provider_identifier = models.CharField(_("provider identifier (INPE)"), max_length=32, blank=True)
    # Written only by the workflow services, so that lists filter on an index instead of a subquery.
    network_status = models.CharField(
        _("network status"),
        max_length=16,
        choices=FacilityNetworkStatus.choices,
        default=FacilityNetworkStatus.NONE,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["kind"], name="facility_kind_idx"),
            models.Index(fields=["provider_identifier"], name="facility_inpe_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fr}"

    @property
    def has_permanent_mission(self) -> bool:
        return self.mission_curative or self.mission_preventive or self.mission_rehabilitation


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


class Practitioner(models.Model):
    """A health professional working at a facility (INPE or order number as identifier)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="practitioners")
    name = models.CharField(_("name"), max_length=200)
    specialty = models.CharField(_("specialty"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=32)

    class Meta:
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "identifier"], name="practitioner_identifier_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({specialty_name(self.specialty)})"
