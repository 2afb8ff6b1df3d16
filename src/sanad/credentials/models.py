"""API clients (a facility's software), their keys and the calls they made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.providers.models import Facility


class ApiClient(models.Model):
    """A facility's software, allowed to call the APIs for that facility within its scopes.

    It acts through an account of its own (a facility staff account bound to the facility, which cannot
    sign in on the pages), so that every API rule about facility staff applies to it unchanged.
    """

    name = models.CharField(_("name"), max_length=120)
    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="+"
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["facility_id", "name"]

    def __str__(self) -> str:
        return self.name


class ApiKey(models.Model):
    """One secret of a client; only its SHA-256 digest is kept. `prefix` finds it (it is shown, the rest
    of the key never is again). A rotated key stays valid until `valid_until`, so that the facility can
    deploy the new one without an interruption."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="keys")
    prefix = models.CharField(_("key prefix"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return self.prefix


class ApiCall(models.Model):
    """One call of a client: who called what, when, and the answer's status (the audit of machine calls)."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="calls", db_index=False)
    at = models.DateTimeField(_("when"))
    method = models.CharField(max_length=8)
    path = models.CharField(_("address"), max_length=255)
    status = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        indexes = [models.Index(fields=["client", "-at"], name="credentials_call_client_at")]
        constraints = [models.CheckConstraint(condition=Q(status__gte=100), name="credentials_call_status")]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"
