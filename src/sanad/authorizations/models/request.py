"""A facility's request for prior authorization (demande de prise en charge, seeds 002 and 004)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.statuses import Admission, Channel, RequestStatus
from sanad.providers.models import Facility
from sanad.registry.models import Dependant, Member


def beneficiary_key(member_id: int, dependant_id: int | None) -> str:
    """The person who receives the care, as the claims name them on their lines: `M<id>` for a member,
    `D<id>` for a dependant (so that claims find the person's authorizations with one index)."""
    return f"M{member_id}" if dependant_id is None else f"D{dependant_id}"


class AuthorizationRequest(models.Model):
    """One request: who (the member, or one of their dependants), where, which type and admission, the
    values of the type's form, its checklist, its clock and its current decision."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="authorization_requests")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    dependant = models.ForeignKey(
        Dependant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beneficiary = models.CharField(_("beneficiary"), max_length=24)
    request_type = models.CharField(_("type of request"), max_length=32)
    admission = models.CharField(_("admission"), max_length=24, choices=Admission.choices)
    # The form's values as the type defines them: text, ISO dates, decimals written as strings.
    values = models.JSONField(_("form"), default=dict)
    diagnosis = models.CharField(_("diagnosis (ICD-10)"), max_length=10, blank=True)
    body_surface_area = models.DecimalField(
        _("body surface area (m²)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    emergency = models.BooleanField(_("emergency regularisation"), default=False)
    act_date = models.DateField(_("date of the care"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=RequestStatus.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.FACILITY)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    # The clock: started when the request is complete; no due time while a request for information waits.
    received_at = models.DateTimeField(_("received complete at"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due at"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock stopped at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("first answer at"), null=True, blank=True)
    # The checklist when last checked: [{"code", "source"}], source "upload", "register" or "" (missing).
    checklist = models.JSONField(_("checklist"), default=list)
    decision = models.ForeignKey(
        "authorizations.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The batch it was handed in with, when the facility grouped its requests (seed 002).
    batch = models.ForeignKey(
        "authorizations.RequestBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("batch"),
    )
    # Posts from other systems name themselves: a repeat returns the first request and writes nothing.
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prior authorization request")
        verbose_name_plural = _("prior authorization requests")
        ordering = ["-id"]
        indexes = [
            # The adviser's queue, by due time.
            models.Index(fields=["status", "due_at"], name="auth_request_queue_idx"),
            # A facility's list, newest first.
            models.Index(fields=["facility", "-id"], name="auth_request_facility_idx"),
            # A person's earlier requests; the claims' look-up of what they may consume.
            models.Index(fields=["beneficiary", "request_type"], name="auth_request_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="auth_request_idempotency",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"

    @property
    def missing(self) -> list[str]:
        """The codes of the checklist still missing."""
        return [item["code"] for item in self.checklist if not item.get("source")]
