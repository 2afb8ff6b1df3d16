"""Bank accounts: their identifiers (an IBAN checked by schwifty, or a Moroccan RIB of 24 digits) and the
record every account the fund pays to is kept in (facilities' and insured persons' alike): dated, entered by
one person and approved by another, never deleted."""

from __future__ import annotations

import re
import warnings
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from schwifty import IBAN
from schwifty.exceptions import NationalChecksumNotVerified, SchwiftyException

from sanad.common.errors import DomainError, ErrorCode

_RIB = re.compile(r"\d{24}")


def moroccan_rib_key_ok(rib: str) -> bool:
    """A Moroccan RIB's last two digits equal 97 minus the first 22 digits followed by "00", modulo 97."""
    if not _RIB.fullmatch(rib):
        return False
    return int(rib[22:]) == 97 - (int(rib[:22]) * 100) % 97


def bank_account_normalize(value: str, *, field: str = "bank_account") -> str:
    """An IBAN must pass schwifty's checks (and, in Morocco, its RIB key); a bare RIB needs 24 digits and
    a right key. Returns the compact form; raises DomainError naming `field` otherwise."""
    compact = re.sub(r"[\s-]", "", value or "").upper()
    if not compact:
        return ""
    if compact.isdigit():
        if moroccan_rib_key_ok(compact):
            return compact
        raise DomainError(
            ErrorCode.INVALID,
            _("A RIB has 24 digits and its last two are the key: this one is wrong."),
            field=field,
        )
    try:
        with warnings.catch_warnings():
            # schwifty knows no algorithm for the Moroccan national key: it is checked just below.
            warnings.simplefilter("ignore", NationalChecksumNotVerified)
            iban = IBAN(compact, validate_bban=True)
    except SchwiftyException as error:
        raise DomainError(
            ErrorCode.INVALID, _("This IBAN is not valid: %(why)s") % {"why": error}, field=field
        ) from error
    if iban.country_code == "MA" and not moroccan_rib_key_ok(str(iban.bban)):
        raise DomainError(ErrorCode.INVALID, _("The RIB key inside this IBAN is wrong."), field=field)
    return str(iban.compact)


class AccountStatus(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("To approve")
    APPROVED = "approved", gettext_lazy("Approved")
    REFUSED = "refused", gettext_lazy("Refused")


class DatedAccount(models.Model):
    """An account the fund pays to from `valid_from`, proposed by one person and approved (or refused) by
    another: it moves money, so four eyes are held by the database too; the history is never deleted, and a
    payment goes to the account valid on the day of its run."""

    # IBAN, or a national account number (a Moroccan RIB of 24 digits), stored compact.
    account = models.CharField(gettext_lazy("bank account (IBAN or RIB)"), max_length=34)
    valid_from = models.DateField(gettext_lazy("valid from"))
    status = models.CharField(
        gettext_lazy("status"), max_length=16, choices=AccountStatus.choices, default=AccountStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(gettext_lazy("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(gettext_lazy("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(gettext_lazy("reason for refusal"), blank=True)

    class Meta:
        abstract = True
        constraints = [
            # Four eyes, held by the database too: whoever proposed an account never approves it.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="%(app_label)s_%(class)s_four_eyes",
            ),
        ]


def dated_account_pending(model: type[DatedAccount], pk: int, *, actor: Any, own: str) -> Any:
    """The account `pk` of `model`, locked, still to decide, and proposed by someone else than `actor`
    (`own` says so to the one who proposed it: four eyes)."""
    entry = model.objects.select_for_update().get(pk=pk)  # type: ignore[attr-defined]
    if entry.status != AccountStatus.PROPOSED:
        raise DomainError(
            ErrorCode.CONFLICT, _("This bank account has already been decided."), field="status"
        )
    if entry.proposed_by_id is not None and entry.proposed_by_id == actor.pk:
        raise DomainError(ErrorCode.FORBIDDEN, own, field="decided_by")
    return entry


def dated_account_decide(entry: DatedAccount, *, actor: Any, approve: bool, reason: str = "") -> None:
    """Approve the account, or refuse it saying why (required); it stays in the history either way."""
    reason = reason.strip()
    if not approve and not reason:
        raise DomainError(ErrorCode.REQUIRED, _("Say why the bank account is refused."), field="reason")
    entry.status = AccountStatus.APPROVED if approve else AccountStatus.REFUSED
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry.refusal_reason = reason
    entry.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
