"""Care sheets, their lines, billing files and the engine's decisions on them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.claims.statuses import (
    CareType,
    Channel,
    FileStatus,
    LineKind,
    Outcome,
    PayeeChoice,
    RoutingChoice,
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


class BillingFile(models.Model):
    """The facility's invoice for one care sheet (dossier de facturation), and its place in the pipeline."""

    care_sheet = models.OneToOneField(CareSheet, on_delete=models.PROTECT, related_name="billing_file")
    # A copy of the sheet's facility: the invoice number is unique per facility.
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="billing_files")
    invoice_number = models.CharField(_("invoice number"), max_length=40)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.DIRECT_BILLING
    )
    # Codes of the supporting documents present (prescription, results, operating report…).
    documents = models.JSONField(_("documents present"), default=list, blank=True)
    received_on = models.DateField(_("received on"))
    status = models.CharField(
        _("status"), max_length=16, choices=FileStatus.choices, default=FileStatus.RECEIVED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("billing file")
        verbose_name_plural = _("billing files")
        ordering = ["received_on", "id"]
        indexes = [
            # The fund's work queues: files of a status, oldest received first.
            models.Index(fields=["status", "received_on", "id"], name="claims_file_queue_idx"),
            # A facility's own files by status.
            models.Index(fields=["facility", "status", "received_on"], name="claims_file_facility_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["facility", "invoice_number"], name="claims_invoice_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_number} ({self.get_status_display()})"


class FileDecision(models.Model):
    """The engine's decision on a billing file. A file decided again keeps its former decisions, not
    current."""

    billing_file = models.ForeignKey(BillingFile, on_delete=models.CASCADE, related_name="decisions")
    is_current = models.BooleanField(_("current"), default=True)
    decided_on = models.DateField(_("decided on"))
    decided_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    routing = models.CharField(_("routing"), max_length=24, choices=RoutingChoice.choices)
    payee = models.CharField(_("payee"), max_length=16, choices=PayeeChoice.choices)
    currency = models.CharField(_("currency"), max_length=3)
    billed = models.DecimalField(_("billed amount"), **_MONEY)
    fund_share = models.DecimalField(_("fund share"), **_MONEY)
    patient_share = models.DecimalField(_("patient share"), **_MONEY)
    penalty = models.DecimalField(_("penalty"), **_MONEY)
    # File-level findings: [{"code", "rule", "params": {…}}], parameters as JSON-safe values.
    findings = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("file decision")
        verbose_name_plural = _("file decisions")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["billing_file"], condition=Q(is_current=True), name="claims_one_current_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.billing_file_id}: {self.status} → {self.routing}"


class LineOutcome(models.Model):
    """The engine's decision on one line: status, amounts and reasons."""

    decision = models.ForeignKey(FileDecision, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(CareSheetLine, on_delete=models.CASCADE, related_name="outcomes")
    status = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    billed = models.DecimalField(_("billed amount"), **_MONEY)
    tariff = models.DecimalField(_("tariff"), **_MONEY)
    base = models.DecimalField(_("base"), **_MONEY)
    rate = models.DecimalField(_("coverage rate"), max_digits=5, decimal_places=4)
    fund_share = models.DecimalField(_("fund share"), **_MONEY)
    patient_share = models.DecimalField(_("patient share"), **_MONEY)
    penalty = models.DecimalField(_("penalty"), **_MONEY)
    findings = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("line outcome")
        verbose_name_plural = _("line outcomes")
        ordering = ["decision_id", "line_id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "line"], name="claims_outcome_line_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id}: {self.status}"
