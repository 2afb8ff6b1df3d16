"""Members' bank accounts (where their reimbursements are paid, seed 004): entered at the counter by a
counter agent or an enrollment officer, approved or refused by a second person (four eyes: it moves money),
each dated by the day from which it is valid. Nothing is ever deleted: a new account takes over from its
day, the older ones stay in the history, and a payment goes to the account valid on the day of its run.

The checks are those of facilities' accounts (an IBAN checked by schwifty, with the Moroccan RIB key
inside; a bare RIB of 24 digits with its key). The register cannot call the providers' app (they are
siblings in DESIGN.md's layers), hence its own copy here, with the same wording.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.common.audit import audit_record
from sanad.common.banking import bank_account_normalize, dated_account_decide, dated_account_pending
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import require
from sanad.common.scans import scan_check
from sanad.registry.models import BankAccountStatus, Member, MemberBankAccount


def member_account_normalize(value: str, *, field: str = "account") -> str:
    """The compact account, or a DomainError naming `field` (the check every account the fund pays to
    passes, `common.banking`); an account is required here."""
    compact = bank_account_normalize(value, field=field)
    if not compact:
        raise DomainError(ErrorCode.REQUIRED, field=field)
    return compact


@transaction.atomic
def member_bank_account_propose(
    *, actor: Any, member_id: int, account: str, valid_from: datetime.date, certificate: Any = None
) -> MemberBankAccount:
    """Enter a member's new bank account, valid from `valid_from`; it is paid to once a second person
    approves it. One proposal waits at a time per member."""
    require(actor, "registry.enroll")
    member = Member.objects.select_for_update().get(pk=member_id)
    compact = member_account_normalize(account)
    if certificate is not None:
        scan_check(certificate, field="certificate")
    if member.bank_accounts.filter(status=BankAccountStatus.PROPOSED).exists():
        raise DomainError(
            ErrorCode.CONFLICT,
            _("A bank account of this member already waits for approval: approve or refuse it first."),
            field="account",
        )
    entry = MemberBankAccount(
        member=member,
        account=compact,
        valid_from=valid_from,
        proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if certificate is not None:
        entry.certificate = certificate
    entry.save()
    audit_record(
        actor=actor,
        action="member_bank_account_propose",
        obj=entry,
        after={"member": member.pk, "account": compact, "valid_from": valid_from},
    )
    return entry


_OWN = gettext_lazy("You entered this bank account: another person approves it (four eyes).")


def _pending(entry_id: int, actor: Any) -> MemberBankAccount:
    require(actor, "registry.review")
    return dated_account_pending(MemberBankAccount, entry_id, actor=actor, own=str(_OWN))


@transaction.atomic
def member_bank_account_approve(*, actor: Any, entry_id: int) -> MemberBankAccount:
    """A second person approves the account entered: from its day on, reimbursements are paid to it."""
    entry = _pending(entry_id, actor)
    dated_account_decide(entry, actor=actor, approve=True)
    audit_record(
        actor=actor,
        action="member_bank_account_approve",
        obj=entry,
        after={"member": entry.member_id, "account": entry.account, "valid_from": entry.valid_from},
    )
    return entry


@transaction.atomic
def member_bank_account_refuse(*, actor: Any, entry_id: int, reason: str) -> MemberBankAccount:
    """A second person refuses the account entered, saying why; it stays in the history, never paid to."""
    entry = _pending(entry_id, actor)
    dated_account_decide(entry, actor=actor, approve=False, reason=reason)
    audit_record(
        actor=actor, action="member_bank_account_refuse", obj=entry, after={"reason": reason.strip()}
    )
    return entry
