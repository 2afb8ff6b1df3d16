"""Insured persons' bank accounts: where the fund pays a member's reimbursements (seed 004: the CNSS
reimburses insured persons who paid first). Entered at the counter, approved by a second person (it moves
money), dated by the day from which it is valid, never deleted: a payment goes to the account valid on the
day of its settlement run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sanad.registry.models.people import Member


class BankAccountStatus(models.TextChoices):
    PROPOSED = "proposed", _("To approve")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


def _certificate_path(instance: MemberBankAccount, filename: str) -> str:
    return f"registry/bank/{instance.member_id}/{filename}"


class MemberBankAccount(models.Model):
    """One account of a member, valid from a day until the next approved one takes over."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="bank_accounts")
    # IBAN, or a national account number (a Moroccan RIB of 24 digits), stored compact.
    account = models.CharField(_("bank account (IBAN or RIB)"), max_length=34)
    valid_from = models.DateField(_("valid from"))
    certificate = models.FileField(_("bank certificate"), upload_to=_certificate_path, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BankAccountStatus.choices, default=BankAccountStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    class Meta:
        verbose_name = _("member's bank account")
        verbose_name_plural = _("members' bank accounts")
        ordering = ["member_id", "-valid_from", "-id"]
        indexes = [models.Index(fields=["member", "status", "valid_from"], name="registry_bank_member_idx")]
        constraints = [
            # Four eyes, held by the database too: whoever entered an account never approves it.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="registry_bank_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.account}"
