"""Insured persons' bank accounts: where the fund pays a member's reimbursements (seed 004: the CNSS
reimburses insured persons who paid first). Entered at the counter, approved by a second person (it moves
money), dated by the day from which it is valid, never deleted: a payment goes to the account valid on the
day of its settlement run."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.common.banking import AccountStatus, DatedAccount
from sanad.registry.models.people import Member

BankAccountStatus = AccountStatus


def _certificate_path(instance: MemberBankAccount, filename: str) -> str:
    return f"registry/bank/{instance.member_id}/{filename}"


class MemberBankAccount(DatedAccount):
    """One account of a member, valid from a day until the next approved one takes over."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="bank_accounts")
    certificate = models.FileField(_("bank certificate"), upload_to=_certificate_path, blank=True)

    class Meta(DatedAccount.Meta):
        verbose_name = _("member's bank account")
        verbose_name_plural = _("members' bank accounts")
        ordering = ["member_id", "-valid_from", "-id"]
        indexes = [models.Index(fields=["member", "status", "valid_from"], name="registry_bank_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.account}"
