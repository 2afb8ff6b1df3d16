"""The outbox: every message Sanad sends, rendered once in the recipient's language, with its delivery."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.notifications.statuses import Channel, MessageStatus
from sanad.notifications.texts import MessageTemplate, template_label


class Message(models.Model):
    """One SMS to one phone number; the worker sends it, retrying with backoff, until it is sent or failed."""

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.SMS)
    recipient = models.CharField(_("recipient"), max_length=20)  # E.164, as the register stores phones
    language = models.CharField(_("language"), max_length=8)
    template = models.CharField(_("template"), max_length=32, choices=MessageTemplate.choices)
    text = models.TextField(_("text"))
    # What the message is about (registry.enrollment 12, registry.contribution 40, registry.member 7).
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=40)
    # The member the message is for: their page lists it. Not a foreign key into another app's tables.
    member_id = models.BigIntegerField(_("member"), null=True, blank=True)
    # One message per event: a repeated signal (a certificate printed twice a day) does not send twice.
    dedupe_key = models.CharField(_("deduplication key"), max_length=120, null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True, default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweep: queued messages whose next attempt is due, oldest first.
            models.Index(fields=["status", "next_attempt_at"], name="notif_msg_due_idx"),
            # The member page: a member's latest messages.
            models.Index(fields=["member_id", "-created_at"], name="notif_msg_member_idx"),
            models.Index(fields=["object_type", "object_id"], name="notif_msg_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template_label} #{self.pk} ({self.get_status_display()})"

    @property
    def template_label(self) -> str:
        """The template's label, whether a choice or a plain name (claims, corrections, login codes)."""
        return str(template_label(self.template))
