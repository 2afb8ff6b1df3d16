"""The timeline of a request: every step, who took it, when and why."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.models.request import AuthorizationRequest


class RequestEvent(models.Model):
    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    action = models.CharField(_("action"), max_length=48)
    from_status = models.CharField(_("from"), max_length=24, blank=True)
    to_status = models.CharField(_("to"), max_length=24, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why, in the actor's words (a reason, a question), or what the automatic rule found.
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["request_id", "at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="auth_event_request_idx")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.action}"
