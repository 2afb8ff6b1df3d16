"""Settlement runs (liquidation) and the files each one settles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import BillingFile, FileDecision
from sanad.payments.statuses import RunStatus

MONEY = {"max_digits": 14, "decimal_places": 2}
# A run's totals: a national month of files.
TOTAL = {"max_digits": 18, "decimal_places": 2, "default": 0}


class SettlementRun(models.Model):
    """The settlement of the validated files received in a period (optionally of one region or one kind of
    facility): the fund's share of each file, one payment order per payee (seed 000: "validation et
    liquidation paiement des factures"). Prepared by one finance officer, approved by another."""

    period_start = models.DateField(_("received from"))
    period_end = models.DateField(_("received until"))
    # Blank: every region, every kind of facility.
    region = models.CharField(_("region"), max_length=32, blank=True)
    facility_kind = models.CharField(_("kind of facility"), max_length=32, blank=True)
    # The run's date: the bank details valid on it are those paid to.
    on = models.DateField(_("date of the run"))
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.PREPARING
    )
    currency = models.CharField(_("currency"), max_length=3)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Where the gathering stands, committed with each chunk: a run killed half-way goes on from here.
    files_expected = models.PositiveIntegerField(_("files to settle"), default=0)
    files_done = models.PositiveIntegerField(_("files settled so far"), default=0)
    after_received_on = models.DateField(null=True, blank=True)
    after_file_id = models.BigIntegerField(default=0)
    # The totals, written when the gathering ends (the sums of its orders).
    files = models.PositiveIntegerField(_("files"), default=0)
    orders = models.PositiveIntegerField(_("payment orders"), default=0)
    billed = models.DecimalField(_("billed amount"), **TOTAL)
    fund_share = models.DecimalField(_("fund share"), **TOTAL)
    patient_share = models.DecimalField(_("patient share"), **TOTAL)
    penalty = models.DecimalField(_("penalty"), **TOTAL)
    # Sums paid wrongly before, deducted from this run's orders (recoveries).
    recovered = models.DecimalField(_("recovered"), **TOTAL)
    # Differences paid on files settled before and decided again for more.
    supplement = models.DecimalField(_("supplements"), **TOTAL)
    prepared_at = models.DateTimeField(_("prepared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("settlement run")
        verbose_name_plural = _("settlement runs")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "-id"], name="payments_run_status_idx")]
        constraints = [
            # One run gathers files at a time: a second one started meanwhile fails cleanly at the door
            # (on PostgreSQL it waits for the first one's insert to commit, then fails).
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="preparing"), name="payments_one_run_preparing"
            ),
            # Four eyes, held by the database too: whoever prepared a run never approves it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                name="payments_run_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="payments_run_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The run's reference on every paper and in the bank's files: LIQ-000012."""
        return f"LIQ-{self.pk:06d}"


class SettledFile(models.Model):
    """A billing file settled by a run, with the amounts of the decision it was settled on. Keyed by the
    file: the database itself refuses a file in two runs (a cancelled run gives its files back)."""

    billing_file = models.OneToOneField(
        BillingFile, on_delete=models.PROTECT, primary_key=True, related_name="settlement"
    )
    run = models.ForeignKey(SettlementRun, on_delete=models.CASCADE, related_name="settled_files")
    order = models.ForeignKey("payments.PaymentOrder", on_delete=models.CASCADE, related_name="settled_files")
    # The decision settled (decisions are never deleted; a file decided again keeps this one, not current).
    decision = models.ForeignKey(
        FileDecision, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    billed = models.DecimalField(_("billed amount"), **MONEY)
    fund_share = models.DecimalField(_("fund share"), **MONEY)
    patient_share = models.DecimalField(_("patient share"), **MONEY)
    penalty = models.DecimalField(_("penalty"), **MONEY)

    class Meta:
        verbose_name = _("settled file")
        verbose_name_plural = _("settled files")
        ordering = ["run_id", "billing_file_id"]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.billing_file_id}"
