"""The catalog: what the fund pays for and at what tariff, every row dated (`valid_from`, `valid_to`).

The row in force on the date of service is the one used. Rows of one key (an act code, a key letter in a
sector…) never overlap; a new tariff closes the previous row the day before it starts (see services).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.catalog.choices import (
    ActCategory,
    CareTypeChoice,
    DeviceCategory,
    ItemKind,
    SexChoice,
)
from sanad.common.vocabulary import Sector

MONEY = {"max_digits": 12, "decimal_places": 2}


def in_force(day) -> Q:
    """The rows in force on `day`: started on or before it, not ended before it."""
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def overlapping(start, end) -> Q:
    """The rows in force on at least one day of [start, end]."""
    return Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))


class Dated(models.Model):
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Where the value comes from; "assumption: …" when it is not a published figure.
    source = models.CharField(_("source"), max_length=200, blank=True)
    assumption = models.BooleanField(_("assumption"), default=False)

    class Meta:
        abstract = True


class KeyLetterValue(Dated):
    """The value of a key letter (C, Cs, K, B, Z…) in the fund's currency, for a sector or all of them."""

    letter = models.CharField(_("key letter"), max_length=16)
    # Empty: the value for every sector that has no value of its own.
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, blank=True)
    value = models.DecimalField(_("value"), **MONEY)

    class Meta:
        verbose_name = _("key letter value")
        verbose_name_plural = _("key letter values")
        ordering = ["letter", "sector", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "sector", "valid_from"], name="catalog_letter_unique_start"
            )
        ]
        indexes = [
            models.Index(fields=["letter", "sector", "valid_from"], name="catalog_letter_lookup"),
            # The key-letter page filters by sector alone too.
            models.Index(fields=["sector", "letter", "valid_from"], name="catalog_letter_sector"),
        ]

    def __str__(self) -> str:
        return f"{self.letter} {self.value} ({self.valid_from})"


class Constrained(Dated):
    """Who may receive the item and where: None or empty means no constraint."""

    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=SexChoice.choices, blank=True)
    facility_kinds = models.JSONField(_("facility kinds allowed"), default=list, blank=True)
    # Ranks on the fund profile's care pyramid (1 = health post).
    min_level = models.PositiveSmallIntegerField(_("lowest pyramid level"), null=True, blank=True)
    max_level = models.PositiveSmallIntegerField(_("highest pyramid level"), null=True, blank=True)
    max_per_day = models.PositiveSmallIntegerField(_("maximum per day"), null=True, blank=True)
    max_per_period = models.PositiveSmallIntegerField(_("maximum per period"), null=True, blank=True)
    period_days = models.PositiveSmallIntegerField(_("period (days)"), null=True, blank=True)
    needs_prior_approval = models.BooleanField(_("needs prior approval"), default=False)

    class Meta:
        abstract = True


class Act(Constrained):
    """A nomenclature act: priced by key letter × coefficient, or by a package price (forfait)."""

    code = models.CharField(_("code"), max_length=32)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=ActCategory.choices)
    grid = models.CharField(_("grid"), max_length=32, blank=True)
    key_letter = models.CharField(_("key letter"), max_length=16, blank=True)
    coefficient = models.DecimalField(_("coefficient"), max_digits=9, decimal_places=2, null=True, blank=True)
    package_price = models.DecimalField(_("package price"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="catalog_act_unique_start"),
            models.CheckConstraint(
                condition=(Q(key_letter="") & Q(package_price__isnull=False) & Q(coefficient__isnull=True))
                | (~Q(key_letter="") & Q(package_price__isnull=True) & Q(coefficient__isnull=False)),
                name="catalog_act_letter_or_package",
            ),
        ]
        indexes = [
            models.Index(fields=["code", "valid_from"], name="catalog_act_lookup"),
            models.Index(fields=["category", "code"], name="catalog_act_category"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_fr}"


class Drug(Constrained):
    code = models.CharField(_("code"), max_length=32)
    barcode = models.CharField(_("barcode (EAN-13)"), max_length=13)
    name = models.CharField(_("name"), max_length=200)
    form = models.CharField(_("form"), max_length=100, blank=True)
    strength = models.CharField(_("strength"), max_length=100, blank=True)
    public_price = models.DecimalField(_("public price (PPV)"), **MONEY)
    reimbursement_base = models.DecimalField(_("reimbursement base"), **MONEY)
    direct_billing = models.BooleanField(_("on the direct-billing list"), default=False)
    long_term_only = models.BooleanField(_("reserved to long-term conditions"), default=False)
    costly = models.BooleanField(_("costly drug"), default=False)

    class Meta:
        verbose_name = _("drug")
        verbose_name_plural = _("drugs")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="catalog_drug_unique_start")
        ]
        indexes = [
            models.Index(fields=["code", "valid_from"], name="catalog_drug_lookup"),
            models.Index(fields=["barcode", "valid_from"], name="catalog_drug_barcode"),
            # The drug page's flags select few rows: a partial index per flag, in the page's code order.
            models.Index(
                fields=["code", "valid_from"], condition=Q(direct_billing=True), name="catalog_drug_direct"
            ),
            models.Index(
                fields=["code", "valid_from"], condition=Q(long_term_only=True), name="catalog_drug_ltc"
            ),
            models.Index(fields=["code", "valid_from"], condition=Q(costly=True), name="catalog_drug_costly"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Device(Constrained):
    code = models.CharField(_("code"), max_length=32)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=DeviceCategory.choices)
    package_amount = models.DecimalField(_("package amount"), **MONEY)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="catalog_device_unique_start")
        ]
        indexes = [
            models.Index(fields=["code", "valid_from"], name="catalog_device_lookup"),
            models.Index(fields=["category", "code"], name="catalog_device_category"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_fr}"


class LongTermCondition(Dated):
    """A long-term or chronic condition (ALD/ALC), the ICD-10 codes it groups and the rate it carries."""

    code = models.CharField(_("code"), max_length=32)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300, blank=True)
    icd10_codes = models.JSONField(_("ICD-10 codes"), default=list)
    # None: the fund profile's long-term rate.
    coverage_rate = models.DecimalField(
        _("coverage rate"), max_digits=5, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("long-term condition")
        verbose_name_plural = _("long-term conditions")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="catalog_ltc_unique_start")
        ]
        indexes = [models.Index(fields=["code", "valid_from"], name="catalog_ltc_lookup")]

    def __str__(self) -> str:
        return f"{self.code} {self.label_fr}"

    @property
    def coverage_percent(self):
        """The rate as a percentage (0.9500 → 95), or None for the profile's long-term rate."""
        if self.coverage_rate is None:
            return None
        return (self.coverage_rate * 100).normalize()


class CoverageRate(Dated):
    """A fund's rate for a care type in a sector, overriding the fund profile's over its validity."""

    fund = models.CharField(_("fund"), max_length=32)
    care_type = models.CharField(_("care type"), max_length=32, choices=CareTypeChoice.choices)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    rate = models.DecimalField(_("rate"), max_digits=5, decimal_places=4)

    class Meta:
        verbose_name = _("coverage rate")
        verbose_name_plural = _("coverage rates")
        ordering = ["fund", "care_type", "sector", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "care_type", "sector", "valid_from"], name="catalog_rate_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.care_type} {self.sector} {self.rate}"


class BenefitPackageEntry(Dated):
    """A code (act, drug or device) the fund covers over a period."""

    fund = models.CharField(_("fund"), max_length=32)
    code = models.CharField(_("code"), max_length=32)
    kind = models.CharField(_("kind"), max_length=8, choices=ItemKind.choices)

    class Meta:
        verbose_name = _("benefit package entry")
        verbose_name_plural = _("benefit package entries")
        ordering = ["fund", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "code", "valid_from"], name="catalog_package_unique_start"
            )
        ]
        indexes = [
            models.Index(fields=["fund", "code", "valid_from"], name="catalog_package_lookup"),
            models.Index(fields=["fund", "kind", "code"], name="catalog_package_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.code}"


class TreatmentProtocol(Dated):
    """For a diagnosis (ICD-10), the act and drug codes expected; medical review compares the file to it."""

    diagnosis = models.CharField(_("diagnosis (ICD-10)"), max_length=16)
    label = models.CharField(_("label"), max_length=300, blank=True)
    expected_codes = models.JSONField(_("expected codes"), default=list)

    class Meta:
        verbose_name = _("treatment protocol")
        verbose_name_plural = _("treatment protocols")
        ordering = ["diagnosis", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["diagnosis", "valid_from"], name="catalog_protocol_unique_start")
        ]
        indexes = [models.Index(fields=["diagnosis", "valid_from"], name="catalog_protocol_lookup")]

    def __str__(self) -> str:
        return self.diagnosis
