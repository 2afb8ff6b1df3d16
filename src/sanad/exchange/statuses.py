"""Where an exchange stands: received (its answer being prepared), answered (the callback going out),
delivered, or failed (every attempt at the callback failed)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExchangeStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ANSWERED = "answered", _("Answer being sent")
    DELIVERED = "delivered", _("Answer delivered")
    FAILED = "failed", _("Answer not delivered")


class Action(models.TextChoices):
    """What a participant asks (the HCX API's path) and the callback that answers it."""

    ELIGIBILITY = "coverageeligibility/check", _("Eligibility check")
    PREAUTH = "preauth/submit", _("Prior authorization")
    CLAIM = "claim/submit", _("Claim")
    PAYMENT = "paymentnotice/request", _("Payment")
    STATUS = "hcx/status", _("Status of a claim")


CALLBACKS = {
    Action.ELIGIBILITY: "coverageeligibility/on_check",
    Action.PREAUTH: "preauth/on_submit",
    Action.CLAIM: "claim/on_submit",
    Action.PAYMENT: "paymentnotice/on_request",
    Action.STATUS: "hcx/on_status",
}


class SubscriptionStatus(models.TextChoices):
    """A FHIR Subscription's status (its value set): asked, delivering, stopped by a failure, or stopped."""

    REQUESTED = "requested", _("Requested")
    ACTIVE = "active", _("Active")
    ERROR = "error", _("Stopped after failed deliveries")
    OFF = "off", _("Stopped")


class DeliveryStatus(models.TextChoices):
    """Where one notification of a subscription stands."""

    PENDING = "pending", _("Being sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Not delivered")
