"""HCX participants (a facility's system registered with its public key and callback address) and the
exchanges they sent: one row per `x-hcx-api_call_id` of a sender, the encrypted request and answer, and
every attempt at the callback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.credentials.models import ApiClient
from sanad.exchange.statuses import Action, DeliveryStatus, ExchangeStatus, SubscriptionStatus
from sanad.providers.models import Facility


class Participant(models.Model):
    """A facility's system on the exchange. It authenticates with its API client's key and acts through
    that client's facility staff account, so that every rule about facility staff applies unchanged."""

    code = models.CharField(_("participant code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="+"
    )
    client = models.ForeignKey(
        ApiClient, verbose_name=_("API client"), on_delete=models.PROTECT, related_name="+"
    )
    public_key = models.TextField(_("public key (JWK or PEM)"))
    callback_url = models.URLField(_("callback base address"), max_length=255)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("HCX participant")
        verbose_name_plural = _("HCX participants")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


class Exchange(models.Model):
    """One request of a participant and its answer. Both are kept encrypted (the request to the fund's
    key, the answer to the participant's): the rows never hold medical data in clear."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="exchanges")
    action = models.CharField(_("request"), max_length=32, choices=Action.choices)
    api_call_id = models.CharField(max_length=64)
    correlation_id = models.CharField(max_length=64)
    workflow_id = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=8, default="fr")
    request_jwe = models.TextField()
    answer_jwe = models.TextField(blank=True)
    answer_status = models.CharField(max_length=32, blank=True)  # x-hcx-status of the answer
    status = models.CharField(
        _("status"), max_length=16, choices=ExchangeStatus.choices, default=ExchangeStatus.RECEIVED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("HCX exchange")
        verbose_name_plural = _("HCX exchanges")
        constraints = [
            models.UniqueConstraint(fields=["participant", "api_call_id"], name="exchange_call_once")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="exchange_due")]

    def __str__(self) -> str:
        return f"{self.action} {self.api_call_id}"


class CallbackAttempt(models.Model):
    """One try at the participant's callback: when, the HTTP status (0 when none came) and the error."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="callback_attempts")
    at = models.DateTimeField(_("when"))
    url = models.CharField(_("address"), max_length=255)
    status = models.PositiveSmallIntegerField(_("answer"), default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("callback attempt")
        verbose_name_plural = _("callback attempts")
        ordering = ["exchange_id", "at"]

    def __str__(self) -> str:
        return f"{self.url} {self.status}"


class Subscription(models.Model):
    """A facility's software asking to hear of its ClaimResponses (FHIR R4 Subscription, rest-hook): every
    answer decided later is sent to `endpoint`, the whole resource or an empty notification."""

    client = models.ForeignKey(
        ApiClient, verbose_name=_("API client"), on_delete=models.PROTECT, related_name="+"
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.REQUESTED
    )
    reason = models.CharField(_("reason"), max_length=255)
    criteria = models.CharField(_("criteria"), max_length=255)
    # What the criteria keep: the ClaimResponses of this Claim only (its identifier or reference, blank
    # for all), of this use only (claim or preauthorization, blank for both).
    request_value = models.CharField(max_length=64, blank=True)
    use = models.CharField(max_length=16, blank=True)
    endpoint = models.CharField(_("address"), max_length=255)
    payload = models.CharField(max_length=32, blank=True)  # blank: an empty notification
    headers = models.JSONField(default=list)  # "Name: value" strings, sent with every notification
    end = models.DateTimeField(_("end"), null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        verbose_name = _("FHIR subscription")
        verbose_name_plural = _("FHIR subscriptions")
        indexes = [models.Index(fields=["facility", "status"], name="exchange_subscription_active")]

    def __str__(self) -> str:
        return f"{self.criteria} → {self.endpoint}"


class Notification(models.Model):
    """One notification of a subscription: written in the transaction of the decision it tells (never lost
    if the process dies after the commit), then sent by a task with the exchange's retries and backoff.
    `event_key` names the decision: a repeated signal writes nothing twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="notifications")
    event_key = models.CharField(max_length=64)
    resource_id = models.CharField(max_length=32)
    body = models.TextField(blank=True)  # the resource as JSON; blank for an empty notification
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription notification")
        verbose_name_plural = _("subscription notifications")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_key"], name="notification_event_once")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due")]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.status}"
