"""Payment orders (what a run owes one payee) and the credit transfers that pay them."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sanad.payments.models.runs import MONEY, SettlementRun
from sanad.payments.statuses import OrderStatus, PayeeKind, TransferStatus
from sanad.providers.models import Facility
from sanad.registry.models import Member

SUM = {"max_digits": 18, "decimal_places": 2, "default": 0}


class PaymentOrder(models.Model):
    """One payee's due in one run: the fund's share of its files, less what is recovered. Keyed by (run,
    payee): a run resumed, or an order paid again after a rejection, never makes a second one."""

    # Not indexed on its own: the unique (run, payee) constraint's index starts with it.
    run = models.ForeignKey(
        SettlementRun, on_delete=models.CASCADE, related_name="payment_orders", db_index=False
    )
    # `F<facility id>` or `M<member id>`: one key for the unique constraint whatever the payee.
    payee_key = models.CharField(max_length=24)
    payee_kind = models.CharField(_("payee"), max_length=16, choices=PayeeKind.choices)
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    files = models.PositiveIntegerField(_("files"), default=0)
    billed = models.DecimalField(_("billed amount"), **SUM)
    fund_share = models.DecimalField(_("fund share"), **SUM)
    patient_share = models.DecimalField(_("patient share"), **SUM)
    penalty = models.DecimalField(_("penalty"), **SUM)
    # What is offset against this order for sums paid wrongly before (recoveries), never above its fund share.
    recovered = models.DecimalField(_("recovered"), **SUM)
    # Differences owed on files paid before and decided again for more (supplements).
    supplement = models.DecimalField(_("supplements"), **SUM)
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.TO_PAY
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        ordering = ["run_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "payee_key"], name="payments_order_payee_unique"),
            # An offset never makes an order negative.
            models.CheckConstraint(
                condition=Q(recovered__gte=0) & Q(recovered__lte=F("fund_share") + F("supplement")),
                name="payments_order_recovered_within_share",
            ),
            models.CheckConstraint(
                condition=(Q(payee_kind="facility") & Q(facility__isnull=False) & Q(member__isnull=True))
                | (Q(payee_kind="insured") & Q(member__isnull=False) & Q(facility__isnull=True)),
                name="payments_order_one_payee",
            ),
        ]
        indexes = [
            models.Index(fields=["run", "status"], name="payments_order_status_idx"),
            # The dashboards' computation of a day: the orders paid that day.
            models.Index(fields=["paid_on"], name="payments_order_paid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.payee_key}"

    @property
    def amount(self):
        """What the transfer pays: the fund's share and the supplements, less what is recovered."""
        return self.fund_share + self.supplement - self.recovered

    @property
    def due(self):
        """What the order owes before recoveries: its files' fund share and the supplements."""
        return self.fund_share + self.supplement


class Transfer(models.Model):
    """One credit transfer of an order in a bank file. An order rejected by the bank is sent again as a new
    transfer of the same order (its next attempt), to the corrected account."""

    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="transfers")
    bank_file = models.ForeignKey("payments.BankFile", on_delete=models.PROTECT, related_name="transfers")
    attempt = models.PositiveSmallIntegerField(default=1)
    # The bank's confirmations name the transfer by it (ISO 20022 EndToEndId, at most 35 characters).
    end_to_end_id = models.CharField(_("end-to-end reference"), max_length=35, unique=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    creditor_name = models.CharField(_("creditor"), max_length=140)
    # The account paid to, as it stood when the file was made: an IBAN, or a national account number.
    account = models.CharField(_("account"), max_length=34)
    status = models.CharField(
        _("status"), max_length=16, choices=TransferStatus.choices, default=TransferStatus.SENT
    )
    # The bank's reason for a rejection (ISO 20022 status reason code, e.g. AC01) and its words.
    reason_code = models.CharField(_("reason code"), max_length=8, blank=True)
    reason_text = models.CharField(_("reason"), max_length=200, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    confirmation = models.ForeignKey(
        "payments.ConfirmationImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("credit transfer")
        verbose_name_plural = _("credit transfers")
        ordering = ["order_id", "attempt"]
        constraints = [
            models.UniqueConstraint(fields=["order", "attempt"], name="payments_transfer_attempt_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_transfer_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.end_to_end_id
