"""Care sheets and their lines: the proof of every service given in one episode of care."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.claims.statuses import (
    CareType,
    LineKind,
    SheetStatus,
)
from sanad.providers.models import Facility
from sanad.registry.models import Dependant, Member

_MONEY = {"max_digits": 14, "decimal_places": 2}


def beneficiary_key(member_id: int | None, dependant_id: int | None) -> str:
    """One string naming the person who received care: `M<id>` for a member, `D<id>` for a dependant.

    Stored on every line so that history lookups (duplicates, frequencies, ceilings) use one index."""
    return f"M{member_id}" if dependant_id is None else f"D{dependant_id}"


class CareSheet(models.Model):
    """One episode of care at one facility (feuille de soins), with every service given."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="care_sheets")
    # The beneficiary is the member or one of their dependants: exactly one of the two is set.
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    dependant = models.ForeignKey(
        Dependant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    care_type = models.CharField(_("care type"), max_length=16, choices=CareType.choices)
    care_date = models.DateField(_("date of care"))
    admission_date = models.DateField(_("admission date"), null=True, blank=True)
    discharge_date = models.DateField(_("discharge date"), null=True, blank=True)
    diagnosis = models.CharField(_("diagnosis (ICD-10)"), max_length=10, blank=True)
    practitioner_name = models.CharField(_("practitioner"), max_length=200, blank=True)
    emergency = models.BooleanField(_("emergency"), default=False)
    # Referral in: the patient was sent here from a lower level of the care pyramid.
    referral_in_facility = models.ForeignKey(
        Facility,
        verbose_name=_("referred by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referral_in_level = models.CharField(_("level of the referring facility"), max_length=32, blank=True)
    referral_in_on = models.DateField(_("referral date"), null=True, blank=True)
    referral_in_valid_until = models.DateField(_("referral valid until"), null=True, blank=True)
    # Referral out: the patient is sent on to a higher level.
    referral_out_level = models.CharField(_("referred to level"), max_length=32, blank=True)
    referral_out_facility = models.ForeignKey(
        Facility,
        verbose_name=_("referred to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Open until cancelled; a cancelled sheet is kept with its reason (the audit trail says who and when).
    # Database defaults too: the demo and the benchmarks insert sheets by COPY, without these columns.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SheetStatus.choices,
        default=SheetStatus.OPEN,
        db_default=SheetStatus.OPEN,
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, default="", db_default="")
    # Raised by every correction: a page sends back the version it showed, so that of two clerks correcting
    # the sheet at once the second is told what the first did instead of overwriting it.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        verbose_name = _("care sheet")
        verbose_name_plural = _("care sheets")
        ordering = ["-care_date", "-id"]
        indexes = [
            models.Index(fields=["facility", "care_date"], name="claims_sheet_facility_idx"),
            models.Index(fields=["member", "care_date"], name="claims_sheet_member_idx"),
            models.Index(fields=["dependant", "care_date"], name="claims_sheet_dependant_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(dependant__isnull=True))
                | (Q(member__isnull=True) & Q(dependant__isnull=False)),
                name="claims_sheet_one_beneficiary",
            ),
            models.CheckConstraint(
                condition=Q(discharge_date__isnull=True)
                | Q(admission_date__isnull=True)
                | Q(discharge_date__gte=models.F("admission_date")),
                name="claims_sheet_discharge_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return f"CS-{self.pk} {self.care_date}"

    @property
    def beneficiary_key(self) -> str:
        return beneficiary_key(self.member_id, self.dependant_id)


class CareSheetLine(models.Model):
    """One billed service: an act with its coefficient, a drug or a device."""

    care_sheet = models.ForeignKey(CareSheet, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveSmallIntegerField(_("line"))
    kind = models.CharField(_("kind"), max_length=8, choices=LineKind.choices)
    code = models.CharField(_("code"), max_length=32)
    coefficient = models.DecimalField(_("coefficient"), max_digits=8, decimal_places=2, null=True, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    billed = models.DecimalField(_("billed amount"), **_MONEY)
    service_date = models.DateField(_("date of service"))
    # A copy of the sheet's beneficiary (see `beneficiary_key`), for the history index.
    beneficiary = models.CharField(_("beneficiary"), max_length=24)

    class Meta:
        verbose_name = _("care sheet line")
        verbose_name_plural = _("care sheet lines")
        ordering = ["care_sheet_id", "line_no"]
        indexes = [
            models.Index(fields=["beneficiary", "code", "service_date"], name="claims_line_history_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["care_sheet", "line_no"], name="claims_line_no_unique"),
            models.CheckConstraint(condition=Q(billed__gte=0), name="claims_line_billed_positive"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="claims_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.line_no}. {self.code} × {self.quantity}"
