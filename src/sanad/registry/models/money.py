"""Contributions paid for a member and the rights periods they open."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sanad.registry.models.people import Member
from sanad.registry.vocabulary import PaymentMethod


class ContributionStatus(models.TextChoices):
    """A payment stays on record whatever happens to it; its status says whether it still opens rights."""

    RECORDED = "recorded", _("Recorded")
    VOIDED = "voided", _("Voided")
    REFUNDED = "refunded", _("Refunded")
    REPLACED = "replaced", _("Replaced by a corrected entry")


class Contribution(models.Model):
    """A payment for one contribution period of a member and their dependants, in the fund's money."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="contributions")
    method = models.CharField(_("payment method"), max_length=16, choices=PaymentMethod.choices)
    operator = models.CharField(_("mobile-money operator"), max_length=40, blank=True)
    reference = models.CharField(_("transaction reference"), max_length=60, blank=True)
    cheque_number = models.CharField(_("cheque number"), max_length=30, blank=True)
    bank = models.CharField(_("bank"), max_length=80, blank=True)
    payer = models.CharField(_("payer"), max_length=120, blank=True)
    salary = models.DecimalField(_("salary"), max_digits=14, decimal_places=2, null=True, blank=True)
    persons = models.PositiveSmallIntegerField(_("persons covered"), default=1)
    insured_share = models.DecimalField(_("insured's share"), max_digits=14, decimal_places=2)
    # The State's share for a flat contribution (CNASS), the employer's for a share of salary (CNOPS, CNSS).
    sponsor_share = models.DecimalField(_("State's or employer's share"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # Indexed with the id below (registry_contrib_paid), which serves a day as well as a list by key.
    paid_on = models.DateField(_("paid on"))
    receipt_number = models.CharField(_("receipt number"), max_length=60, unique=True)
    # A database default too: the bulk loaders write contributions without naming the column.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ContributionStatus.choices,
        default=ContributionStatus.RECORDED,
        db_default=ContributionStatus.RECORDED,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["member_id", "period_start"]
        indexes = [
            models.Index(fields=["member", "period_start"], name="registry_contrib_member"),
            models.Index(fields=["reference"], name="registry_contrib_reference"),
            # The fund-wide list of contributions paid in a period, paged by key.
            models.Index(fields=["paid_on", "id"], name="registry_contrib_paid"),
        ]
        # amount = insured_share + sponsor_share is kept by the services, not by a CHECK: SQLite compares
        # decimals as floats, and 67.80 + 123.30 is not 191.10 there.
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="registry_contrib_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="registry_contrib_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.amount} {self.currency}"


class RightsPeriod(models.Model):
    """Rights of a member and their dependants opened by one contribution.

    `paid_from` is the start of the paid period; rights run from `start` (after the waiting period) to
    `end`, then the profile's grace period. `start` after `end`: the whole paid period is waiting time.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="rights_periods")
    contribution = models.OneToOneField(Contribution, on_delete=models.CASCADE, related_name="rights_period")
    paid_from = models.DateField(_("paid from"))
    start = models.DateField(_("rights start"))
    end = models.DateField(_("rights end"))

    class Meta:
        verbose_name = _("rights period")
        verbose_name_plural = _("rights periods")
        ordering = ["member_id", "paid_from"]
        indexes = [
            # rights_on: the latest period of a member paid from on or before a date.
            models.Index(fields=["member", "paid_from"], name="registry_rights_lookup"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=F("paid_from")), name="registry_rights_start"),
            models.CheckConstraint(condition=Q(end__gte=F("paid_from")), name="registry_rights_end"),
        ]

    def __str__(self) -> str:
        return f"{self.start} → {self.end}"
