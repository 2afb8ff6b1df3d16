"""The one-time code an insured person logs in with: one row per member, hashed, short-lived."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.registry.models.people import Member


class OneTimeCode(models.Model):
    """The member's current login code (a new request replaces it): never stored in clear.

    `code_hash` is an HMAC of the code keyed by the site's secret, so that a copy of the table alone does not
    give the codes away (six digits would be found at once from a plain hash).
    """

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="one_time_code")
    code_hash = models.CharField(_("code hash"), max_length=128)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self) -> str:
        return f"{self.member_id} {self.sent_at:%Y-%m-%d %H:%M}"
