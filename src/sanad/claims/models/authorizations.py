"""The prior authorizations the lines of billing files used: what each authorization has left is counted
from them, and a file's page links the authorization its lines used."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.claims.models.files import BillingFile
from sanad.claims.models.sheets import CareSheetLine


class AuthorizationUse(models.Model):
    """A line the engine decided under a prior authorization: the request it used (what is counted, across
    the modifications of its approval), the decision in force that day, the code and how many days,
    sessions, cycles or units the line took. Written with the engine's decision on the file, replaced when
    the file is decided again; a line a person rejects afterwards no longer counts (the count reads the
    file's current decision)."""

    billing_file = models.ForeignKey(
        BillingFile,
        on_delete=models.CASCADE,
        related_name="authorization_uses",
        verbose_name=_("billing file"),
    )
    line = models.OneToOneField(
        CareSheetLine, on_delete=models.CASCADE, related_name="+", verbose_name=_("line")
    )
    request = models.ForeignKey(
        "authorizations.AuthorizationRequest",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prior authorization"),
        db_index=False,  # the index below starts with it
    )
    decision = models.ForeignKey(
        "authorizations.Decision", on_delete=models.PROTECT, related_name="+", verbose_name=_("decision")
    )
    code = models.CharField(_("code"), max_length=32)
    quantity = models.PositiveIntegerField(_("quantity used"))
    # What the line took of an approval that states an amount: the base the rate applied to.
    amount = models.DecimalField(_("amount used"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("use of a prior authorization")
        verbose_name_plural = _("uses of prior authorizations")
        ordering = ["billing_file_id", "line_id"]
        # What an authorization has left: its uses by request and code.
        indexes = [models.Index(fields=["request", "code"], name="claims_auth_use_request_idx")]

    def __str__(self) -> str:
        return f"{self.line_id}: {self.code} × {self.quantity}"
