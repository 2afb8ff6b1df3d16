"""The papers of a request (scans of its checklist) and the adviser's requests for more information."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.models.request import AuthorizationRequest


def _scan_path(instance: RequestDocument, filename: str) -> str:
    return f"authorizations/{instance.request_id}/{filename}"


class InformationRequest(models.Model):
    """The adviser asks the facility for more information; the clock stops or starts again as the profile
    says (`information_clock`) until the answer."""

    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="information")
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked at"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["request_id", "asked_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.asked_at:%Y-%m-%d}"


class RequestDocument(models.Model):
    """A scan of a paper of the checklist. The confidential medical report is stored marked confidential
    and served to medical advisers only."""

    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("document"), max_length=40)
    confidential = models.BooleanField(_("confidential"), default=False)
    scan = models.FileField(_("scan"), upload_to=_scan_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("request document")
        verbose_name_plural = _("request documents")
        ordering = ["request_id", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.code}"
