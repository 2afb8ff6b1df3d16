"""The short link of a certificate sent by SMS: an unguessable code standing for the certificate's token."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CertificateLink(models.Model):
    """One issued certificate's short link: `code` opens the verification page of `token`.

    The QR code carries the whole signed token, read offline; an SMS has no room for it (over 200
    characters, more than three Arabic parts), so it carries the code, random and without any id in it.
    """

    code = models.CharField(_("code"), max_length=16, unique=True)
    token = models.TextField(_("signed token"))
    member = models.ForeignKey("registry.Member", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate link")
        verbose_name_plural = _("certificate links")

    def __str__(self) -> str:
        return f"{self.member_id} {self.created_at:%Y-%m-%d %H:%M}"
